-- AlterTable
ALTER TABLE "Broadcast" ADD COLUMN     "failed" INTEGER,
ADD COLUMN     "sent" INTEGER,
ADD COLUMN     "skipped" INTEGER,
ADD COLUMN     "unreachable" INTEGER;

-- Broadcasts finished before: their counts, from their rows (which may now be deleted).
UPDATE "Broadcast" SET
  "sent" = (SELECT COUNT(*) FROM "OutboxMessage" o WHERE o."broadcastId" = "Broadcast"."id" AND o."status" = 'SENT'),
  "failed" = (SELECT COUNT(*) FROM "OutboxMessage" o WHERE o."broadcastId" = "Broadcast"."id" AND o."status" = 'FAILED'),
  "unreachable" = (SELECT COUNT(*) FROM "OutboxMessage" o WHERE o."broadcastId" = "Broadcast"."id" AND o."status" = 'UNREACHABLE'),
  "skipped" = (SELECT COUNT(*) FROM "OutboxMessage" o WHERE o."broadcastId" = "Broadcast"."id" AND o."status" = 'SKIPPED')
WHERE "finishedAt" IS NOT NULL;
