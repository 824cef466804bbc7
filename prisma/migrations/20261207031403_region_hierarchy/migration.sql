-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Lead" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "companyId" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "unitId" TEXT,
    "regionId" TEXT,
    "stage" TEXT NOT NULL DEFAULT 'new',
    "priority" TEXT NOT NULL DEFAULT 'medium',
    "source" TEXT NOT NULL,
    "nextActionDate" DATETIME,
    "notes" TEXT,
    "isSample" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "Lead_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Lead_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Lead_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Lead_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Lead" ("companyId", "createdAt", "id", "isSample", "nextActionDate", "notes", "ownerId", "priority", "source", "stage", "unitId", "updatedAt", "version") SELECT "companyId", "createdAt", "id", "isSample", "nextActionDate", "notes", "ownerId", "priority", "source", "stage", "unitId", "updatedAt", "version" FROM "Lead";
DROP TABLE "Lead";
ALTER TABLE "new_Lead" RENAME TO "Lead";
CREATE INDEX "Lead_ownerId_stage_idx" ON "Lead"("ownerId", "stage");
CREATE INDEX "Lead_companyId_idx" ON "Lead"("companyId");
CREATE INDEX "Lead_regionId_stage_idx" ON "Lead"("regionId", "stage");
CREATE TABLE "new_Project" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "investmentCNY" BIGINT NOT NULL,
    "incrementCNY" BIGINT,
    "stage" TEXT NOT NULL,
    "negotiatingDate" DATETIME,
    "signedDate" DATETIME,
    "startedDate" DATETIME,
    "producingDate" DATETIME,
    "terminatedDate" DATETIME,
    "responsibleUnitId" TEXT,
    "regionId" TEXT,
    "ownerId" TEXT,
    "isClusterLeading" BOOLEAN NOT NULL DEFAULT false,
    "notes" TEXT,
    "source" TEXT,
    "isSample" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "Project_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Project_responsibleUnitId_fkey" FOREIGN KEY ("responsibleUnitId") REFERENCES "Unit" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Project_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Project_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Project" ("companyId", "createdAt", "id", "incrementCNY", "investmentCNY", "isClusterLeading", "isSample", "negotiatingDate", "notes", "ownerId", "producingDate", "responsibleUnitId", "signedDate", "source", "stage", "startedDate", "terminatedDate", "title", "type", "updatedAt", "version") SELECT "companyId", "createdAt", "id", "incrementCNY", "investmentCNY", "isClusterLeading", "isSample", "negotiatingDate", "notes", "ownerId", "producingDate", "responsibleUnitId", "signedDate", "source", "stage", "startedDate", "terminatedDate", "title", "type", "updatedAt", "version" FROM "Project";
DROP TABLE "Project";
ALTER TABLE "new_Project" RENAME TO "Project";
CREATE INDEX "Project_signedDate_idx" ON "Project"("signedDate");
CREATE INDEX "Project_stage_idx" ON "Project"("stage");
CREATE INDEX "Project_companyId_idx" ON "Project"("companyId");
CREATE INDEX "Project_ownerId_idx" ON "Project"("ownerId");
CREATE INDEX "Project_regionId_stage_idx" ON "Project"("regionId", "stage");
CREATE TABLE "new_User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "username" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "unitId" TEXT,
    "regionId" TEXT,
    "disabledAt" DATETIME,
    "mustChangePassword" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "User_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "User_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_User" ("createdAt", "disabledAt", "id", "mustChangePassword", "name", "role", "unitId", "updatedAt", "username") SELECT "createdAt", "disabledAt", "id", "mustChangePassword", "name", "role", "unitId", "updatedAt", "username" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Region_parentId_idx" ON "Region"("parentId");


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
