-- AlterTable
ALTER TABLE "ProposalGroup" ADD COLUMN "settledAt" DATETIME;
