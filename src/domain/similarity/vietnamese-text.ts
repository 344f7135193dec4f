/**
 * Vietnamese text reduced to what two people asking the same thing share. Written here rather than
 * taken from a library: the maintained Vietnamese NLP tools (VnCoreNLP, underthesea, pyvi) are Java
 * or Python with downloaded models, and the npm packages for Vietnamese tokenising are unmaintained
 * and need a dictionary. Folding, chat abbreviations, the English words youth slip in, and syllable
 * n-grams weighed by rarity (see tfidf-index.ts) match proposals in microseconds with no model.
 */

import { CONCEPT_PHRASES } from "./concepts.js";

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
  khum: "khong",
  thui: "thoi",
  nx: "nua",
  ms: "moi",
  vc: "viec",
  tg: "thoi gian",
  tgian: "thoi gian",
  kq: "ket qua",
  sp: "san pham",
  kd: "kinh doanh",
  ctv: "cong tac vien",
  cq: "co quan",
  cqcn: "co quan chuc nang",
  gv: "giao vien",
  thpt: "trung hoc pho thong",
  thcs: "trung hoc co so",
  hssv: "hoc sinh sinh vien",
  bhyt: "bao hiem y te",
  bhxh: "bao hiem xa hoi",
  bhtn: "bao hiem that nghiep",
  xkld: "xuat khau lao dong",
  tthc: "thu tuc hanh chinh",
  cchc: "cai cach hanh chinh",
  cds: "chuyen doi so",
  cnc: "cong nghe cao",
  hdnd: "hoi dong nhan dan",
  xh: "xa hoi",
  tp: "thanh pho",
  bjo: "bay gio",
  bgio: "bay gio",
  hnay: "hom nay",
  ngta: "nguoi ta",
  sdt: "so dien thoai",
  ctrinh: "chuong trinh",
  clb: "cau lac bo",
  tnv: "tinh nguyen vien",
  dvtn: "doan vien thanh nien",
  noxh: "nha o xa hoi",
  attp: "an toan thuc pham",
  vsattp: "an toan thuc pham",
  llpt: "ly lich tu phap",
  mxh: "mang xa hoi",
  // Words youth type in English for what the office writes in Vietnamese.
  online: "truc tuyen",
  startup: "khoi nghiep",
  free: "mien phi",
  shop: "cua hang",
  job: "viec lam",
  app: "ung dung",
  website: "trang web",
  web: "trang web",
  fanpage: "trang",
  coworking: "khong gian lam viec chung",
  workshop: "hoi thao",
  intern: "thuc tap",
  internship: "thuc tap",
  parttime: "ban thoi gian",
  laptop: "may tinh",
  sale: "ban hang",
  ship: "giao hang",
  team: "nhom",
  group: "nhom",
  skill: "ky nang",
  fb: "facebook",
  offline: "truc tiep",
  training: "dao tao",
  deadline: "han chot",
  feedback: "phan hoi",
  review: "danh gia",
  fulltime: "toan thoi gian",
  freelance: "tu do",
  freelancer: "tu do",
  passport: "ho chieu",
  smartphone: "dien thoai thong minh",
  softskill: "ky nang mem",
};

/** Phrases, folded, said another way; matched after the words above are spelled out. */
const PHRASES: [string[], string[]][] = (
  [
    ["start up", "khoi nghiep"],
    ["part time", "ban thoi gian"],
    ["co working", "khong gian lam viec chung"],
    ["khong gian lam viec chung space", "khong gian lam viec chung"],
    ["qua mang", "truc tuyen"],
    ["tren mang", "truc tuyen"],
    ["ra trg", "ra truong"],
    ["full time", "toan thoi gian"],
    ["soft skill", "ky nang mem"],
  ] as const
).map(([from, to]) => [from.split(" "), to.split(" ")]);

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
  for (const token of fold(unmistakable(text)).split(/[^a-z0-9]+/)) {
    if (!token) continue;
    // Own entries only: "constructor" is a word too, not Object's function.
    const expanded = Object.hasOwn(ABBREVIATIONS, token) ? ABBREVIATIONS[token] : undefined;
    if (expanded) out.push(...expanded.split(" "));
    else out.push(token);
  }
  return rephrase(out);
}

/**
 * What only the marks tell apart, read before they are folded away: "AI" in capitals is
 * artificial intelligence (folded, `ai` is "who"); "vậy" and "lại" are filler (folded, `vay` is
 * also a loan and `lai` interest).
 */
function unmistakable(text: string): string {
  return text.replace(/(?<![\p{L}\p{N}])(?:AI|vậy|lại)(?![\p{L}\p{N}])/gu, (w) => (w === "AI" ? "trí tuệ nhân tạo" : " "));
}

/** Phrases and concept variants by their first syllable, longest first. */
const PHRASES_BY_FIRST = new Map<string, [string[], string[]][]>();
for (const phrase of [...PHRASES, ...CONCEPT_PHRASES].sort((a, b) => b[0].length - a[0].length)) {
  const first = phrase[0][0]!;
  const list = PHRASES_BY_FIRST.get(first);
  if (list) list.push(phrase);
  else PHRASES_BY_FIRST.set(first, [phrase]);
}

function rephrase(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; ) {
    const hit = PHRASES_BY_FIRST.get(words[i]!)?.find(([from]) => from.every((w, k) => words[i + k] === w));
    if (hit) {
      out.push(...hit[1]);
      i += hit[0].length;
    } else out.push(words[i++]!);
  }
  return out;
}
