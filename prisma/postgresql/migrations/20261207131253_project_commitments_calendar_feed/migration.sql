-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "commitLandMu" DOUBLE PRECISION,
ADD COLUMN     "commitOutputCNY" BIGINT,
ADD COLUMN     "commitProduceBy" TIMESTAMP(3),
ADD COLUMN     "commitStartBy" TIMESTAMP(3),
ADD COLUMN     "commitTaxCNY" BIGINT;

-- CreateTable
CREATE TABLE "CalendarFeed" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastReadAt" TIMESTAMP(3),

    CONSTRAINT "CalendarFeed_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CalendarFeed_userId_key" ON "CalendarFeed"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "CalendarFeed_tokenHash_key" ON "CalendarFeed"("tokenHash");

-- CreateIndex
CREATE INDEX "Project_commitStartBy_idx" ON "Project"("commitStartBy");

-- CreateIndex
CREATE INDEX "Project_commitProduceBy_idx" ON "Project"("commitProduceBy");

-- AddForeignKey
ALTER TABLE "CalendarFeed" ADD CONSTRAINT "CalendarFeed_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

