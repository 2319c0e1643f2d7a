// Curation works on candidates: a span + label proposed by one or more annotators. Candidates
// whose spans overlap form a cluster; a cluster with one candidate that enough annotators share is
// consensus, anything else needs a curator's decision. Pure.

export type SourceAnnotation = { id: string; authorId: string; start: number; end: number; labelId: string; exact: string; attributes: unknown };
export type Candidate = {
  key: string;
  start: number;
  end: number;
  labelId: string;
  exact: string;
  authors: string[];
  annotationIds: string[];
  attributes: unknown;
};
export type Cluster = { start: number; end: number; candidates: Candidate[] };

export const candidateKey = (a: { start: number; end: number; labelId: string }) => `${a.start}:${a.end}:${a.labelId}`;

export function candidatesOf(annotations: SourceAnnotation[]): Candidate[] {
  const byKey = new Map<string, Candidate>();
  for (const a of [...annotations].sort((x, y) => x.start - y.start || x.end - y.end)) {
    const key = candidateKey(a);
    const c = byKey.get(key) ?? { key, start: a.start, end: a.end, labelId: a.labelId, exact: a.exact, authors: [], annotationIds: [], attributes: a.attributes };
    // One vote per annotator, however many identical annotations they made.
    if (!c.authors.includes(a.authorId)) c.authors.push(a.authorId);
    c.annotationIds.push(a.id);
    byKey.set(key, c);
  }
  return [...byKey.values()];
}

/** Groups candidates whose spans overlap (transitively) into clusters, in text order. */
export function clustersOf(candidates: Candidate[]): Cluster[] {
  const clusters: Cluster[] = [];
  for (const c of [...candidates].sort((x, y) => x.start - y.start || x.end - y.end)) {
    const last = clusters.at(-1);
    if (last && c.start < last.end) {
      last.candidates.push(c);
      last.end = Math.max(last.end, c.end);
    } else clusters.push({ start: c.start, end: c.end, candidates: [c] });
  }
  return clusters;
}
