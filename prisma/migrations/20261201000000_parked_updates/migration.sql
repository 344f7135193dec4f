-- CreateTable
CREATE TABLE "ParkedUpdate" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "channel" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "updateKey" TEXT,
    "participantId" INTEGER,
    "input" TEXT NOT NULL,
    "error" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "ParkedUpdate_createdAt_idx" ON "ParkedUpdate"("createdAt");

-- CreateIndex
CREATE INDEX "ParkedUpdate_participantId_idx" ON "ParkedUpdate"("participantId");

