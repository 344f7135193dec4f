import v8 from "node:v8";

/**
 * The bot runs on one small machine beside its database. Left to its defaults, V8 lets garbage pile
 * up to about four times the live heap before a full collection, and whether it does so during a
 * long export depends on timing: the same 100 000-proposal XLSX peaked anywhere from 240 to 370 MB.
 * Favouring size keeps it near 220 MB, for about a tenth more time, and the inbound flow within
 * its bar (bench:export, bench:inbound). Imported first by src/main.ts, before anything allocates much.
 */
v8.setFlagsFromString("--optimize-for-size");
