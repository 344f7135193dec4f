/**
 * Vietnamese text reduced to what two people asking the same thing share. Written here rather than
 * taken from a library: the maintained Vietnamese NLP tools (VnCoreNLP, underthesea, pyvi) are Java
 * or Python with downloaded models, and the npm packages for Vietnamese tokenising are unmaintained
 * and need a dictionary. Folding, a few chat abbreviations and syllable n-grams weighed by rarity
 * (see tfidf-index.ts) are enough to match proposals, and run in microseconds with no model.
 */

/**
 * Chat shorthand youth type, keyed by the folded token, to the folded syllables it stands for.
 * Only the unambiguous ones: `dk` (điều kiện / đăng ký), `dt` (điện thoại / đào tạo) or `bn`
 * (bạn / bao nhiêu) are left alone.
 */
const ABBREVIATIONS: Record<string, string> = {
  k: "khong",
  ko: "khong",
  khg: "khong",
  hok: "khong",
  dc: "duoc",
  j: "gi",
  vs: "voi",
  ng: "nguoi",
  mn: "moi nguoi",
  mng: "moi nguoi",
  tn: "thanh nien",
  ntn: "nhu the nao",
  cx: "cung",
  cg: "cung",
  r: "roi",
  oy: "roi",
  e: "em",
  lm: "lam",
  cty: "cong ty",
  sv: "sinh vien",
  hs: "hoc sinh",
  nhiu: "nhieu",
  wa: "qua",
  lun: "luon",
  bik: "biet",
  bit: "biet",
  trc: "truoc",
  ubnd: "uy ban nhan dan",
  dn: "doanh nghiep",
  mik: "minh",
  mun: "muon",
  mk: "minh",
  thik: "thich",
  vde: "van de",
  nvqs: "nghia vu quan su",
  ktx: "ky tuc xa",
  cntt: "cong nghe thong tin",
  tmdt: "thuong mai dien tu",
  dvc: "dich vu cong",
};

/**
 * Folded function words and the formulas every proposal opens with ("đề nghị", "mong", "xin"): they
 * say nothing of what is asked, and only dilute what two texts share. Folded syllables that are also
 * content words once their marks are gone (vay: vậy / vay vốn, lai: lại / lãi, ban: bạn / bán,
 * the: thể / thẻ, hoi: hỏi / hội) are kept.
 */
export const FILLER = new Set(
  (
    "de nghi mong cho cac va la co duoc khong em toi minh chung nhieu rat nhu o tai voi cua nhung mot hay hoac thi ma vi nen " +
    "con cung da dang se phai can muon xin lam gi sao nao nay do kia ay oi nhe a ah ak anh chi roi luon qua"
  ).split(" "),
);

/** Letters without their marks: `khởi nghiệp` and `khoi nghiep` become the same syllables. */
export function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase();
}

/** The folded syllables of a text, chat shorthand spelled out; punctuation and spacing dropped. */
export function syllables(text: string): string[] {
  const out: string[] = [];
  for (const token of fold(text).split(/[^a-z0-9]+/)) {
    if (!token) continue;
    const expanded = ABBREVIATIONS[token];
    if (expanded) out.push(...expanded.split(" "));
    else out.push(token);
  }
  return out;
}
