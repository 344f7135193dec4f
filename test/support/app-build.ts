import { readdirSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { buildSync } from "esbuild";
import { inject } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
const PREFIX = ".test-dist-";

/**
 * The app's sources transpiled once for the run (esbuild, as tsx does in every process it starts):
 * a spawned app or command line then starts on half the CPU, which the suites' dozens of processes
 * feel on a 2-core machine. A directory of the repository's own, one per run, so that the build's
 * paths to locales/ and node_modules/ are the sources' and two runs side by side keep apart.
 */
export function buildApp(): { dir: string; remove: () => void } {
  removeAbandonedBuilds();
  const dir = join(ROOT, `${PREFIX}${process.pid}`);
  const sources = readdirSync(join(ROOT, "src"), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .map((file) => join(ROOT, "src", file));
  buildSync({ entryPoints: sources, outdir: dir, outbase: join(ROOT, "src"), platform: "node", format: "esm", target: "node20", logLevel: "warning" });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Builds a run left behind when it was killed: its process is gone. */
function removeAbandonedBuilds() {
  for (const name of readdirSync(ROOT).filter((n) => n.startsWith(PREFIX))) {
    const pid = Number(name.slice(PREFIX.length));
    if (!isRunning(pid)) rmSync(join(ROOT, name), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The arguments that start the built `entry` (`main`, `cli/main`, `db/migrate.cli`) with `args`, for `spawn(process.execPath, …)`. */
export function appArgs(entry: "main" | "cli/main" | "db/migrate.cli", ...args: string[]): string[] {
  return [relative(process.cwd(), join(inject("appBuild"), `${entry}.js`)), ...args];
}

declare module "vitest" {
  export interface ProvidedContext {
    /** Where this run's build of the app is (`buildApp`). */
    appBuild: string;
  }
}
