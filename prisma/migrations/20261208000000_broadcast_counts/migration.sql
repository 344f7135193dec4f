-- AlterTable
ALTER TABLE "Broadcast" ADD COLUMN "failed" INTEGER;
ALTER TABLE "Broadcast" ADD COLUMN "sent" INTEGER;
ALTER TABLE "Broadcast" ADD COLUMN "skipped" INTEGER;
ALTER TABLE "Broadcast" ADD COLUMN "unreachable" INTEGER;


-- Broadcasts finished before: their counts, from their rows (which may now be deleted).
UPDATE "Broadcast" SET
  "sent" = (SELECT COUNT(*) FROM "OutboxMessage" o WHERE o."broadcastId" = "Broadcast"."id" AND o."status" = 'SENT'),
  "failed" = (SELECT COUNT(*) FROM "OutboxMessage" o WHERE o."broadcastId" = "Broadcast"."id" AND o."status" = 'FAILED'),
  "unreachable" = (SELECT COUNT(*) FROM "OutboxMessage" o WHERE o."broadcastId" = "Broadcast"."id" AND o."status" = 'UNREACHABLE'),
  "skipped" = (SELECT COUNT(*) FROM "OutboxMessage" o WHERE o."broadcastId" = "Broadcast"."id" AND o."status" = 'SKIPPED')
WHERE "finishedAt" IS NOT NULL;
