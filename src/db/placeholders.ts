/**
 * `?, ?, ?` for a list of `n` values, as in `"id" IN (${placeholders(ids.length)})`: one parameter a
 * value reads the same on SQLite and PostgreSQL, where an array bound whole would not. `IN ()` is
 * not SQL, so an empty list is answered before the query is made.
 */
export function placeholders(n: number): string {
  if (n < 1) throw new RangeError("placeholders for an empty list");
  return Array.from({ length: n }, () => "?").join(", ");
}

/**
 * The statement with its `?` placeholders numbered as PostgreSQL wants them (`$1`, `$2`, …), so
 * the domain writes each statement once for both databases. Quoted text ('…', "…") is left as is.
 */
export function numberedPlaceholders(sql: string): string {
  let n = 0;
  return replacePlaceholders(sql, () => `$${++n}`);
}

/** Each `?` outside quoted text ('…', "…") replaced by what `by` gives for its position. */
export function replacePlaceholders(sql: string, by: (index: number) => string): string {
  let out = "";
  let n = 0;
  let quote: string | undefined;
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = undefined;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else out += ch === "?" ? by(n++) : ch;
  }
  return out;
}
