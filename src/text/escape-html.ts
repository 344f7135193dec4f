const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text for HTML content or a quoted attribute value, in NFC so Vietnamese renders the same everywhere. */
export function escapeHtml(value: unknown): string {
  return String(value ?? "")
    .normalize("NFC")
    .replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}
