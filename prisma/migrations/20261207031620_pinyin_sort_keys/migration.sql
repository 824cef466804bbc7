-- 拼音 sort keys (ADR 0027). Columns added in place, not by redefining the tables: the company
-- search index's triggers on "Company" (ADR 0018) must stay. SQL cannot read 拼音: the keys are
-- written by the app, and the server fills these empty ones at its next start.
ALTER TABLE "Company" ADD COLUMN "nameSortKey" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Project" ADD COLUMN "titleSortKey" TEXT NOT NULL DEFAULT '';
ALTER TABLE "CompanySearchEntry" ADD COLUMN "sortKey" TEXT NOT NULL DEFAULT '';
CREATE INDEX "Company_nameSortKey_id_idx" ON "Company"("nameSortKey", "id");
CREATE INDEX "Project_titleSortKey_id_idx" ON "Project"("titleSortKey", "id");
