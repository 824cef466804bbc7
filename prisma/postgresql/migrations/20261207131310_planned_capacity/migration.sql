-- AlterTable
ALTER TABLE "Lead" ADD COLUMN     "plannedFromYear" INTEGER,
ADD COLUMN     "plannedLinkId" TEXT,
ADD COLUMN     "plannedOutput" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "plannedFromYear" INTEGER,
ADD COLUMN     "plannedLinkId" TEXT,
ADD COLUMN     "plannedOutput" DOUBLE PRECISION;

-- CreateIndex
CREATE INDEX "Lead_plannedLinkId_idx" ON "Lead"("plannedLinkId");

-- CreateIndex
CREATE INDEX "Project_plannedLinkId_idx" ON "Project"("plannedLinkId");

-- AddForeignKey
ALTER TABLE "Lead" ADD CONSTRAINT "Lead_plannedLinkId_fkey" FOREIGN KEY ("plannedLinkId") REFERENCES "ChainLink"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Project" ADD CONSTRAINT "Project_plannedLinkId_fkey" FOREIGN KEY ("plannedLinkId") REFERENCES "ChainLink"("id") ON DELETE SET NULL ON UPDATE CASCADE;

