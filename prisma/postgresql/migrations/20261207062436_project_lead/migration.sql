-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "leadId" TEXT;

-- CreateIndex
CREATE INDEX "Project_leadId_idx" ON "Project"("leadId");

-- AddForeignKey
ALTER TABLE "Project" ADD CONSTRAINT "Project_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Projects converted from a lead before the column existed: the conversion's audit row names the lead as fromLeadId
UPDATE "Project" p SET "leadId" = (
    SELECT l."id" FROM "AuditLog" a
    JOIN "Lead" l ON l."id" = substring(a."after" from '"fromLeadId":"([^"]+)"')
    WHERE a."entity" = 'Project' AND a."entityId" = p."id" AND a."action" = 'create'
    LIMIT 1
);
