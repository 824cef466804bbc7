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
    "plannedLinkId" TEXT,
    "plannedOutput" REAL,
    "plannedFromYear" INTEGER,
    CONSTRAINT "Lead_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Lead_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Lead_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Lead_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Lead_plannedLinkId_fkey" FOREIGN KEY ("plannedLinkId") REFERENCES "ChainLink" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Lead" ("companyId", "createdAt", "id", "isSample", "nextActionDate", "notes", "ownerId", "priority", "regionId", "source", "stage", "unitId", "updatedAt", "version") SELECT "companyId", "createdAt", "id", "isSample", "nextActionDate", "notes", "ownerId", "priority", "regionId", "source", "stage", "unitId", "updatedAt", "version" FROM "Lead";
DROP TABLE "Lead";
ALTER TABLE "new_Lead" RENAME TO "Lead";
CREATE INDEX "Lead_ownerId_stage_idx" ON "Lead"("ownerId", "stage");
CREATE INDEX "Lead_companyId_idx" ON "Lead"("companyId");
CREATE INDEX "Lead_regionId_stage_idx" ON "Lead"("regionId", "stage");
CREATE INDEX "Lead_plannedLinkId_idx" ON "Lead"("plannedLinkId");
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
    "leadId" TEXT,
    "ownerId" TEXT,
    "isClusterLeading" BOOLEAN NOT NULL DEFAULT false,
    "notes" TEXT,
    "source" TEXT,
    "isSample" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "titleSortKey" TEXT NOT NULL DEFAULT '',
    "commitStartBy" DATETIME,
    "commitProduceBy" DATETIME,
    "commitLandMu" REAL,
    "commitOutputCNY" BIGINT,
    "commitTaxCNY" BIGINT,
    "plannedLinkId" TEXT,
    "plannedOutput" REAL,
    "plannedFromYear" INTEGER,
    CONSTRAINT "Project_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Project_responsibleUnitId_fkey" FOREIGN KEY ("responsibleUnitId") REFERENCES "Unit" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Project_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Project_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Project_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Project_plannedLinkId_fkey" FOREIGN KEY ("plannedLinkId") REFERENCES "ChainLink" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Project" ("companyId", "createdAt", "id", "incrementCNY", "investmentCNY", "isClusterLeading", "isSample", "leadId", "negotiatingDate", "notes", "ownerId", "producingDate", "regionId", "responsibleUnitId", "signedDate", "source", "stage", "startedDate", "terminatedDate", "title", "titleSortKey", "type", "updatedAt", "version", "commitStartBy", "commitProduceBy", "commitLandMu", "commitOutputCNY", "commitTaxCNY") SELECT "companyId", "createdAt", "id", "incrementCNY", "investmentCNY", "isClusterLeading", "isSample", "leadId", "negotiatingDate", "notes", "ownerId", "producingDate", "regionId", "responsibleUnitId", "signedDate", "source", "stage", "startedDate", "terminatedDate", "title", "titleSortKey", "type", "updatedAt", "version", "commitStartBy", "commitProduceBy", "commitLandMu", "commitOutputCNY", "commitTaxCNY" FROM "Project";
DROP TABLE "Project";
ALTER TABLE "new_Project" RENAME TO "Project";
CREATE INDEX "Project_signedDate_idx" ON "Project"("signedDate");
CREATE INDEX "Project_stage_idx" ON "Project"("stage");
CREATE INDEX "Project_companyId_idx" ON "Project"("companyId");
CREATE INDEX "Project_ownerId_idx" ON "Project"("ownerId");
CREATE INDEX "Project_titleSortKey_id_idx" ON "Project"("titleSortKey", "id");
CREATE INDEX "Project_regionId_stage_idx" ON "Project"("regionId", "stage");
CREATE INDEX "Project_leadId_idx" ON "Project"("leadId");
CREATE INDEX "Project_commitStartBy_idx" ON "Project"("commitStartBy");
CREATE INDEX "Project_commitProduceBy_idx" ON "Project"("commitProduceBy");
CREATE INDEX "Project_plannedLinkId_idx" ON "Project"("plannedLinkId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

