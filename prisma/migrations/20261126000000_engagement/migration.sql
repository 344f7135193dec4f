-- AlterTable
ALTER TABLE "Dialogue" ADD COLUMN "publishedAt" DATETIME;

-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN "unreachableAt" DATETIME;

-- CreateTable
CREATE TABLE "RoleGrant" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "participantId" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "unitId" INTEGER NOT NULL,
    "grantedBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RoleGrant_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RoleGrant_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ClaimCode" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "codeHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "unitId" INTEGER NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "usedByParticipantId" INTEGER,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Quota" (
    "dialogueId" INTEGER NOT NULL,
    "branchId" INTEGER NOT NULL,
    "seats" INTEGER NOT NULL,

    PRIMARY KEY ("dialogueId", "branchId"),
    CONSTRAINT "Quota_dialogueId_fkey" FOREIGN KEY ("dialogueId") REFERENCES "Dialogue" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Quota_branchId_fkey" FOREIGN KEY ("branchId") REFERENCES "Unit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Invitation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "dialogueId" INTEGER NOT NULL,
    "participantId" INTEGER NOT NULL,
    "branchId" INTEGER NOT NULL,
    "invitedByParticipantId" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "answeredAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Invitation_dialogueId_fkey" FOREIGN KEY ("dialogueId") REFERENCES "Dialogue" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Invitation_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Broadcast" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "dialogueId" INTEGER,
    "unitId" INTEGER,
    "text" TEXT,
    "senderParticipantId" INTEGER,
    "dueAt" DATETIME NOT NULL,
    "fannedOutAt" DATETIME,
    "total" INTEGER NOT NULL DEFAULT 0,
    "finishedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "broadcastId" INTEGER,
    "participantId" INTEGER,
    "channel" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "bulk" BOOLEAN NOT NULL DEFAULT true,
    "dueAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "claimedUntil" DATETIME,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Participant" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "consentVersion" TEXT,
    "consentAt" DATETIME,
    "consentChannel" TEXT,
    "consentAnnouncements" BOOLEAN NOT NULL DEFAULT false,
    "announcementsMuted" BOOLEAN NOT NULL DEFAULT false,
    "fullName" TEXT,
    "birthYear" INTEGER,
    "phone" TEXT,
    "branchId" INTEGER,
    "anonymisedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Participant_branchId_fkey" FOREIGN KEY ("branchId") REFERENCES "Unit" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Participant" ("anonymisedAt", "birthYear", "branchId", "consentAnnouncements", "consentAt", "consentChannel", "consentVersion", "createdAt", "fullName", "id", "phone", "updatedAt") SELECT "anonymisedAt", "birthYear", "branchId", "consentAnnouncements", "consentAt", "consentChannel", "consentVersion", "createdAt", "fullName", "id", "phone", "updatedAt" FROM "Participant";
DROP TABLE "Participant";
ALTER TABLE "new_Participant" RENAME TO "Participant";
CREATE INDEX "Participant_branchId_idx" ON "Participant"("branchId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "RoleGrant_participantId_role_unitId_key" ON "RoleGrant"("participantId", "role", "unitId");

-- CreateIndex
CREATE UNIQUE INDEX "ClaimCode_codeHash_key" ON "ClaimCode"("codeHash");

-- CreateIndex
CREATE INDEX "Invitation_dialogueId_branchId_idx" ON "Invitation"("dialogueId", "branchId");

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_dialogueId_participantId_key" ON "Invitation"("dialogueId", "participantId");

-- CreateIndex
CREATE INDEX "Broadcast_fannedOutAt_dueAt_idx" ON "Broadcast"("fannedOutAt", "dueAt");

-- CreateIndex
CREATE INDEX "OutboxMessage_status_dueAt_idx" ON "OutboxMessage"("status", "dueAt");

-- CreateIndex
CREATE INDEX "OutboxMessage_broadcastId_status_idx" ON "OutboxMessage"("broadcastId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_broadcastId_participantId_key" ON "OutboxMessage"("broadcastId", "participantId");

