import { pino } from "pino";
import type { Db } from "../../src/db/client.js";
import { SimilarProposals } from "../../src/domain/similar-proposals.js";
import { createBotFlows } from "../../src/flows/index.js";
import { loadI18n } from "../../src/i18n/i18n.js";
import type { Clock } from "../../src/flows/runner.js";

export const silentLogger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
const i18n = loadI18n();

export function createTestRunner(db: Db, clock: Clock) {
  return createBotFlows({ db, i18n, clock, logger: silentLogger, defaultLocale: "vi", similar: new SimilarProposals() });
}
export { i18n as testI18n };
