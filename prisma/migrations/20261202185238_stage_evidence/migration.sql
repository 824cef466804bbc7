-- CreateTable
CREATE TABLE "StageEvidence" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "docNumber" TEXT,
    "fileName" TEXT,
    "fileType" TEXT,
    "fileBytes" INTEGER,
    "fileSha256" TEXT,
    "submittedById" TEXT,
    "submittedAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "reviewedById" TEXT,
    "reviewedAt" DATETIME,
    "reviewNote" TEXT,
    "verifiedFacts" TEXT,
    "isSample" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "StageEvidence_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "StageEvidence_submittedById_fkey" FOREIGN KEY ("submittedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "StageEvidence_reviewedById_fkey" FOREIGN KEY ("reviewedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "StageEvidence_status_idx" ON "StageEvidence"("status");

-- CreateIndex
CREATE UNIQUE INDEX "StageEvidence_projectId_stage_key" ON "StageEvidence"("projectId", "stage");

