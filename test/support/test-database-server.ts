import pg from "pg";

/**
 * The PostgreSQL server `npm run test:pg` runs the suite on (TEST_POSTGRES_URL, a database there
 * to connect to for creating others); unset, the suite runs on SQLite files.
 */
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL || undefined;

/** The URL of database `name` on the test server (or on the server of `server`, a URL of one of its databases). */
export function postgresDatabaseUrl(name: string, server = TEST_POSTGRES_URL): string {
  const url = new URL(server!);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs `sql` on the test server's own database, or on `server` (CREATE / DROP DATABASE, which no transaction may hold). */
export async function onServer(sql: string, server = TEST_POSTGRES_URL): Promise<void> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A database name no other test or run uses. */
export const uniqueName = (prefix: string) => `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;

/** A test's database, named after the run's template so that the run's end finds it (`testDatabases`). */
export const testDatabaseName = (template: string) => `${template}_${Math.random().toString(36).slice(2, 10)}`;

/** The names of the test databases made from `template` that are still on the server. */
export async function testDatabases(template: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, [`${template}_`]);
    return rows.map((r) => r.datname);
  } finally {
    await client.end();
  }
}
