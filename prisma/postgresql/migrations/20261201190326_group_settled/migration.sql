-- AlterTable
ALTER TABLE "ProposalGroup" ADD COLUMN     "settledAt" TIMESTAMP(3);
