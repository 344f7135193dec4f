const BOUNDARIES = [/\n\n/g, /\n/g, /(?<=[.!?…])\s+/g, /\s+/g];

/** Splits a text into parts of at most `max` characters, at paragraph, line, sentence or word boundaries. */
export function splitText(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  for (const boundary of BOUNDARIES) {
    let cut = -1;
    let rest = 0;
    for (const m of text.matchAll(boundary)) {
      if (m.index! > max) break;
      if (m.index! > 0) {
        cut = m.index!;
        rest = m.index! + m[0].length;
      }
    }
    if (cut > 0) return [text.slice(0, cut), ...splitText(text.slice(rest), max)];
  }
  return [text.slice(0, max), ...splitText(text.slice(max), max)];
}
