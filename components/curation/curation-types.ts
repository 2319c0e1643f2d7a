// What the curation page gets from GET /api/documents/[id]/curation (curationView), and the
// choices the page makes from it. Pure.
import type { AnnotationVersion, CurationCluster, CandidateWithStatus } from "@/lib/curation/curation-state";

export type Candidate = CandidateWithStatus;
export type Cluster = CurationCluster;
export type Version = AnnotationVersion;
export type CurationData = { threshold: number; goldCount: number; mergeable: number; clusters: Cluster[]; versions: Record<string, Version> };
export type LabelInfo = { name: string; color: string };
export type Labels = Record<string, LabelInfo>;

export const undecided = (c: Candidate) => c.status === "open" || c.status === "agreed" || c.status === "removed";

/** One annotator's version of a candidate: what a row shows and a key takes. */
export type RowVersion = { candidate: Candidate; version: Version };
export type AnnotatorRow = { authorId: string; versions: RowVersion[] };

/** One row per annotator with a version in the cluster, in a stable order. */
export function annotatorRows(cluster: Cluster, versions: Record<string, Version>, names: Record<string, string>): AnnotatorRow[] {
  const rows = new Map<string, RowVersion[]>();
  for (const candidate of cluster.candidates) {
    for (const id of candidate.annotationIds) {
      const version = versions[id];
      if (!version) continue;
      rows.set(version.authorId, [...(rows.get(version.authorId) ?? []), { candidate, version }]);
    }
  }
  return [...rows.entries()]
    .map(([authorId, list]) => ({ authorId, versions: list.sort((a, b) => a.candidate.start - b.candidate.start || b.candidate.end - a.candidate.end) }))
    .sort((a, b) => (names[a.authorId] ?? "").localeCompare(names[b.authorId] ?? "") || a.authorId.localeCompare(b.authorId));
}

/** The versions a key can take, numbered 1… in row order. */
export const takeable = (rows: AnnotatorRow[]) => rows.flatMap((r) => r.versions.filter((v) => undecided(v.candidate)));

/**
 * Taking a candidate rejects the undecided ones it competes with: the same span with another
 * label, or the same label on another span. Nested spans with other labels wait for their own decision.
 */
export const competitors = (cluster: Cluster, taken: { key: string; start: number; end: number; labelId: string }) =>
  cluster.candidates
    .filter((c) => c.key !== taken.key && undecided(c) && (c.labelId === taken.labelId || (c.start === taken.start && c.end === taken.end)))
    .map((c) => c.key);

/** Attribute names (and "knowledge-base link") on which versions with the same label differ. */
export function differences(cluster: Cluster, versions: Record<string, Version>, labelId: string): Set<string> {
  const same = cluster.candidates.filter((c) => c.labelId === labelId).flatMap((c) => c.annotationIds.map((id) => versions[id]).filter(Boolean));
  const out = new Set<string>();
  const fields = new Set(same.flatMap((v) => Object.keys(v.attributes)));
  for (const f of fields) if (!same.every((v) => v.attributes[f] === same[0].attributes[f])) out.add(f);
  if (!same.every((v) => v.canonical?.id === same[0].canonical?.id)) out.add("knowledge-base link");
  if (!same.every((v) => v.relations.join("|") === same[0].relations.join("|"))) out.add("relations");
  return out;
}
