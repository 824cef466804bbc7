-- AlterTable
ALTER TABLE "PolicyDocument" ADD COLUMN "textHash" TEXT;

-- CreateTable
CREATE TABLE "QuotaYearValue" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "quotaId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "value" REAL NOT NULL,
    "valueMax" REAL,
    "normalizedValue" REAL NOT NULL,
    CONSTRAINT "QuotaYearValue_quotaId_fkey" FOREIGN KEY ("quotaId") REFERENCES "Quota" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- AlterTable
-- Hand-written: columns added in place rather than by rebuilding Quota, which would drop its
-- QuotaInputRevision triggers (ADR 0036).
ALTER TABLE "Quota" ADD COLUMN "sources" TEXT NOT NULL DEFAULT '[]';
ALTER TABLE "Quota" ADD COLUMN "members" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "QuotaYearValue_quotaId_year_key" ON "QuotaYearValue"("quotaId", "year");

-- CreateIndex
CREATE INDEX "PolicyDocument_textHash_idx" ON "PolicyDocument"("textHash");


-- Hand-written (ADR 0036, ADR 0042): quota progress reads the staged values, so writes to them bump the revision.
CREATE TRIGGER "QuotaYearValue_quota_input_insert" AFTER INSERT ON "QuotaYearValue" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "QuotaYearValue_quota_input_update" AFTER UPDATE ON "QuotaYearValue" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "QuotaYearValue_quota_input_delete" AFTER DELETE ON "QuotaYearValue" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
