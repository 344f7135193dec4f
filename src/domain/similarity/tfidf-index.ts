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

interface Doc {
  topicId: number;
  terms: Map<string, number>;
  /** Its weighted vector, as of `epoch`. */
  vector?: Vector;
  epoch?: number;
}

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
/** How many postings (rarest terms first) a query reads to find its candidates. */
const POSTINGS_BUDGET = 600;
/** Candidates scored exactly: the rough score from rare terms ranks them well enough that a few dozen do. */
const CANDIDATES = 20;
/** Pairs remembered by `pairScores` at most (some tens of megabytes), forgotten all at once beyond. */
const MAX_PAIRS = 200_000;

/** The texts of one dialogue, searchable by closeness within a topic. */
export class TfIdfIndex {
  private readonly docs = new Map<number, Doc>();
  private readonly df = new Map<string, number>();
  private readonly postings = new Map<string, number[]>();
  /**
   * Terms as small integers, so a vector is two typed arrays and a comparison reads the query's
   * weight straight from `scratch` (the query spread over every term id) rather than looking
   * terms up in maps: grouping 20 000 texts makes a million comparisons.
   */
  private readonly termIds = new Map<string, number>();
  private scratch = new Float64Array(1024);
  /** A query's rough score for each text, by text id (zero between queries). */
  private rough = new Float64Array(1024);
  /**
   * Weights move a little with every text added; a text's weighted vector is reused until the
   * index has grown or shrunk by a twentieth since it was weighed, then weighed again.
   */
  private epoch = 0;
  private epochSize = 0;
  /**
   * Cosines of pairs of indexed texts met by `pairScores`, by the lower id then the higher, as of
   * `epoch` (vectors do not move within one): grouping weighs the same first members of the same
   * settled groups against each other for proposal after proposal.
   */
  private pairs = new Map<number, Map<number, number>>();
  private pairsEpoch = 0;
  private pairsSize = 0;

  get size(): number {
    return this.docs.size;
  }

  has(id: number): boolean {
    return this.docs.has(id);
  }

  /** Adds a text, or replaces the text already held under `id`. */
  put(id: number, topicId: number, text: string): void {
    this.remove(id);
    const doc = { topicId, terms: terms(text) };
    this.docs.set(id, doc);
    if (id >= this.rough.length) this.rough = grow(this.rough, id);
    for (const term of doc.terms.keys()) {
      // Interned now, so weighing a text while comparing never grows `scratch` under a query spread on it.
      this.termId(term);
      this.df.set(term, (this.df.get(term) ?? 0) + 1);
      let list = this.postings.get(term);
      if (!list) this.postings.set(term, (list = []));
      list.push(id);
    }
  }

  remove(id: number): void {
    const doc = this.docs.get(id);
    if (!doc) return;
    this.docs.delete(id);
    // Its pairs are stale (a replaced text), or never asked for again (a withdrawn one): forget them all, a rare event.
    this.forgetPairs();
    for (const term of doc.terms.keys()) {
      const n = this.df.get(term)! - 1;
      if (n === 0) {
        this.df.delete(term);
        this.postings.delete(term);
      } else {
        this.df.set(term, n);
        const list = this.postings.get(term)!;
        list.splice(list.indexOf(id), 1);
      }
    }
  }

  /** A text, or the indexed text `id` (its terms already read), weighed once to be compared many times. */
  query(text: string | number): Query {
    const counts = typeof text === "string" ? terms(text) : this.docs.get(text)?.terms;
    if (!counts) throw new RangeError(`text ${text} is not indexed`);
    const byTerm = this.weigh(counts);
    return { byTerm, ...this.vectorOf(byTerm, false) };
  }

  /** The indexed texts of the topic closest to `text`, best first, at least `minScore` close. */
  nearest(text: string | Query, q: NearestQuery): Match[] {
    const query = typeof text === "string" ? this.query(text) : text;
    if (query.norm === 0) return [];
    const common = Math.max(COMMON_MIN, this.docs.size * COMMON_SHARE);
    // A rough score from the query's rarest terms (each counted once), to pick whom to score
    // exactly: a text like it shares some of its rarest words, and the work stays bounded however
    // many texts share its common ones.
    const rarest = [...query.byTerm.keys()]
      .map((term) => ({ term, list: this.postings.get(term) }))
      .filter((x): x is { term: string; list: number[] } => !!x.list && x.list.length <= common)
      .sort((a, b) => a.list.length - b.list.length);
    // Rough scores add up in `rough`, by text id; `touched` says which to read and clear after.
    const rough = this.rough;
    const touched: number[] = [];
    let budget = POSTINGS_BUDGET;
    for (const { term, list } of rarest) {
      if ((budget -= list.length) < 0) break;
      const weight = query.byTerm.get(term)! * this.idf(term);
      for (const id of list) {
        if (rough[id] === 0) touched.push(id);
        rough[id]! += weight;
      }
    }
    const candidates = best(
      Math.max(CANDIDATES, q.limit),
      touched,
      (id) => rough[id]!,
      (id) => this.docs.get(id)!.topicId === q.topicId && (q.accept?.(id) ?? true),
    );
    for (const id of touched) rough[id] = 0;
    const matches = this.compare(query, candidates)
      .map((score, i) => ({ id: candidates[i]!, score }))
      .filter((m) => m.score >= q.minScore);
    return matches.sort((a, b) => b.score - a.score || a.id - b.id).slice(0, q.limit);
  }

  /** How close `text` is to each of the indexed texts `ids` (0 for one not indexed). */
  scores(text: string | Query, ids: number[]): number[] {
    const query = typeof text === "string" ? this.query(text) : text;
    return query.norm ? this.compare(query, ids) : ids.map(() => 0);
  }

  /**
   * How close each two of the indexed texts `ids` are: an ids.length² matrix by rows, 1 on the
   * diagonal, each pair scored once (and remembered until weights move).
   */
  pairScores(ids: number[]): Float64Array {
    this.nextEpoch();
    if (this.pairsEpoch !== this.epoch || this.pairsSize > MAX_PAIRS) this.forgetPairs();
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
        const known = a < b ? this.pairs.get(a)?.get(b) : this.pairs.get(b)?.get(a);
        if (known !== undefined) out[i * n + j] = out[j * n + i] = known;
        else {
          unknown.push(j);
          unknownIds.push(b);
        }
      }
      if (!unknown.length) continue;
      // Both texts as weighed for this epoch, so that a pair scores the same whichever is read first.
      const v = this.vectorOfDoc(a);
      const scores = v.norm ? this.compare(v, unknownIds) : unknownIds.map(() => 0);
      for (let k = 0; k < unknown.length; k++) {
        const j = unknown[k]!;
        const b = unknownIds[k]!;
        out[i * n + j] = out[j * n + i] = scores[k]!;
        const lo = a < b ? a : b;
        let row = this.pairs.get(lo);
        if (!row) this.pairs.set(lo, (row = new Map()));
        row.set(a < b ? b : a, scores[k]!);
        this.pairsSize++;
      }
    }
    return out;
  }

  private forgetPairs(): void {
    this.pairs = new Map();
    this.pairsEpoch = this.epoch;
    this.pairsSize = 0;
  }

  /** Weights move a little with every text added: texts are weighed again once the index has grown or shrunk by a twentieth. */
  private nextEpoch(): void {
    if (Math.abs(this.docs.size - this.epochSize) > this.epochSize / 20) {
      this.epoch++;
      this.epochSize = this.docs.size;
    }
  }

  /** Cosines of the query with each of `ids`: the query spread over `scratch` once, then each text's terms read against it. */
  private compare(query: Vector, ids: number[]): number[] {
    this.nextEpoch();
    const scratch = this.scratch;
    for (let i = 0; i < query.ids.length; i++) scratch[query.ids[i]!] = query.weights[i]!;
    const scores = ids.map((id) => {
      const v = this.docs.has(id) ? this.vectorOfDoc(id) : undefined;
      if (!v) return 0;
      let dot = 0;
      for (let i = 0; i < v.ids.length; i++) dot += v.weights[i]! * scratch[v.ids[i]!]!;
      return v.norm ? dot / (query.norm * v.norm) : 0;
    });
    for (let i = 0; i < query.ids.length; i++) scratch[query.ids[i]!] = 0;
    return scores;
  }

  /** An indexed text's weighted vector as of this epoch. */
  private vectorOfDoc(id: number): Vector {
    const doc = this.docs.get(id)!;
    if (doc.epoch !== this.epoch) {
      doc.vector = this.vectorOf(this.weigh(doc.terms));
      doc.epoch = this.epoch;
    }
    return doc.vector!;
  }

  /**
   * Weights by term as a vector of term ids. An indexed text's new terms get ids; a query's terms
   * no text has are left out of its ids (nothing can match them) but count in its norm.
   */
  private vectorOf(weights: Map<string, number>, intern = true): Vector {
    const ids: number[] = [];
    const values: number[] = [];
    let sum = 0;
    for (const [term, w] of weights) {
      sum += w * w;
      const id = intern ? this.termId(term) : this.termIds.get(term);
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
      this.termIds.set(term, (id = this.termIds.size));
      if (id >= this.scratch.length) this.scratch = grow(this.scratch, id);
    }
    return id;
  }

  private idf(term: string): number {
    // A term no indexed text has is as rare as can be: it still makes the asker's text less like any other.
    return Math.log(1 + (this.docs.size + 1) / ((this.df.get(term) ?? 0) + 1));
  }

  private weigh(counts: Map<string, number>): Map<string, number> {
    const v = new Map<string, number>();
    for (const [term, tf] of counts) v.set(term, tfWeight(tf) * this.idf(term));
    return v;
  }
}

/** Saying a word twice does not make a text twice as much about it (a lone pair, counted 0.5, weighs 0.31). */
const tfWeight = (tf: number) => 1 + Math.log(tf);


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

/** `array` with room for index `i` at least, twice as long as it needs. */
function grow(array: Float64Array<ArrayBuffer>, i: number): Float64Array<ArrayBuffer> {
  const grown = new Float64Array(Math.max(array.length * 2, (i + 1) * 2));
  grown.set(array);
  return grown;
}
