import type { MessengerChannel } from "../../src/channels/channel.js";
import { createHttpApp, listen } from "../../src/http/server.js";
import { silentLogger } from "./runner.js";

/** Serves a channel's webhook routes on an ephemeral port and starts it, as main.ts does. */
export async function serveChannel(channel: MessengerChannel, webhookPath: string) {
  const { server, port } = await listen(createHttpApp({ routers: [channel.router], logger: silentLogger }), 0);
  await channel.start();
  return {
    webhookUrl: `http://127.0.0.1:${port}${webhookPath}`,
    async stop() {
      await channel.stop();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
