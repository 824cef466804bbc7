-- CreateTable
CREATE TABLE "CompanyMerge" (
    "id" TEXT NOT NULL,
    "keptId" TEXT NOT NULL,
    "keptName" TEXT NOT NULL,
    "removedId" TEXT NOT NULL,
    "removedName" TEXT NOT NULL,
    "record" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "undoneAt" TIMESTAMP(3),
    "undoneById" TEXT,

    CONSTRAINT "CompanyMerge_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CompanyMerge_keptId_idx" ON "CompanyMerge"("keptId");

-- CreateIndex
CREATE INDEX "CompanyMerge_removedId_idx" ON "CompanyMerge"("removedId");

-- CreateIndex
CREATE INDEX "AuditLog_userId_at_idx" ON "AuditLog"("userId", "at");

-- AddForeignKey
ALTER TABLE "CompanyMerge" ADD CONSTRAINT "CompanyMerge_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Duplicate warnings (ADR 0022) look companies up by name key: SQLite keeps the keys in its
-- search index, here an expression index over this function serves the lookup. It is
-- companyNameKey (app/domain/company/duplicates.ts) in SQL: NFKC, lower case, whitespace and
-- control/format characters removed, one company-form suffix dropped unless nothing else is
-- left. The app re-checks every match with companyNameKey itself, so the function only has
-- to find them.
CREATE FUNCTION "chainlead_company_name_key"("name" TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
	SELECT CASE
		WHEN plain LIKE '%股份有限公司' AND length(plain) > 6 THEN left(plain, -6)
		WHEN plain LIKE '%有限责任公司' AND length(plain) > 6 THEN left(plain, -6)
		WHEN plain LIKE '%有限公司' AND length(plain) > 4 THEN left(plain, -4)
		WHEN plain LIKE '%股份公司' AND length(plain) > 4 THEN left(plain, -4)
		WHEN plain LIKE '%公司' AND length(plain) > 2 THEN left(plain, -2)
		ELSE plain
	END
	FROM (SELECT regexp_replace(
		lower(normalize("name", NFKC)),
		'[\u0001-\u0020\u007f-\u00a0\u00ad\u0600-\u0605\u061c\u06dd\u070f\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u2066-\u206f\u3000\ufeff\ufff9-\ufffb]',
		'', 'g') AS plain) AS normalized
$$;

CREATE INDEX "Company_nameKey_idx" ON "Company"("chainlead_company_name_key"("name"));
CREATE INDEX "CompanyAlias_nameKey_idx" ON "CompanyAlias"("chainlead_company_name_key"("name"));
