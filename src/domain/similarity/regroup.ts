import type { TfIdfIndex } from "./tfidf-index.js";

/**
 * How a new proposal's neighbourhood is formed into groups again, from the closeness of its texts
 * alone: what is read from and written to the database is `SimilarProposals.groupNew`'s.
 */

/** A group as grouping weighs it. */
export interface Neighbour {
  /** Its first few active members in filing order (all of them, if no more): they say what it asks. */
  members: number[];
  /** Settled (large, or merged, split or triaged by staff): it is joined, never taken apart. */
  fixed: boolean;
}

export interface Cluster {
  /** Proposal ids, in filing order. */
  members: number[];
  /** The settled group it holds, if any. */
  fixed?: number;
  /** The group each member was in before (none for the new proposal). */
  from: Map<number, number>;
}

/**
 * The new proposal and its neighbourhood formed again by average link (see `SimilarProposals.groupNew`): clusters
 * start as the new proposal, each member of a forming group, and each settled group (weighed by
 * its first members); the two closest on average join while at least `minScore`, two settled
 * groups never. Deterministic: ties go to the earlier pair.
 */
export function regroup(index: TfIdfIndex, proposalId: number, neighbours: Map<number, Neighbour>, minScore: number): Cluster[] {
  const clusters: (Cluster & { weighed: number[] })[] = [{ members: [proposalId], weighed: [proposalId], from: new Map() }];
  for (const [groupId, g] of [...neighbours].sort((a, b) => a[0] - b[0])) {
    const from = new Map(g.members.map((id) => [id, groupId]));
    if (g.fixed) clusters.push({ members: [...g.members], weighed: [...g.members], fixed: groupId, from });
    else for (const id of g.members) clusters.push({ members: [id], weighed: [id], from: new Map([[id, groupId]]) });
  }
  // Closeness of every two proposals weighed, through their neighbours. Only pairs with a proposal
  // not in a settled group are ever linked (settled groups do not join each other): only those are worked out.
  const ids = [...new Set(clusters.flatMap((c) => c.weighed))];
  const at = new Map(ids.map((id, i) => [id, i]));
  const free = new Set(clusters.filter((c) => c.fixed === undefined).flatMap((c) => c.weighed));
  const sim = throughNeighbours(index.pairScores(ids), ids.length, ids.flatMap((id, i) => (free.has(id) ? [i] : [])));
  const link = (a: { weighed: number[] }, b: { weighed: number[] }) => {
    let sum = 0;
    for (const x of a.weighed) for (const y of b.weighed) sum += sim[at.get(x)! * ids.length + at.get(y)!]!;
    return sum / (a.weighed.length * b.weighed.length);
  };
  for (;;) {
    let best: { i: number; j: number; score: number } | undefined;
    for (let i = 0; i < clusters.length; i++)
      for (let j = i + 1; j < clusters.length; j++) {
        if (clusters[i]!.fixed !== undefined && clusters[j]!.fixed !== undefined) continue;
        const score = link(clusters[i]!, clusters[j]!);
        if (score >= minScore && score > (best?.score ?? -1)) best = { i, j, score };
      }
    if (!best) break;
    const [a, b] = [clusters[best.i]!, clusters[best.j]!];
    a.members = [...a.members, ...b.members].sort((x, y) => x - y);
    a.weighed = [...a.weighed, ...b.weighed];
    a.fixed ??= b.fixed;
    for (const [id, g] of b.from) a.from.set(id, g);
    clusters.splice(best.j, 1);
  }
  return clusters.map(({ members, fixed, from }) => ({ members, fixed, from })).sort((a, b) => a.members[0]! - b.members[0]!);
}

/**
 * How many of a proposal's nearest in the neighbourhood, and how close at least, lend it their
 * words, and how much (against 1 for its own); see `throughNeighbours`.
 */
const NEIGHBOURS_LENT = 10;
const NEIGHBOUR_MIN_SCORE = 0.15;
const NEIGHBOURS_WEIGHT = 0.5;

/**
 * Closeness through shared neighbours (pseudo-relevance feedback, as Rocchio's): each proposal of
 * the neighbourhood is read as its own words plus half the mean (by closeness) of its nearest
 * others' (`closeness`, n × n, 1 on the diagonal: see `TfIdfIndex.pairScores`), and two proposals
 * are as close as the cosine of those. Two paraphrases sharing few words are closer when the same
 * proposals are near both; the matrix form (E·C·Eᵀ, E = I + ½·A, A the neighbour weights) needs no
 * vectors beyond the cosines. Only the rows (and columns) `rows` are worked out, the rest left 0:
 * grouping links no two proposals of settled groups.
 *
 * On the labelled set (GROUP_MIN_SCORE chosen on half A of the groups, B held out; an earlier
 * split than `half`'s, not kept), precision and recall: A 0.968/0.693 (cosine alone 0.933/0.651),
 * B 0.977/0.773 (0.940/0.731), all 0.984/0.733 (0.968/0.691). The mean taken over the neighbours'
 * full closeness, not over 1 at least, reached more (all 0.953/0.761, B 0.934/0.792) but made any
 * two proposals with a cosine of 0.15 that are each other's only neighbour (a young dialogue) as
 * close as duplicates. In offline runs (scratch scripts, thresholds chosen on A, the mean over
 * full closeness), these settings were the best on A: 3 or 5 nearest or a weight of 1 did worse (A
 * recall 0.55 to 0.69), a floor of 0.1 or 0.2 too (0.61 to 0.70). Neighbours taken from the whole
 * topic rather than only the neighbourhood did no better (A 0.927/0.712, B 0.955/0.782) and would
 * cost a search each; neighbours frozen as each proposal is filed (no later arrivals) did much
 * worse (A recall 0.46).
 *
 * Tried and left out, best recall on A at precision 0.9 there: a shared-nearest-neighbour count
 * blended with the cosine 0.674 (k 5, weight 0.2), BM25's idf 0.642, character 3- to 5-grams of
 * the folded text 0.623. On `half`'s split, against A 0.972/0.641 then (before `overlap`), each
 * threshold chosen on A: latent semantic analysis (the set's TF-IDF matrix reduced to 50 or 100
 * dimensions by an SVD of the whole set, blended with the cosine: an upper bound for one kept up
 * as proposals arrive) 0.654 at precision 0.93 (all 0.964/0.738); each text given the terms that
 * co-occur most with its own (PMI) 0.39 to 0.46; clusters joined only if their link is 0.6 to 0.8
 * of either's own cohesion, or by group average (every pair of the union), or with a threshold
 * raised or lowered for small clusters (by −0.1 to 0.2 over √(sizes' product)): 0.48 to 0.65; 15
 * or 20 neighbours lent, a weight of 0.75 or 1, a floor of 0.1: 0.61 to 0.64; a pair counting
 * 0.25, 0.75 or 1: 0.65 at most (0.25, its top-3 hit 0.89); syllables with their marks as terms
 * too 0.645 (B worse). With `overlap`, against A 0.980/0.664: an SVD blended in again 0.645 to
 * 0.664 (B worse); the allowance applied to these smoothed vectors too, pivoted length
 * normalisation instead of it, skipped pairs of syllables (a word between), numbers dropped: 0.63
 * to 0.664, none better on A; a lone proposal joining on 0.02 to 0.06 less: 0.664 to 0.673 at
 * precision 0.91 (all 0.954/0.763) or B 0.70; 15 candidates 0.668 (B 0.850); 5 to 15 neighbours
 * lent, a weight of 0.35 or 0.65, a floor of 0.1 or 0.2: 0.645 to 0.664. Each phrase of
 * concepts.ts found also counted as a term of its own (0.5, 1 or 2 against a syllable's 1): at
 * precision 0.95 on A, 0.618 to 0.631 (more recall only by wrong merges: all 0.903/0.777 at best).
 */
function throughNeighbours(closeness: Float64Array, n: number, rows: number[]): Float64Array {
  // Each row's nearest others (at most NEIGHBOURS_LENT, in `near` by rows, closest first, ties to
  // the earlier), weighed by closeness, their weights summing to NEIGHBOURS_WEIGHT at most. Typed
  // arrays, not objects: grouping 20 000 proposals does this for each.
  const K = NEIGHBOURS_LENT;
  const near = new Int32Array(n * K);
  const weight = new Float64Array(n * K);
  const count = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let j = 0; j < n; j++) {
      const s = closeness[i * n + j]!;
      if (j === i || s < NEIGHBOUR_MIN_SCORE || (m === K && s <= weight[i * K + K - 1]!)) continue;
      let at = m < K ? m++ : K - 1;
      while (at > 0 && weight[i * K + at - 1]! < s) {
        near[i * K + at] = near[i * K + at - 1]!;
        weight[i * K + at] = weight[i * K + at - 1]!;
        at--;
      }
      near[i * K + at] = j;
      weight[i * K + at] = s;
    }
    count[i] = m;
    // Lent as a mean, but over a closeness of 1 at least: a proposal with one neighbour, near nothing
    // else (a young dialogue), is not read as half that neighbour.
    let total = 0;
    for (let a = 0; a < m; a++) total += weight[i * K + a]!;
    const scale = NEIGHBOURS_WEIGHT / Math.max(1, total);
    for (let a = 0; a < m; a++) weight[i * K + a]! *= scale;
  }
  // G = E·C·Eᵀ: its diagonal (each proposal's norm squared), then the rows asked for, through T = E·C.
  const norm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let g = 1;
    for (let a = 0; a < count[k]!; a++) {
      const ja = near[k * K + a]!;
      const wa = weight[k * K + a]!;
      g += 2 * wa * closeness[k * n + ja]!;
      for (let b = 0; b < count[k]!; b++) g += wa * weight[k * K + b]! * closeness[ja * n + near[k * K + b]!]!;
    }
    norm[k] = Math.sqrt(g);
  }
  const out = new Float64Array(n * n);
  const t = new Float64Array(n);
  for (const i of rows) {
    t.set(closeness.subarray(i * n, (i + 1) * n));
    for (let a = 0; a < count[i]!; a++) {
      const j = near[i * K + a]!;
      const w = weight[i * K + a]!;
      for (let c = 0; c < n; c++) t[c]! += w * closeness[j * n + c]!;
    }
    for (let k = 0; k < n; k++) {
      let g = t[k]!;
      for (let b = 0; b < count[k]!; b++) g += weight[k * K + b]! * t[near[k * K + b]!]!;
      out[i * n + k] = out[k * n + i] = g / (norm[i]! * norm[k]!);
    }
  }
  return out;
}
