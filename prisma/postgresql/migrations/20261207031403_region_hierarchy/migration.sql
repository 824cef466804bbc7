-- AlterTable
ALTER TABLE "Lead" ADD COLUMN     "regionId" TEXT;

-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "regionId" TEXT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "regionId" TEXT;

-- CreateIndex
CREATE INDEX "Lead_regionId_stage_idx" ON "Lead"("regionId", "stage");

-- CreateIndex
CREATE INDEX "Project_regionId_stage_idx" ON "Project"("regionId", "stage");

-- CreateIndex
CREATE INDEX "Region_parentId_idx" ON "Region"("parentId");

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Lead" ADD CONSTRAINT "Lead_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Project" ADD CONSTRAINT "Project_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- Backfill (ADR 0026). The installation's home region is the deepest region that holds the region
-- of every unit, else the only region without a parent, else none. Every user gets the home region
-- (before this migration everyone saw everything, and a user of a park unit still must), every lead
-- and project its unit's region, else the home region. Without a home region nothing changes.
UPDATE "User" SET "regionId" = (
	SELECT COALESCE(
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
	)
) WHERE "regionId" IS NULL;

UPDATE "Lead" SET "regionId" = COALESCE(
	(SELECT "u"."regionId" FROM "Unit" "u" WHERE "u"."id" = "Lead"."unitId"),
	(SELECT "o"."regionId" FROM "User" "o" WHERE "o"."id" = "Lead"."ownerId")
) WHERE "regionId" IS NULL;

UPDATE "Project" SET "regionId" = COALESCE(
	(SELECT "u"."regionId" FROM "Unit" "u" WHERE "u"."id" = "Project"."responsibleUnitId"),
	(SELECT "o"."regionId" FROM "User" "o" WHERE "o"."id" = "Project"."ownerId"),
	(SELECT MIN("regionId") FROM "User" HAVING COUNT(DISTINCT "regionId") = 1 AND COUNT(*) = COUNT("regionId"))
) WHERE "regionId" IS NULL;
