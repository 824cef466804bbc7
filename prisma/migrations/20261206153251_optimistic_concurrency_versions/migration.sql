-- Optimistic concurrency (ADR 0015). SQLite adds a NOT NULL column with a constant default in place,
-- without copying the table: fast on a large register, and every existing row starts at version 1.
ALTER TABLE "ChainEdge" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "ChainLink" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "Company" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "CompanyLink" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "Lead" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "Project" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "Quota" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "QuotaUnit" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
