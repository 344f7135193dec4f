/**
 * Normalises a Vietnamese mobile number to the national form 0XXXXXXXXX, or null when it is not one.
 * Accepts spaces, dots and dashes, and the +84 / 84 / 0084 prefixes.
 */
export function normaliseVietnamesePhone(input: string): string | null {
  const digits = input.replace(/[\s.\-()]/g, "");
  const match = /^(?:\+84|0084|84|0)(\d{9})$/.exec(digits);
  if (!match) return null;
  const national = `0${match[1]}`;
  // Mobile networks since the 2018 renumbering: 03x, 05x, 07x, 08x, 09x.
  return /^0[35789]\d{8}$/.test(national) ? national : null;
}
