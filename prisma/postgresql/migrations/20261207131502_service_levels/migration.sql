-- CreateTable
CREATE TABLE "ServiceLevelSetting" (
    "id" TEXT NOT NULL,
    "regionId" TEXT NOT NULL,
    "levels" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "ServiceLevelSetting_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ServiceLevelSetting_regionId_key" ON "ServiceLevelSetting"("regionId");

-- AddForeignKey
ALTER TABLE "ServiceLevelSetting" ADD CONSTRAINT "ServiceLevelSetting_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE CASCADE ON UPDATE CASCADE;

