/** Whether DATABASE_URL names a PostgreSQL server rather than the embedded SQLite file. */
export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//i.test(url);
}
