-- CreateTable
CREATE TABLE "QuotaInputRevision" (
    "id" INTEGER NOT NULL,
    "value" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "QuotaInputRevision_pkey" PRIMARY KEY ("id")
);


-- Hand-written (ADR 0036): every write to a table the quota figures are counted from bumps the one
-- revision row, so a figure cached in any process is known to be current by reading one number. The
-- tables (and the names of users, which manual entries show) are listed with the tables left out in
-- tests/integration/quota-progress-cache.test.ts. Statement triggers: one bump per statement, however
-- many rows it writes. The row lock adds no wait, as every write already holds the advisory write
-- lock (ADR 0023).
INSERT INTO "QuotaInputRevision" ("id", "value") VALUES (1, 0);

CREATE FUNCTION "bump_quota_input_revision"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id" = 1;
    RETURN NULL;
END
$$;
CREATE TRIGGER "Region_quota_input" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Region" FOR EACH STATEMENT EXECUTE FUNCTION "bump_quota_input_revision"();
CREATE TRIGGER "Unit_quota_input" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Unit" FOR EACH STATEMENT EXECUTE FUNCTION "bump_quota_input_revision"();
CREATE TRIGGER "Chain_quota_input" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Chain" FOR EACH STATEMENT EXECUTE FUNCTION "bump_quota_input_revision"();
CREATE TRIGGER "ChainLink_quota_input" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ChainLink" FOR EACH STATEMENT EXECUTE FUNCTION "bump_quota_input_revision"();
CREATE TRIGGER "Company_quota_input" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Company" FOR EACH STATEMENT EXECUTE FUNCTION "bump_quota_input_revision"();
CREATE TRIGGER "CompanyTag_quota_input" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "CompanyTag" FOR EACH STATEMENT EXECUTE FUNCTION "bump_quota_input_revision"();
CREATE TRIGGER "CompanyLink_quota_input" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "CompanyLink" FOR EACH STATEMENT EXECUTE FUNCTION "bump_quota_input_revision"();
CREATE TRIGGER "Project_quota_input" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Project" FOR EACH STATEMENT EXECUTE FUNCTION "bump_quota_input_revision"();
CREATE TRIGGER "ProjectLink_quota_input" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ProjectLink" FOR EACH STATEMENT EXECUTE FUNCTION "bump_quota_input_revision"();
CREATE TRIGGER "StageEvidence_quota_input" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "StageEvidence" FOR EACH STATEMENT EXECUTE FUNCTION "bump_quota_input_revision"();
CREATE TRIGGER "Quota_quota_input" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Quota" FOR EACH STATEMENT EXECUTE FUNCTION "bump_quota_input_revision"();
CREATE TRIGGER "QuotaUnit_quota_input" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "QuotaUnit" FOR EACH STATEMENT EXECUTE FUNCTION "bump_quota_input_revision"();
CREATE TRIGGER "QuotaManualEntry_quota_input" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "QuotaManualEntry" FOR EACH STATEMENT EXECUTE FUNCTION "bump_quota_input_revision"();
CREATE TRIGGER "User_quota_input" AFTER UPDATE OF "name" ON "User" FOR EACH STATEMENT EXECUTE FUNCTION "bump_quota_input_revision"();
