import { escapeHtml as esc } from "../../text/escape-html.js";

const STYLE = `
body{font-family:system-ui,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1b1b;background:#f6f7f9}
header{background:#0b5cad;color:#fff;padding:.6rem 1.2rem;display:flex;gap:1rem;align-items:center}
header a{color:#fff} header form{margin-left:auto}
main{padding:1rem 1.2rem;max-width:1200px}
table{border-collapse:collapse;width:100%;background:#fff;margin:.5rem 0 1.5rem}
th,td{border:1px solid #d6d9de;padding:.4rem;vertical-align:top;text-align:left;font-size:.92rem}
th{background:#eef1f5} .error{color:#b00020;font-weight:600} .note{color:#555}
fieldset{border:1px solid #d6d9de;background:#fff;margin:.5rem 0}
label{display:inline-block;margin:.2rem .6rem .2rem 0} textarea{width:100%;min-height:3.5rem}
.downloads a{display:inline-block;margin-right:.6rem;padding:.3rem .7rem;background:#0b5cad;color:#fff;border-radius:4px;text-decoration:none}
`;

/** A whole page: Vietnamese, no script, one stylesheet inline. */
export function page(o: { title: string; body: string; lang: string; nav?: string }): string {
  return `<!doctype html>
<html lang="${esc(o.lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(o.title)}</title><style>${STYLE}</style></head>
<body>${o.nav ?? ""}<main>${o.body}</main></body></html>`;
}
