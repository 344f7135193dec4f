import { z } from "zod";
import { listParkedUpdates } from "../flows/parked-updates.js";
import { t } from "../i18n/i18n.js";
import { option } from "./args.js";
import type { CliCommand } from "./main.js";

const DEFAULT_LIMIT = 20;

export const PARKED_COMMANDS: Record<string, CliCommand> = {
  "parked list": {
    usage: "parked list [--limit 20]   updates that failed every try, most recent first",
    run: (db, { values }) =>
      db.transaction(async (tx) => {
        const limit = values.limit === undefined ? DEFAULT_LIMIT : option(values, "limit", z.coerce.number<string>().int().min(1).max(1000));
        const parked = await listParkedUpdates(tx, limit);
        if (!parked.length) return [t("cli-parked-none")];
        return parked.map((p) =>
          t("cli-parked-line", {
            id: p.id,
            createdAt: new Date(p.createdAt),
            channel: p.channel,
            chatId: p.chatId,
            participant: p.participantId ?? "-",
            attempts: p.attempts,
            error: p.error,
            input: p.input,
          }),
        );
      }),
  },
};
