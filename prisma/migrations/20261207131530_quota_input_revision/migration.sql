-- CreateTable
CREATE TABLE "QuotaInputRevision" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "value" BIGINT NOT NULL DEFAULT 0
);


-- Hand-written (ADR 0036): every write to a table the quota figures are counted from bumps the one
-- revision row, so a figure cached in any process is known to be current by reading one number. The
-- tables (and the names of users, which manual entries show) are listed with the tables left out in
-- tests/integration/quota-progress-cache.test.ts. Row triggers: SQLite has no statement triggers, and
-- its writers take turns anyway.
INSERT INTO "QuotaInputRevision" ("id", "value") VALUES (1, 0);
CREATE TRIGGER "Region_quota_input_insert" AFTER INSERT ON "Region" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Region_quota_input_update" AFTER UPDATE ON "Region" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Region_quota_input_delete" AFTER DELETE ON "Region" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Unit_quota_input_insert" AFTER INSERT ON "Unit" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Unit_quota_input_update" AFTER UPDATE ON "Unit" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Unit_quota_input_delete" AFTER DELETE ON "Unit" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Chain_quota_input_insert" AFTER INSERT ON "Chain" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Chain_quota_input_update" AFTER UPDATE ON "Chain" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Chain_quota_input_delete" AFTER DELETE ON "Chain" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "ChainLink_quota_input_insert" AFTER INSERT ON "ChainLink" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "ChainLink_quota_input_update" AFTER UPDATE ON "ChainLink" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "ChainLink_quota_input_delete" AFTER DELETE ON "ChainLink" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Company_quota_input_insert" AFTER INSERT ON "Company" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Company_quota_input_update" AFTER UPDATE ON "Company" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Company_quota_input_delete" AFTER DELETE ON "Company" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "CompanyTag_quota_input_insert" AFTER INSERT ON "CompanyTag" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "CompanyTag_quota_input_update" AFTER UPDATE ON "CompanyTag" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "CompanyTag_quota_input_delete" AFTER DELETE ON "CompanyTag" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "CompanyLink_quota_input_insert" AFTER INSERT ON "CompanyLink" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "CompanyLink_quota_input_update" AFTER UPDATE ON "CompanyLink" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "CompanyLink_quota_input_delete" AFTER DELETE ON "CompanyLink" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Project_quota_input_insert" AFTER INSERT ON "Project" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Project_quota_input_update" AFTER UPDATE ON "Project" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Project_quota_input_delete" AFTER DELETE ON "Project" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "ProjectLink_quota_input_insert" AFTER INSERT ON "ProjectLink" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "ProjectLink_quota_input_update" AFTER UPDATE ON "ProjectLink" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "ProjectLink_quota_input_delete" AFTER DELETE ON "ProjectLink" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "StageEvidence_quota_input_insert" AFTER INSERT ON "StageEvidence" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "StageEvidence_quota_input_update" AFTER UPDATE ON "StageEvidence" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "StageEvidence_quota_input_delete" AFTER DELETE ON "StageEvidence" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Quota_quota_input_insert" AFTER INSERT ON "Quota" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Quota_quota_input_update" AFTER UPDATE ON "Quota" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Quota_quota_input_delete" AFTER DELETE ON "Quota" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "QuotaUnit_quota_input_insert" AFTER INSERT ON "QuotaUnit" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "QuotaUnit_quota_input_update" AFTER UPDATE ON "QuotaUnit" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "QuotaUnit_quota_input_delete" AFTER DELETE ON "QuotaUnit" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "QuotaManualEntry_quota_input_insert" AFTER INSERT ON "QuotaManualEntry" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "QuotaManualEntry_quota_input_update" AFTER UPDATE ON "QuotaManualEntry" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "QuotaManualEntry_quota_input_delete" AFTER DELETE ON "QuotaManualEntry" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "User_quota_input_update" AFTER UPDATE OF "name" ON "User" BEGIN UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1; END;
