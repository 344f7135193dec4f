import type { MessengerChannel } from "../../src/channels/channel.js";
import type { FlowRunner } from "../../src/flows/runner.js";
import { createHttpApp, listen } from "../../src/http/server.js";
import type { FakePlatform } from "./fake-platform.js";
import { silentLogger } from "./runner.js";

/** Serves a channel's webhook routes on an ephemeral port and starts it, as main.ts does; `fake` learns when it is done with a turn. */
export async function serveChannel(channel: MessengerChannel, runner: FlowRunner, webhookPath: string, fake: FakePlatform) {
  const { server, port } = await listen(createHttpApp({ routers: [channel.router], logger: silentLogger }), 0);
  await channel.start();
  const stopped = fake.servedBy(() => runner.idle() && channel.idle());
  return {
    webhookUrl: `http://127.0.0.1:${port}${webhookPath}`,
    async stop() {
      stopped();
      await channel.stop();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
