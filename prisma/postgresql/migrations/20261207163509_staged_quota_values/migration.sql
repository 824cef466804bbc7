-- AlterTable
ALTER TABLE "PolicyDocument" ADD COLUMN     "textHash" TEXT;

-- AlterTable
ALTER TABLE "Quota" ADD COLUMN     "members" TEXT,
ADD COLUMN     "sources" TEXT NOT NULL DEFAULT '[]';

-- CreateTable
CREATE TABLE "QuotaYearValue" (
    "id" TEXT NOT NULL,
    "quotaId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "valueMax" DOUBLE PRECISION,
    "normalizedValue" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "QuotaYearValue_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "QuotaYearValue_quotaId_year_key" ON "QuotaYearValue"("quotaId", "year");

-- CreateIndex
CREATE INDEX "PolicyDocument_textHash_idx" ON "PolicyDocument"("textHash");

-- AddForeignKey
ALTER TABLE "QuotaYearValue" ADD CONSTRAINT "QuotaYearValue_quotaId_fkey" FOREIGN KEY ("quotaId") REFERENCES "Quota"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written (ADR 0036, ADR 0042): quota progress reads the staged values, so writes to them bump the revision.
CREATE TRIGGER "QuotaYearValue_quota_input" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "QuotaYearValue" FOR EACH STATEMENT EXECUTE FUNCTION "bump_quota_input_revision"();
