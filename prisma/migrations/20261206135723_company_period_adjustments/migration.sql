-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_PeriodAdjustment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT,
    "projectTitle" TEXT,
    "companyId" TEXT,
    "companyName" TEXT,
    "changes" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PeriodAdjustment_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "PeriodAdjustment_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "PeriodAdjustment_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_PeriodAdjustment" ("at", "changes", "id", "projectId", "projectTitle", "reason", "userId") SELECT "at", "changes", "id", "projectId", "projectTitle", "reason", "userId" FROM "PeriodAdjustment";
DROP TABLE "PeriodAdjustment";
ALTER TABLE "new_PeriodAdjustment" RENAME TO "PeriodAdjustment";
CREATE INDEX "PeriodAdjustment_at_idx" ON "PeriodAdjustment"("at");
CREATE INDEX "PeriodAdjustment_projectId_idx" ON "PeriodAdjustment"("projectId");
CREATE INDEX "PeriodAdjustment_companyId_idx" ON "PeriodAdjustment"("companyId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

