-- AlterTable
ALTER TABLE "Project" ADD COLUMN "commitLandMu" REAL;
ALTER TABLE "Project" ADD COLUMN "commitOutputCNY" BIGINT;
ALTER TABLE "Project" ADD COLUMN "commitProduceBy" DATETIME;
ALTER TABLE "Project" ADD COLUMN "commitStartBy" DATETIME;
ALTER TABLE "Project" ADD COLUMN "commitTaxCNY" BIGINT;

-- CreateTable
CREATE TABLE "CalendarFeed" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastReadAt" DATETIME,
    CONSTRAINT "CalendarFeed_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "CalendarFeed_userId_key" ON "CalendarFeed"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "CalendarFeed_tokenHash_key" ON "CalendarFeed"("tokenHash");

-- CreateIndex
CREATE INDEX "Project_commitStartBy_idx" ON "Project"("commitStartBy");

-- CreateIndex
CREATE INDEX "Project_commitProduceBy_idx" ON "Project"("commitProduceBy");

