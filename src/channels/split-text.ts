/** Where a long text may be cut, best first: between paragraphs, lines, sentences, words. */
const BOUNDARIES = [/\n[^\S\n]*\n\s*/g, /\n\s*/g, /(?<=[.!?…])\s+/g, /\s+/g];

/**
 * Splits a text into parts of at most `max` characters (UTF-16 units, which never undercount
 * what a platform counts), each cut at the last paragraph, line, sentence or word boundary that
 * fits; the whitespace at a cut is dropped. A word longer than `max` is the only thing cut inside,
 * and only between graphemes.
 * A text that fits comes back as it is.
 */
export function splitText(text: string, max: number): string[] {
  if (max < 2) throw new RangeError(`splitText: max must be at least 2, got ${max}`);
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const [head, tail] = cut(rest, max);
    parts.push(head);
    rest = tail;
  }
  if (rest || !parts.length) parts.push(rest);
  return parts;
}

/** The longest clean head of `text` within `max`, and what follows the cut. */
function cut(text: string, max: number): [string, string] {
  for (const boundary of BOUNDARIES) {
    let best: [string, string] | null = null;
    for (const m of text.matchAll(boundary)) {
      if (m.index > max) break;
      const head = text.slice(0, m.index).trimEnd();
      // A boundary at the very start would give an empty part.
      if (head) best = [head, text.slice(m.index + m[0].length)];
    }
    if (best) return best;
  }
  // One word longer than a message: cut it between two characters as a reader sees them — never
  // inside an emoji, a flag or a family joined by ZWJ, which would reach the chat as broken pieces.
  const at = lastGraphemeBoundary(text, max);
  return [text.slice(0, at), text.slice(at)];
}

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * The last boundary between graphemes within `max` of a text longer than `max`; when the first
 * grapheme alone is longer (a letter under hundreds of marks), inside it, but not inside a surrogate pair.
 */
function lastGraphemeBoundary(text: string, max: number): number {
  let at = 0;
  for (const { index } of graphemes.segment(text)) {
    if (index > max) break;
    at = index;
  }
  if (at > 0) return at;
  return isHighSurrogate(text.charCodeAt(max - 1)) ? max - 1 : max;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
