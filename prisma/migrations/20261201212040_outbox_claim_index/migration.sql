-- DropIndex
DROP INDEX "OutboxMessage_status_dueAt_idx";

-- CreateIndex
CREATE INDEX "OutboxMessage_channel_status_dueAt_id_idx" ON "OutboxMessage"("channel", "status", "dueAt", "id");
