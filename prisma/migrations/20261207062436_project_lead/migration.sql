-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
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
    CONSTRAINT "Project_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Project_responsibleUnitId_fkey" FOREIGN KEY ("responsibleUnitId") REFERENCES "Unit" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Project_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Project_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Project_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Project" ("companyId", "createdAt", "id", "incrementCNY", "investmentCNY", "isClusterLeading", "isSample", "negotiatingDate", "notes", "ownerId", "producingDate", "regionId", "responsibleUnitId", "signedDate", "source", "stage", "startedDate", "terminatedDate", "title", "titleSortKey", "type", "updatedAt", "version") SELECT "companyId", "createdAt", "id", "incrementCNY", "investmentCNY", "isClusterLeading", "isSample", "negotiatingDate", "notes", "ownerId", "producingDate", "regionId", "responsibleUnitId", "signedDate", "source", "stage", "startedDate", "terminatedDate", "title", "titleSortKey", "type", "updatedAt", "version" FROM "Project";
DROP TABLE "Project";
ALTER TABLE "new_Project" RENAME TO "Project";
CREATE INDEX "Project_signedDate_idx" ON "Project"("signedDate");
CREATE INDEX "Project_stage_idx" ON "Project"("stage");
CREATE INDEX "Project_companyId_idx" ON "Project"("companyId");
CREATE INDEX "Project_ownerId_idx" ON "Project"("ownerId");
CREATE INDEX "Project_titleSortKey_id_idx" ON "Project"("titleSortKey", "id");
CREATE INDEX "Project_regionId_stage_idx" ON "Project"("regionId", "stage");
CREATE INDEX "Project_leadId_idx" ON "Project"("leadId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- Projects converted from a lead before the column existed: the conversion's audit row names the lead as fromLeadId
UPDATE "Project" SET "leadId" = (
    SELECT l."id" FROM "AuditLog" a
    JOIN "Lead" l ON l."id" = substr(substr(a."after", instr(a."after", '"fromLeadId":"') + 14), 1, instr(substr(a."after", instr(a."after", '"fromLeadId":"') + 14), '"') - 1)
    WHERE a."entity" = 'Project' AND a."entityId" = "Project"."id" AND a."action" = 'create' AND instr(a."after", '"fromLeadId":"') > 0
    LIMIT 1
);
