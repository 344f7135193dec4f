/** Control characters but tab and line breaks, and the two non-characters: an XLSX holding one does not open. */
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
/** Half of a surrogate pair alone: not valid UTF-8, so a platform refuses a message holding it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Combining marks: only text holding them can differ in NFC (Vietnamese typed decomposed). */
const COMBINING = /[\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/;
/** Anything of the three above, in one cheap look: nearly all text has none. */
const SUSPECT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ud800-\udfff\ufe20-\ufe2f\ufffe\uffff]/;

/**
 * Text from outside (a youth's message, a stored value on its way to a file) made safe to store,
 * echo and export: in NFC, so Vietnamese typed decomposed is stored and compared as one form;
 * without control characters; a broken surrogate half shown as �. Cheap when there is nothing to
 * do, which is nearly always: an export passes every cell through it.
 */
export function cleanText(text: string): string {
  if (!SUSPECT.test(text)) return text;
  const clean = text.replace(CONTROLS, "").replace(LONE_SURROGATE, "\ufffd");
  return COMBINING.test(clean) ? clean.normalize("NFC") : clean;
}
