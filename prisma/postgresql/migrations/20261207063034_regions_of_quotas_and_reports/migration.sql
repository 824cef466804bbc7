-- DropIndex
DROP INDEX "IssuedReport_periodKey_key";

-- AlterTable
ALTER TABLE "IssuedReport" ADD COLUMN     "regionId" TEXT,
ADD COLUMN     "regionKey" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "Quota" ADD COLUMN     "regionId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "IssuedReport_periodKey_regionKey_key" ON "IssuedReport"("periodKey", "regionKey");

-- CreateIndex
CREATE INDEX "Quota_regionId_idx" ON "Quota"("regionId");

-- AddForeignKey
ALTER TABLE "Quota" ADD CONSTRAINT "Quota_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IssuedReport" ADD CONSTRAINT "IssuedReport_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE SET NULL ON UPDATE CASCADE;


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
