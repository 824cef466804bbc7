-- CreateIndex
CREATE INDEX "Project_companyId_idx" ON "Project"("companyId");

