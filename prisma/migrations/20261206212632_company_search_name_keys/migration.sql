-- Hand-written (#13 §6): the search index gets a third column, `keys`, holding the bigrams of each
-- company's name keys (its name and its 简称/曾用名 written without width, spaces, case or company-form
-- suffix, app/domain/company/duplicates.ts), so the company form can find likely duplicates through
-- the index. FTS5 cannot add a column: the table is made again, empty, and every company is marked
-- dirty, so searches read them with LIKE (exactly as before) until the server's start-up flush has
-- indexed them again (ADR 0018). The triggers are on Company and CompanyAlias and stay as they are.
DROP TABLE "CompanySearch";
CREATE VIRTUAL TABLE "CompanySearch" USING fts5(
    "name", "aliases", "keys",
    content = '', contentless_delete = 1, tokenize = 'ascii'
);
DELETE FROM "CompanySearchEntry";
INSERT INTO "CompanySearchDirty" ("companyId") SELECT "id" FROM "Company" WHERE "id" NOT IN (SELECT "companyId" FROM "CompanySearchDirty");
