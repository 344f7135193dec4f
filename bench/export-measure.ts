/**
 * The measuring half of the export benchmark, apart from how the server is started: downloads each
 * export from a URL as a client would (streaming, counting bytes, keeping nothing) and reads the
 * serving process's peak RSS.
 */
import { peakRssMb } from "./bot-process.js";

export interface Download {
  seconds: number;
  bytes: number;
  /** Line feeds seen: records + 1 in a CSV whose texts hold no line break. */
  lines: number;
  /** The first bytes, to tell a zip ("PK") from an error page. */
  head: Buffer;
}

export async function download(url: string, headers: Record<string, string> = {}): Promise<Download> {
  const started = performance.now();
  const res = await fetch(url, { headers });
  if (!res.ok || !res.body) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  let bytes = 0;
  let lines = 0;
  let head = Buffer.alloc(0);
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    if (head.length < 16) head = Buffer.concat([head, Buffer.from(chunk.subarray(0, 16))]);
    bytes += chunk.byteLength;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  }
  return { seconds: (performance.now() - started) / 1000, bytes, lines, head };
}

export interface ExportMeasurement {
  xlsx_s: number;
  csv_s: number;
  xlsx_mb: number;
  csv_mb: number;
  csv_lines: number;
  peak_rss_mb: number;
}

const round = (n: number, digits = 2) => Number(n.toFixed(digits));

/**
 * Downloads the XLSX then the CSV export from `urlOf(format)` and reads the peak RSS of `pid`, the
 * process serving them.
 */
export async function measureExports(o: {
  urlOf: (format: "xlsx" | "csv") => string;
  pid: number;
  headers?: Record<string, string>;
  log?: (line: string) => void;
}): Promise<ExportMeasurement> {
  const log = o.log ?? (() => {});
  const xlsx = await download(o.urlOf("xlsx"), o.headers);
  if (xlsx.head.subarray(0, 2).toString("latin1") !== "PK") throw new Error("the XLSX download is not a zip");
  log(`xlsx: ${xlsx.seconds.toFixed(2)} s, ${(xlsx.bytes / 1e6).toFixed(1)} MB, peak RSS so far ${peakRssMb(o.pid).toFixed(0)} MB`);
  const csv = await download(o.urlOf("csv"), o.headers);
  log(`csv: ${csv.seconds.toFixed(2)} s, ${(csv.bytes / 1e6).toFixed(1)} MB, ${csv.lines} lines`);
  return {
    xlsx_s: round(xlsx.seconds),
    csv_s: round(csv.seconds),
    xlsx_mb: round(xlsx.bytes / 1e6, 1),
    csv_mb: round(csv.bytes / 1e6, 1),
    csv_lines: csv.lines,
    peak_rss_mb: round(peakRssMb(o.pid), 0),
  };
}
