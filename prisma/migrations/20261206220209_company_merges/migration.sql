-- CreateTable
CREATE TABLE "CompanyMerge" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "keptId" TEXT NOT NULL,
    "keptName" TEXT NOT NULL,
    "removedId" TEXT NOT NULL,
    "removedName" TEXT NOT NULL,
    "record" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "undoneAt" DATETIME,
    "undoneById" TEXT,
    CONSTRAINT "CompanyMerge_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "CompanyMerge_keptId_idx" ON "CompanyMerge"("keptId");

-- CreateIndex
CREATE INDEX "CompanyMerge_removedId_idx" ON "CompanyMerge"("removedId");

