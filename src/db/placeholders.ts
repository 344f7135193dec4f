/**
 * `?, ?, ?` for a list of `n` values, as in `"id" IN (${placeholders(ids.length)})`: one parameter a
 * value reads the same on SQLite and PostgreSQL, where an array bound whole would not. `IN ()` is
 * not SQL, so an empty list is answered before the query is made.
 */
export function placeholders(n: number): string {
  if (n < 1) throw new RangeError("placeholders for an empty list");
  return Array.from({ length: n }, () => "?").join(", ");
}
