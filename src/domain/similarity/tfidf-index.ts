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

interface Doc {
  topicId: number;
  terms: Map<string, number>;
}

export interface NearestQuery {
  topicId: number;
  limit: number;
  /** Cosine below which a text is not close enough to be named. */
  minScore: number;
  /** Candidates this refuses are left out (the asker's own texts, later ones). */
  accept?: (id: number) => boolean;
}

/** Terms in more texts than this share are too common to find candidates by (they still count in the score). */
const COMMON_SHARE = 0.2;
/** Candidates scored exactly per result asked for: the partial score from rare terms ranks them well enough. */
const CANDIDATES_PER_RESULT = 10;

/** The texts of one dialogue, searchable by closeness within a topic. */
export class TfIdfIndex {
  private readonly docs = new Map<number, Doc>();
  private readonly df = new Map<string, number>();
  private readonly postings = new Map<string, number[]>();

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
    for (const term of doc.terms.keys()) {
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

  /** The indexed texts of the topic closest to `text`, best first, at least `minScore` close. */
  nearest(text: string, q: NearestQuery): Match[] {
    const query = this.weigh(terms(text));
    const queryNorm = norm(query);
    if (queryNorm === 0) return [];
    const common = Math.max(2, this.docs.size * COMMON_SHARE);
    const partial = new Map<number, number>();
    for (const [term, w] of query) {
      const list = this.postings.get(term);
      if (!list || list.length > common) continue;
      for (const id of list) partial.set(id, (partial.get(id) ?? 0) + w * this.idf(term) * tfWeight(this.docs.get(id)!.terms.get(term)!));
    }
    const candidates = [...partial]
      .filter(([id]) => this.docs.get(id)!.topicId === q.topicId && (q.accept?.(id) ?? true))
      .sort((a, b) => b[1] - a[1])
      .slice(0, q.limit * CANDIDATES_PER_RESULT);
    const matches: Match[] = [];
    for (const [id] of candidates) {
      const score = cosine(query, queryNorm, this.weigh(this.docs.get(id)!.terms));
      if (score >= q.minScore) matches.push({ id, score });
    }
    return matches.sort((a, b) => b.score - a.score || a.id - b.id).slice(0, q.limit);
  }

  /** How close `text` is to each of the indexed texts `ids` (0 for one not indexed). */
  scores(text: string, ids: number[]): number[] {
    const query = this.weigh(terms(text));
    const queryNorm = norm(query);
    return ids.map((id) => {
      const doc = this.docs.get(id);
      return doc && queryNorm ? cosine(query, queryNorm, this.weigh(doc.terms)) : 0;
    });
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

function cosine(query: Map<string, number>, queryNorm: number, doc: Map<string, number>): number {
  let dot = 0;
  for (const [term, w] of query) dot += w * (doc.get(term) ?? 0);
  return dot / (queryNorm * norm(doc));
}

function norm(v: Map<string, number>): number {
  let sum = 0;
  for (const w of v.values()) sum += w * w;
  return Math.sqrt(sum);
}
