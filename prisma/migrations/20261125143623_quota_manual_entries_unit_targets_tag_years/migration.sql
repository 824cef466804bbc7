-- AlterTable
ALTER TABLE "CompanyTag" ADD COLUMN "grantedYear" INTEGER;

-- AlterTable
ALTER TABLE "QuotaUnit" ADD COLUMN "target" REAL;

-- CreateTable
CREATE TABLE "QuotaManualEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "quotaId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "value" REAL NOT NULL,
    "evidence" TEXT NOT NULL,
    "date" DATETIME NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "QuotaManualEntry_quotaId_fkey" FOREIGN KEY ("quotaId") REFERENCES "Quota" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "QuotaManualEntry_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "QuotaManualEntry_quotaId_year_idx" ON "QuotaManualEntry"("quotaId", "year");

