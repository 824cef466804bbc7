-- CreateTable
CREATE TABLE "IssuedReport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "month" INTEGER,
    "quarter" INTEGER,
    "periodKey" TEXT NOT NULL,
    "periodStart" TEXT NOT NULL,
    "periodEnd" TEXT NOT NULL,
    "issuedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "issuedById" TEXT NOT NULL,
    "snapshot" TEXT NOT NULL,
    "xlsxZh" BLOB NOT NULL,
    "xlsxZhSha256" TEXT NOT NULL,
    "xlsxEn" BLOB NOT NULL,
    "xlsxEnSha256" TEXT NOT NULL,
    CONSTRAINT "IssuedReport_issuedById_fkey" FOREIGN KEY ("issuedById") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PeriodAdjustment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT,
    "projectTitle" TEXT NOT NULL,
    "changes" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PeriodAdjustment_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "PeriodAdjustment_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "_IssuedReportToPeriodAdjustment" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL,
    CONSTRAINT "_IssuedReportToPeriodAdjustment_A_fkey" FOREIGN KEY ("A") REFERENCES "IssuedReport" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "_IssuedReportToPeriodAdjustment_B_fkey" FOREIGN KEY ("B") REFERENCES "PeriodAdjustment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "IssuedReport_periodKey_key" ON "IssuedReport"("periodKey");

-- CreateIndex
CREATE INDEX "PeriodAdjustment_at_idx" ON "PeriodAdjustment"("at");

-- CreateIndex
CREATE INDEX "PeriodAdjustment_projectId_idx" ON "PeriodAdjustment"("projectId");

-- CreateIndex
CREATE UNIQUE INDEX "_IssuedReportToPeriodAdjustment_AB_unique" ON "_IssuedReportToPeriodAdjustment"("A", "B");

-- CreateIndex
CREATE INDEX "_IssuedReportToPeriodAdjustment_B_index" ON "_IssuedReportToPeriodAdjustment"("B");

