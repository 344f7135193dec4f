/** Where a long text may be cut, best first: between paragraphs, lines, sentences, words. */
const BOUNDARIES = [/\n[^\S\n]*\n\s*/g, /\n\s*/g, /(?<=[.!?…])\s+/g, /\s+/g];

/**
 * Splits a text into parts of at most `max` characters (UTF-16 units, which never undercount
 * what a platform counts), each cut at the last paragraph, line, sentence or word boundary that
 * fits; the whitespace at a cut is dropped. A word longer than `max` is the only thing cut inside.
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
  // One word longer than a message: cut it, but not between the halves of a surrogate pair (an emoji).
  const at = isHighSurrogate(text.charCodeAt(max - 1)) ? max - 1 : max;
  return [text.slice(0, at), text.slice(at)];
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
