/**
 * A CSV export read back strictly, RFC 4180: fields separated by commas, records by CRLF, quoted
 * fields may hold both and "" for a quote; a bare line break or a last record without CRLF throws.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') (field += '"'), i++;
      else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(field), (field = "");
    else if (c === "\r" && text[i + 1] === "\n") row.push(field), rows.push(row), (row = []), (field = ""), i++;
    else if (c === "\n" || c === "\r") throw new Error(`a bare line break outside quotes at ${i}`);
    else field += c;
  }
  if (field !== "" || row.length) throw new Error("the last record does not end with CRLF");
  return rows;
}
