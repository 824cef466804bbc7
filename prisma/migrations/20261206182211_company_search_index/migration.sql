-- CreateTable
CREATE TABLE "CompanySearchEntry" (
    "key" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "companyId" TEXT NOT NULL,
    "name" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "CompanySearchDirty" (
    "companyId" TEXT NOT NULL PRIMARY KEY
);

-- CreateIndex
CREATE UNIQUE INDEX "CompanySearchEntry_companyId_key" ON "CompanySearchEntry"("companyId");


-- Hand-written (ADR 0017): the search index and the triggers that keep its stale rows known.
-- Prisma does not model virtual tables; `CompanySearch` holds, per CompanySearchEntry.key, the
-- character bigrams of a company's name and of its 简称/曾用名 (computed by the app, not by SQL).
CREATE VIRTUAL TABLE "CompanySearch" USING fts5(
    "name", "aliases",
    content = '', contentless_delete = 1, tokenize = 'ascii'
);

-- Any write that can change what a company's name search finds marks the company dirty; searches
-- read dirty companies with LIKE, so results never depend on when the index is refreshed.
-- `WHERE NOT EXISTS`, not `OR IGNORE`: an outer `INSERT OR ABORT/REPLACE…` would override a
-- trigger's conflict clause.
CREATE TRIGGER "Company_search_insert" AFTER INSERT ON "Company" BEGIN
    INSERT INTO "CompanySearchDirty" ("companyId") SELECT NEW."id" WHERE NOT EXISTS (SELECT 1 FROM "CompanySearchDirty" WHERE "companyId" = NEW."id");
END;
CREATE TRIGGER "Company_search_update" AFTER UPDATE OF "id", "name" ON "Company" BEGIN
    INSERT INTO "CompanySearchDirty" ("companyId") SELECT OLD."id" WHERE NOT EXISTS (SELECT 1 FROM "CompanySearchDirty" WHERE "companyId" = OLD."id");
    INSERT INTO "CompanySearchDirty" ("companyId") SELECT NEW."id" WHERE NOT EXISTS (SELECT 1 FROM "CompanySearchDirty" WHERE "companyId" = NEW."id");
END;
CREATE TRIGGER "Company_search_delete" AFTER DELETE ON "Company" BEGIN
    INSERT INTO "CompanySearchDirty" ("companyId") SELECT OLD."id" WHERE NOT EXISTS (SELECT 1 FROM "CompanySearchDirty" WHERE "companyId" = OLD."id");
END;
CREATE TRIGGER "CompanyAlias_search_insert" AFTER INSERT ON "CompanyAlias" BEGIN
    INSERT INTO "CompanySearchDirty" ("companyId") SELECT NEW."companyId" WHERE NOT EXISTS (SELECT 1 FROM "CompanySearchDirty" WHERE "companyId" = NEW."companyId");
END;
CREATE TRIGGER "CompanyAlias_search_update" AFTER UPDATE OF "companyId", "name" ON "CompanyAlias" BEGIN
    INSERT INTO "CompanySearchDirty" ("companyId") SELECT OLD."companyId" WHERE NOT EXISTS (SELECT 1 FROM "CompanySearchDirty" WHERE "companyId" = OLD."companyId");
    INSERT INTO "CompanySearchDirty" ("companyId") SELECT NEW."companyId" WHERE NOT EXISTS (SELECT 1 FROM "CompanySearchDirty" WHERE "companyId" = NEW."companyId");
END;
CREATE TRIGGER "CompanyAlias_search_delete" AFTER DELETE ON "CompanyAlias" BEGIN
    INSERT INTO "CompanySearchDirty" ("companyId") SELECT OLD."companyId" WHERE NOT EXISTS (SELECT 1 FROM "CompanySearchDirty" WHERE "companyId" = OLD."companyId");
END;

-- Existing databases: every company starts dirty (found by LIKE as before) until the first flush,
-- which the server runs at start.
INSERT INTO "CompanySearchDirty" ("companyId") SELECT "id" FROM "Company";
