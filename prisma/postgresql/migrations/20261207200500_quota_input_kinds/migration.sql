-- Hand-written (ADR 0043): the revision of ADR 0036 split by what the figures are counted from, so a write
-- recounts only the quotas that read it. Row 1 still moves on every counted write (a whole answer is reused
-- only while it stands still). Row 2: the projects quotas (Project, ProjectLink, StageEvidence, and a
-- company's name, which their lists show). Row 3: the register's quotas, companies with a tag and sums
-- (Company, CompanyTag, CompanyLink). Row 4: the manual quotas (QuotaManualEntry, and a user's name, which
-- their entries show). The tables every quota reads (Region, Unit, Chain, ChainLink, Quota, QuotaUnit,
-- QuotaYearValue) move all four. The kinds are app/models/quota-progress.server.ts's INPUT_KINDS.
-- Statement triggers as before; the kinds a table moves are the trigger's arguments.
INSERT INTO "QuotaInputRevision" ("id", "value") VALUES (2, 0), (3, 0), (4, 0);

CREATE OR REPLACE FUNCTION "bump_quota_input_revision"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "QuotaInputRevision" SET "value" = "value" + 1 WHERE "id"::text = ANY (TG_ARGV);
    RETURN NULL;
END
$$;
DROP TRIGGER "Region_quota_input" ON "Region";
CREATE TRIGGER "Region_quota_input" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Region" FOR EACH STATEMENT EXECUTE FUNCTION "bump_quota_input_revision"('1', '2', '3', '4');
DROP TRIGGER "Unit_quota_input" ON "Unit";
CREATE TRIGGER "Unit_quota_input" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Unit" FOR EACH STATEMENT EXECUTE FUNCTION "bump_quota_input_revision"('1', '2', '3', '4');
DROP TRIGGER "Chain_quota_input" ON "Chain";
CREATE TRIGGER "Chain_quota_input" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Chain" FOR EACH STATEMENT EXECUTE FUNCTION "bump_quota_input_revision"('1', '2', '3', '4');
DROP TRIGGER "ChainLink_quota_input" ON "ChainLink";
CREATE TRIGGER "ChainLink_quota_input" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ChainLink" FOR EACH STATEMENT EXECUTE FUNCTION "bump_quota_input_revision"('1', '2', '3', '4');
DROP TRIGGER "Company_quota_input" ON "Company";
CREATE TRIGGER "Company_quota_input" AFTER INSERT OR UPDATE ON "Company" FOR EACH STATEMENT EXECUTE FUNCTION "bump_quota_input_revision"('1', '3');
CREATE TRIGGER "Company_quota_input_delete" AFTER DELETE OR TRUNCATE ON "Company" FOR EACH STATEMENT EXECUTE FUNCTION "bump_quota_input_revision"('1', '2', '3');
CREATE TRIGGER "Company_quota_input_name" AFTER UPDATE OF "name" ON "Company" FOR EACH STATEMENT EXECUTE FUNCTION "bump_quota_input_revision"('2');
DROP TRIGGER "CompanyTag_quota_input" ON "CompanyTag";
CREATE TRIGGER "CompanyTag_quota_input" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "CompanyTag" FOR EACH STATEMENT EXECUTE FUNCTION "bump_quota_input_revision"('1', '3');
DROP TRIGGER "CompanyLink_quota_input" ON "CompanyLink";
CREATE TRIGGER "CompanyLink_quota_input" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "CompanyLink" FOR EACH STATEMENT EXECUTE FUNCTION "bump_quota_input_revision"('1', '3');
DROP TRIGGER "Project_quota_input" ON "Project";
CREATE TRIGGER "Project_quota_input" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Project" FOR EACH STATEMENT EXECUTE FUNCTION "bump_quota_input_revision"('1', '2');
DROP TRIGGER "ProjectLink_quota_input" ON "ProjectLink";
CREATE TRIGGER "ProjectLink_quota_input" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ProjectLink" FOR EACH STATEMENT EXECUTE FUNCTION "bump_quota_input_revision"('1', '2');
DROP TRIGGER "StageEvidence_quota_input" ON "StageEvidence";
CREATE TRIGGER "StageEvidence_quota_input" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "StageEvidence" FOR EACH STATEMENT EXECUTE FUNCTION "bump_quota_input_revision"('1', '2');
DROP TRIGGER "Quota_quota_input" ON "Quota";
CREATE TRIGGER "Quota_quota_input" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Quota" FOR EACH STATEMENT EXECUTE FUNCTION "bump_quota_input_revision"('1', '2', '3', '4');
DROP TRIGGER "QuotaUnit_quota_input" ON "QuotaUnit";
CREATE TRIGGER "QuotaUnit_quota_input" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "QuotaUnit" FOR EACH STATEMENT EXECUTE FUNCTION "bump_quota_input_revision"('1', '2', '3', '4');
DROP TRIGGER "QuotaManualEntry_quota_input" ON "QuotaManualEntry";
CREATE TRIGGER "QuotaManualEntry_quota_input" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "QuotaManualEntry" FOR EACH STATEMENT EXECUTE FUNCTION "bump_quota_input_revision"('1', '4');
DROP TRIGGER "QuotaYearValue_quota_input" ON "QuotaYearValue";
CREATE TRIGGER "QuotaYearValue_quota_input" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "QuotaYearValue" FOR EACH STATEMENT EXECUTE FUNCTION "bump_quota_input_revision"('1', '2', '3', '4');
DROP TRIGGER "User_quota_input" ON "User";
CREATE TRIGGER "User_quota_input" AFTER UPDATE OF "name" ON "User" FOR EACH STATEMENT EXECUTE FUNCTION "bump_quota_input_revision"('1', '4');
