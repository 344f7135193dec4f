/** Lower case, no diacritics (đ → d), single spaces: "Đồng ý" and "dong y" match. */
export function foldText(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/đ/gi, "d")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Which option a typed answer means: its number in the list (1-based), or its words.
 * Returns the option's index, or null.
 */
export function matchChoice(typed: string, labels: string[]): number | null {
  const answer = foldText(typed).replace(/[.)]$/, "");
  if (/^\d{1,3}$/.test(answer)) {
    const index = Number(answer) - 1;
    return index >= 0 && index < labels.length ? index : null;
  }
  if (!answer) return null;
  const index = labels.findIndex((label) => foldText(label) === answer);
  return index >= 0 ? index : null;
}
