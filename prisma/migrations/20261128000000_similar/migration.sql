-- AlterTable
ALTER TABLE "Proposal" ADD COLUMN "groupId" INTEGER;

-- CreateTable
CREATE TABLE "ProposalGroup" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "dialogueId" INTEGER NOT NULL,
    "topicId" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ProposalSupport" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "proposalId" INTEGER NOT NULL,
    "participantId" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "ProposalGroup_dialogueId_topicId_idx" ON "ProposalGroup"("dialogueId", "topicId");

-- CreateIndex
CREATE INDEX "ProposalSupport_participantId_idx" ON "ProposalSupport"("participantId");

-- CreateIndex
CREATE UNIQUE INDEX "ProposalSupport_proposalId_participantId_key" ON "ProposalSupport"("proposalId", "participantId");

-- CreateIndex
CREATE INDEX "Proposal_groupId_idx" ON "Proposal"("groupId");

-- CreateIndex
CREATE INDEX "Proposal_dialogueId_updatedAt_idx" ON "Proposal"("dialogueId", "updatedAt");

