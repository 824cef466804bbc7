-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_IssuedReport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "month" INTEGER,
    "quarter" INTEGER,
    "periodKey" TEXT NOT NULL,
    "regionId" TEXT,
    "regionKey" TEXT NOT NULL DEFAULT '',
    "periodStart" TEXT NOT NULL,
    "periodEnd" TEXT NOT NULL,
    "issuedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "issuedById" TEXT NOT NULL,
    "snapshot" TEXT NOT NULL,
    "xlsxZh" BLOB NOT NULL,
    "xlsxZhSha256" TEXT NOT NULL,
    "xlsxEn" BLOB NOT NULL,
    "xlsxEnSha256" TEXT NOT NULL,
    CONSTRAINT "IssuedReport_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "IssuedReport_issuedById_fkey" FOREIGN KEY ("issuedById") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_IssuedReport" ("id", "issuedAt", "issuedById", "kind", "month", "periodEnd", "periodKey", "periodStart", "quarter", "snapshot", "xlsxEn", "xlsxEnSha256", "xlsxZh", "xlsxZhSha256", "year") SELECT "id", "issuedAt", "issuedById", "kind", "month", "periodEnd", "periodKey", "periodStart", "quarter", "snapshot", "xlsxEn", "xlsxEnSha256", "xlsxZh", "xlsxZhSha256", "year" FROM "IssuedReport";
DROP TABLE "IssuedReport";
ALTER TABLE "new_IssuedReport" RENAME TO "IssuedReport";
CREATE UNIQUE INDEX "IssuedReport_periodKey_regionKey_key" ON "IssuedReport"("periodKey", "regionKey");
CREATE TABLE "new_Quota" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "documentId" TEXT,
    "section" TEXT,
    "excerpt" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "op" TEXT NOT NULL,
    "value" REAL NOT NULL,
    "valueMax" REAL,
    "unit" TEXT NOT NULL,
    "normalizedValue" REAL,
    "normalizedUnit" TEXT,
    "period" TEXT NOT NULL,
    "startYear" INTEGER,
    "endYear" INTEGER,
    "filters" TEXT NOT NULL DEFAULT '{}',
    "regionId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "Quota_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "PolicyDocument" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Quota_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Quota" ("createdAt", "documentId", "endYear", "excerpt", "filters", "id", "kind", "metric", "normalizedUnit", "normalizedValue", "op", "period", "section", "startYear", "unit", "updatedAt", "value", "valueMax", "version") SELECT "createdAt", "documentId", "endYear", "excerpt", "filters", "id", "kind", "metric", "normalizedUnit", "normalizedValue", "op", "period", "section", "startYear", "unit", "updatedAt", "value", "valueMax", "version" FROM "Quota";
DROP TABLE "Quota";
ALTER TABLE "new_Quota" RENAME TO "Quota";
CREATE INDEX "Quota_regionId_idx" ON "Quota"("regionId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- Backfill (ADR 0029). Before this migration every quota and issued report was everyone's, as the home
-- region's are now: each gets the installation's home region (the deepest region that holds the region
-- of every unit, else the only region without a parent, else none), the region the region-hierarchy
-- migration gave every user. Without a home region nothing changes.
CREATE TEMPORARY TABLE "_home_region" AS SELECT COALESCE(
	(WITH RECURSIVE "up"("base", "id", "depth") AS (
		SELECT DISTINCT "regionId", "regionId", 0 FROM "Unit" WHERE "regionId" IS NOT NULL
		UNION ALL
		SELECT "up"."base", "r"."parentId", "up"."depth" + 1 FROM "up" JOIN "Region" "r" ON "r"."id" = "up"."id"
		WHERE "r"."parentId" IS NOT NULL AND "up"."depth" < 32
	)
	SELECT "id" FROM "up" GROUP BY "id"
	HAVING COUNT(DISTINCT "base") = (SELECT COUNT(DISTINCT "regionId") FROM "Unit")
	ORDER BY MIN("depth"), "id" LIMIT 1),
	(SELECT MIN("id") FROM "Region" WHERE "parentId" IS NULL HAVING COUNT(*) = 1)
) AS "id";

UPDATE "Quota" SET "regionId" = (SELECT "id" FROM "_home_region") WHERE "regionId" IS NULL;

UPDATE "IssuedReport" SET "regionId" = (SELECT "id" FROM "_home_region"), "regionKey" = COALESCE((SELECT "id" FROM "_home_region"), '')
WHERE "regionId" IS NULL;

DROP TABLE "_home_region";
