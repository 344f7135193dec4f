import { PackedTexts } from "./packed-texts.js";
import { FILLER, syllables } from "./vietnamese-text.js";

/**
 * A Vietnamese word is often two or three syllables (`khởi nghiệp`, `thanh niên`), so a text is
 * described by its syllables and its pairs of neighbouring syllables (filler words left out); each
 * counts by how rare it is among the indexed texts (TF-IDF), and two texts are as close as the
 * cosine of their vectors. A pair weighs less than a syllable: the same question is often asked in
 * other word orders, and rare pairs would otherwise outweigh the words the texts share.
 */
export function terms(text: string): Map<string, number> {
  const s = syllables(text);
  const counts = new Map<string, number>();
  const add = (term: string, n: number) => counts.set(term, (counts.get(term) ?? 0) + n);
  for (let i = 0; i < s.length; i++) {
    const filler = FILLER.has(s[i]!);
    if (!filler) add(s[i]!, 1);
    if (i + 1 < s.length && !(filler && FILLER.has(s[i + 1]!))) add(`${s[i]} ${s[i + 1]}`, PAIR_COUNT);
  }
  return counts;
}

/** What one occurrence of a pair of syllables counts for, against 1 for a syllable. */
const PAIR_COUNT = 0.5;

export interface Match {
  id: number;
  score: number;
}

/** A weighted vector: term ids (see `TfIdfIndex.termId`) and their weights, side by side. */
interface Vector {
  ids: Int32Array;
  weights: Float64Array;
  norm: number;
}

/**
 * An indexed text's terms are packed one to an integer (see `PackedTexts`), the term's id times
 * 256 plus twice its count (a pair counts a half). A hundred thousand texts of a hundred terms
 * each are 40 MB so, where maps of strings took over a gigabyte and seconds of garbage collection
 * to fill. Twice a term's count fits in the low byte (a count above 127 is counted as 127).
 */
const COUNT_BITS = 8;
const COUNT_MASK = (1 << COUNT_BITS) - 1;

/** A text weighed once, to be compared many times; only for the index that made it. */
export interface Query extends Vector {
  /** Its terms by name, to find candidates by. */
  byTerm: Map<string, number>;
}

export interface NearestQuery {
  topicId: number;
  limit: number;
  /** Cosine below which a text is not close enough to be named. */
  minScore: number;
  /** Candidates this refuses are left out (the asker's own texts, later ones). */
  accept?: (id: number) => boolean;
}

/** Terms in more texts than this share (and this many) are too common to find candidates by; they still count in the score. */
const COMMON_SHARE = 0.05;
const COMMON_MIN = 50;
/**
 * A term in this many times more texts than a common one has its postings let go (listed again,
 * from the texts, should it become rare enough to be read): they are never read, and a province's
 * common terms' postings were 60 MB a process.
 */
const UNLISTED_FACTOR = 2;
/** How many postings (rarest terms first) a query reads to find its candidates. */
const POSTINGS_BUDGET = 600;
/** Candidates scored exactly: the rough score from rare terms ranks them well enough that a few dozen do. */
const CANDIDATES = 20;
/** Pairs remembered by `pairScores` at most (some tens of megabytes), forgotten all at once beyond. */
const MAX_PAIRS = 200_000;

/** The ids of the texts holding a term, in a typed array that grows by doubling. */
interface Postings {
  ids: Int32Array;
  length: number;
}

/** The texts of one dialogue, searchable by closeness within a topic. */
export class TfIdfIndex {
  private readonly texts = new PackedTexts();
  /**
   * Terms as small integers, so a text is a run of integers (`PackedTexts`) and a comparison reads the query's
   * weight straight from `scratch` (the query spread over every term id) rather than looking
   * terms up in maps: grouping 20 000 texts makes a million comparisons.
   */
  private readonly termIds = new Map<string, number>();
  private readonly termNames: string[] = [];
  /** By term id: in how many texts it is, and those texts (none for a term `unlisted`). */
  private df = new Int32Array(1024);
  private readonly postings: (Postings | undefined)[] = [];
  /** Terms too common for their postings to be kept (see `UNLISTED_FACTOR`). */
  private readonly unlisted = new Set<number>();
  /**
   * A term's weight (idf) as of `epoch`, by term id: weights move a little with every text added,
   * and a text is weighed with those of the epoch, which starts again once the index has grown or
   * shrunk by a twentieth.
   */
  private idfs = new Float64Array(1024);
  private idfEpochs = new Int32Array(1024);
  private scratch = new Float64Array(1024);
  /** A query's rough score for each text, by text id (zero between queries). */
  private rough = new Float64Array(1024);
  private epoch = 1;
  private epochSize = 0;
  /**
   * Cosines of pairs of indexed texts met by `pairScores`, by the lower id then the higher, as of
   * `epoch` (weights do not move within one): grouping weighs the same first members of the same
   * settled groups against each other for proposal after proposal.
   */
  private pairs = new Map<number, number>();
  private pairsEpoch = 0;

  get size(): number {
    return this.texts.size;
  }

  has(id: number): boolean {
    return this.texts.offsetOf(id) !== undefined;
  }

  /** Adds a text, or replaces the text already held under `id`. */
  put(id: number, topicId: number, text: string): void {
    this.remove(id);
    const counts = terms(text);
    const packed = new Int32Array(counts.size);
    let i = 0;
    for (const [term, count] of counts) {
      const termId = this.termId(term);
      packed[i++] = termId * (COUNT_MASK + 1) + Math.min(COUNT_MASK >> 1, Math.round(count * 2));
      this.df[termId]!++;
      if (this.unlisted.has(termId)) continue;
      const list = (this.postings[termId] ??= { ids: new Int32Array(2), length: 0 });
      if (list.length > this.common() * UNLISTED_FACTOR) {
        this.postings[termId] = undefined;
        this.unlisted.add(termId);
      } else append(list, id);
    }
    this.texts.add(id, topicId, packed);
    if (id >= this.rough.length) this.rough = grow(this.rough, id);
  }

  remove(id: number): void {
    const texts = this.texts;
    const offset = texts.offsetOf(id);
    if (offset === undefined) return;
    // Its pairs are stale (a replaced text), or never asked for again (a withdrawn one): forget them all, a rare event.
    this.forgetPairs();
    const { data } = texts;
    for (let k = texts.termsStart(offset), end = texts.termsEnd(offset); k < end; k++) {
      const termId = data[k]! >>> COUNT_BITS;
      if (--this.df[termId]! === 0) {
        this.postings[termId] = undefined;
        this.unlisted.delete(termId);
        continue;
      }
      const list = this.postings[termId];
      if (!list) continue;
      const at = list.ids.subarray(0, list.length).indexOf(id);
      if (at >= 0) {
        list.ids.copyWithin(at, at + 1, list.length);
        list.length--;
      }
    }
    texts.delete(id);
  }

  /** A text, or the indexed text `id` (its terms already read), weighed once to be compared many times. */
  query(text: string | number): Query {
    let counts: Map<string, number> | undefined;
    if (typeof text === "string") counts = terms(text);
    else {
      const texts = this.texts;
      const at = texts.offsetOf(text);
      if (at !== undefined) {
        const { data } = texts;
        counts = new Map();
        for (let k = texts.termsStart(at), end = texts.termsEnd(at); k < end; k++) counts.set(this.termNames[data[k]! >>> COUNT_BITS]!, (data[k]! & COUNT_MASK) / 2);
      }
    }
    if (!counts) throw new RangeError(`text ${text} is not indexed`);
    const byTerm = this.weigh(counts);
    return { byTerm, ...this.vectorOf(byTerm) };
  }

  /** The indexed texts of the topic closest to `text`, best first, at least `minScore` close. */
  nearest(text: string | Query, q: NearestQuery): Match[] {
    const query = typeof text === "string" ? this.query(text) : text;
    if (query.norm === 0) return [];
    const common = this.common();
    // A rough score from the query's rarest terms (each counted once), to pick whom to score
    // exactly: a text like it shares some of its rarest words, and the work stays bounded however
    // many texts share its common ones.
    const termIds: number[] = [];
    for (const term of query.byTerm.keys()) {
      const termId = this.termIds.get(term);
      if (termId !== undefined && this.df[termId]! > 0 && this.df[termId]! <= common) termIds.push(termId);
    }
    this.relist(termIds.filter((termId) => this.unlisted.has(termId)));
    const rarest = termIds.map((termId) => ({ term: this.termNames[termId]!, list: this.postings[termId]! }));
    rarest.sort((a, b) => a.list.length - b.list.length);
    // Rough scores add up in `rough`, by text id; `touched` says which to read and clear after.
    const rough = this.rough;
    const touched: number[] = [];
    let budget = POSTINGS_BUDGET;
    for (const { term, list } of rarest) {
      if ((budget -= list.length) < 0) break;
      const weight = query.byTerm.get(term)! * this.idf(term);
      for (let i = 0; i < list.length; i++) {
        const id = list.ids[i]!;
        if (rough[id] === 0) touched.push(id);
        rough[id]! += weight;
      }
    }
    const candidates = best(
      Math.max(CANDIDATES, q.limit),
      touched,
      (id) => rough[id]!,
      (id) => this.texts.topicOf(id) === q.topicId && (q.accept?.(id) ?? true),
    );
    for (const id of touched) rough[id] = 0;
    const matches = this.compare(query, candidates)
      .map((score, i) => ({ id: candidates[i]!, score }))
      .filter((m) => m.score >= q.minScore);
    return matches.sort((a, b) => b.score - a.score || a.id - b.id).slice(0, q.limit);
  }

  /**
   * How close each two of the indexed texts `ids` are, for grouping (see `overlap`): an
   * ids.length² matrix by rows, 1 on the diagonal, each pair scored once (and remembered until
   * weights move).
   */
  pairScores(ids: number[]): Float64Array {
    this.nextEpoch();
    if (this.pairsEpoch !== this.epoch || this.pairs.size > MAX_PAIRS) this.forgetPairs();
    const n = ids.length;
    const out = new Float64Array(n * n);
    const unknown: number[] = [];
    const unknownIds: number[] = [];
    for (let i = 0; i < n; i++) {
      out[i * n + i] = 1;
      const a = ids[i]!;
      unknown.length = unknownIds.length = 0;
      for (let j = i + 1; j < n; j++) {
        const b = ids[j]!;
        const known = this.pairs.get(pairKey(a, b));
        if (known !== undefined) out[i * n + j] = out[j * n + i] = known;
        else {
          unknown.push(j);
          unknownIds.push(b);
        }
      }
      if (!unknown.length) continue;
      // Both texts weighed as of this epoch, so that a pair scores the same whichever is read first.
      const v = this.docVector(a);
      const scores = v.norm ? this.compare(v, unknownIds, overlap) : unknownIds.map(() => 0);
      for (let k = 0; k < unknown.length; k++) {
        const j = unknown[k]!;
        const b = unknownIds[k]!;
        out[i * n + j] = out[j * n + i] = scores[k]!;
        this.pairs.set(pairKey(a, b), scores[k]!);
      }
    }
    return out;
  }

  /** How many texts a term is in, above which it is too common to find candidates by. */
  private common(): number {
    return Math.max(COMMON_MIN, this.texts.size * COMMON_SHARE);
  }

  /**
   * Lists `termIds`' postings again, from the texts held (in the order they were put, as they were
   * first listed): terms let go as common that are rare enough again (texts were removed, or the
   * rest of the index grew), a rare event.
   */
  private relist(termIds: number[]): void {
    if (!termIds.length) return;
    const wanted = new Set(termIds);
    for (const termId of termIds) {
      this.unlisted.delete(termId);
      this.postings[termId] = { ids: new Int32Array(Math.max(2, this.df[termId]!)), length: 0 };
    }
    const texts = this.texts;
    const { data } = texts;
    for (const [id, at] of texts.entries())
      for (let k = texts.termsStart(at), end = texts.termsEnd(at); k < end; k++) {
        const termId = data[k]! >>> COUNT_BITS;
        if (wanted.has(termId)) append(this.postings[termId]!, id);
      }
  }

  private forgetPairs(): void {
    this.pairs = new Map();
    this.pairsEpoch = this.epoch;
  }

  private nextEpoch(): void {
    if (Math.abs(this.texts.size - this.epochSize) > this.epochSize / 20) {
      this.epoch++;
      this.epochSize = this.texts.size;
    }
  }

  /** An indexed text weighed with the weights of this epoch, as `compare` weighs the texts it reads. */
  private docVector(id: number): Vector {
    const texts = this.texts;
    const at = texts.offsetOf(id);
    if (at === undefined) return { ids: new Int32Array(0), weights: new Float64Array(0), norm: 0 };
    const { data } = texts;
    const start = texts.termsStart(at);
    const length = texts.termsEnd(at) - start;
    const ids = new Int32Array(length);
    const weights = new Float64Array(length);
    let sum = 0;
    for (let i = 0; i < length; i++) {
      const entry = data[start + i]!;
      ids[i] = entry >>> COUNT_BITS;
      weights[i] = TF_WEIGHTS[entry & COUNT_MASK]! * this.epochIdf(ids[i]!);
      sum += weights[i]! * weights[i]!;
    }
    return { ids, weights, norm: Math.sqrt(sum) };
  }

  /** Closeness (cosine unless told) of the query with each of `ids`: the query spread over `scratch` once, then each text's terms read against it. */
  private compare(query: Vector, ids: number[], closeness = cosine): number[] {
    this.nextEpoch();
    const scratch = this.scratch;
    for (let i = 0; i < query.ids.length; i++) scratch[query.ids[i]!] = query.weights[i]!;
    const texts = this.texts;
    const { data } = texts;
    const scores = ids.map((id) => {
      const at = texts.offsetOf(id);
      if (at === undefined) return 0;
      let dot = 0;
      let sum = 0;
      for (let k = texts.termsStart(at), end = texts.termsEnd(at); k < end; k++) {
        const entry = data[k]!;
        const termId = entry >>> COUNT_BITS;
        const w = TF_WEIGHTS[entry & COUNT_MASK]! * this.epochIdf(termId);
        dot += w * scratch[termId]!;
        sum += w * w;
      }
      return sum ? closeness(dot, query.norm, Math.sqrt(sum)) : 0;
    });
    for (let i = 0; i < query.ids.length; i++) scratch[query.ids[i]!] = 0;
    return scores;
  }

  /** A term's weight as of this epoch. */
  private epochIdf(termId: number): number {
    if (this.idfEpochs[termId] !== this.epoch) {
      this.idfs[termId] = idfOf(this.texts.size, this.df[termId]!);
      this.idfEpochs[termId] = this.epoch;
    }
    return this.idfs[termId]!;
  }

  /** Weights by term as a vector of term ids; terms no text has are left out of its ids (nothing can match them) but count in its norm. */
  private vectorOf(weights: Map<string, number>): Vector {
    const ids: number[] = [];
    const values: number[] = [];
    let sum = 0;
    for (const [term, w] of weights) {
      sum += w * w;
      const id = this.termIds.get(term);
      if (id === undefined) continue;
      ids.push(id);
      values.push(w);
    }
    return { ids: Int32Array.from(ids), weights: Float64Array.from(values), norm: Math.sqrt(sum) };
  }

  /**
   * A term's id; a new term gets the next one (ids are never given back: a dialogue's vocabulary
   * is bounded by its texts, tens of thousands of terms).
   */
  private termId(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.termNames.length;
      this.termIds.set(term, id);
      this.termNames.push(term);
      if (id >= this.scratch.length) {
        this.scratch = grow(this.scratch, id);
        this.idfs = grow(this.idfs, id);
        const epochs = new Int32Array(this.scratch.length);
        epochs.set(this.idfEpochs);
        this.idfEpochs = epochs;
        const df = new Int32Array(this.scratch.length);
        df.set(this.df);
        this.df = df;
      }
    }
    return id;
  }

  private idf(term: string): number {
    const id = this.termIds.get(term);
    return idfOf(this.texts.size, id === undefined ? 0 : this.df[id]!);
  }

  private weigh(counts: Map<string, number>): Map<string, number> {
    const v = new Map<string, number>();
    for (const [term, tf] of counts) v.set(term, tfWeight(tf) * this.idf(term));
    return v;
  }
}

const cosine = (dot: number, norm: number, otherNorm: number) => dot / (norm * otherNorm);

/** One number for a pair of text ids, whichever comes first: exact while ids stay under 2²⁶ (67 million proposals). */
const pairKey = (a: number, b: number) => (a < b ? a * 2 ** 26 + b : b * 2 ** 26 + a);

/**
 * The cosine, raised for a short text and a long one by their ratio of norms to the power
 * `LENGTH_ALLOWANCE` (1 at most): a youth's short question and another's long one with the same
 * core (its context, its example, its reasons) ask the same thing, and the cosine counts every
 * word of the long one against the short one. Grouping weighs pairs so; suggestions stay cosines.
 */
function overlap(dot: number, norm: number, otherNorm: number): number {
  const longer = Math.max(norm, otherNorm) / Math.min(norm, otherNorm);
  return Math.min(1, cosine(dot, norm, otherNorm) * longer ** LENGTH_ALLOWANCE);
}

/**
 * On the labelled set, pair precision / recall with GROUP_MIN_SCORE chosen again on half A of its
 * groups for each value (the best recall there at a precision of 0.95 at least), half B held out
 * (see `half` in test/support/similarity-quality.ts): the cosine (0) A 0.959/0.641, B
 * 0.978/0.841, all 0.982/0.740; 0.2 A 0.966/0.654; 0.25 A 0.980/0.664, B 0.984/0.846; 0.3 A
 * 0.980/0.664, B 0.984/0.860, all 0.991/0.761 (at 0.54); 0.34 A 0.960/0.664; 0.4 A 0.953/0.659.
 * 0.5 and 0.6 reach A 0.673, but only by a wrong merge that leaves A's precision at 0.90 (all
 * 0.948/0.756).
 */
const LENGTH_ALLOWANCE = 0.3;

/** A term no indexed text has is as rare as can be: it still makes the asker's text less like any other. */
const idfOf = (size: number, df: number) => Math.log(1 + (size + 1) / (df + 1));

/** Saying a word twice does not make a text twice as much about it (a lone pair, counted 0.5, weighs 0.31). */
const tfWeight = (tf: number) => 1 + Math.log(tf);
/** `tfWeight` of each packed count (twice the count). */
const TF_WEIGHTS = Float64Array.from({ length: COUNT_MASK + 1 }, (_, twice) => (twice ? tfWeight(twice / 2) : 0));


/**
 * The `k` of `ids` with the highest scores that `accept` takes, best first: kept in a short sorted
 * list as the ids go by, rather than sorting hundreds of rough scores for a few dozen.
 */
function best(k: number, ids: number[], score: (id: number) => number, accept: (id: number) => boolean): number[] {
  const top: { id: number; score: number }[] = [];
  for (const id of ids) {
    const entry = { id, score: score(id) };
    if (top.length === k && entry.score <= top[k - 1]!.score) continue;
    if (!accept(id)) continue;
    let i = top.length === k ? k - 1 : top.length;
    while (i > 0 && top[i - 1]!.score < entry.score) {
      top[i] = top[i - 1]!;
      i--;
    }
    top[i] = entry;
  }
  return top.map((e) => e.id);
}

/** Adds `id` to the end of `list`, growing it by doubling. */
function append(list: Postings, id: number): void {
  if (list.length === list.ids.length) {
    const grown = new Int32Array(list.ids.length * 2);
    grown.set(list.ids);
    list.ids = grown;
  }
  list.ids[list.length++] = id;
}

/** `array` with room for index `i` at least, twice as long as it needs. */
function grow(array: Float64Array<ArrayBuffer>, i: number): Float64Array<ArrayBuffer> {
  const grown = new Float64Array(Math.max(array.length * 2, (i + 1) * 2));
  grown.set(array);
  return grown;
}
