-- 拼音 sort keys (ADR 0027): written by the app, the server fills these empty ones at its next start.
-- AlterTable
ALTER TABLE "Company" ADD COLUMN     "nameSortKey" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "CompanySearchEntry" ADD COLUMN     "sortKey" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "titleSortKey" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "Company_nameSortKey_id_idx" ON "Company"("nameSortKey", "id");

-- CreateIndex
CREATE INDEX "Project_titleSortKey_id_idx" ON "Project"("titleSortKey", "id");

