// Where curation stands: each candidate's status and each cluster's state, from the gold layer
// and the curator's decisions. Pure, shared by the server (view and merge) and its property test,
// so the page lists exactly what is undecided and the merge button counts exactly what it merges.
import { clustersOf, type Candidate } from "@/lib/curation/candidates";

/**
 * gold: in the gold layer. rejected: a curator rejected it. removed: it was put in gold and that
 * gold annotation was deleted since — neither in gold nor rejected, so it waits for a curator
 * again (take it again or reject it), but the merge does not put it back. agreed: enough
 * annotators share it and nobody decided yet (the merge takes it). open: waits for a curator.
 */
export type CandidateStatus = "gold" | "rejected" | "removed" | "agreed" | "open";
export type ClusterState = "settled" | "consensus" | "disagreement";
export type CurationInput = {
  candidates: Candidate[];
  /** candidateKey of every live gold annotation. */
  goldKeys: ReadonlySet<string>;
  /** candidateKey → kind of the curator's decision about it. */
  decisions: ReadonlyMap<string, string>;
  threshold: number;
};
export type CandidateWithStatus = Candidate & { status: CandidateStatus };
export type CurationCluster = { start: number; end: number; state: ClusterState; candidates: CandidateWithStatus[] };

/**
 * Each annotator's annotation as a curator compares it: attributes with links to other
 * annotations shown as what they point at (“quote” Label), so two annotators' links to their own
 * copies of the same span compare equal; the knowledge-base item; the relations it takes part in.
 */
export type AnnotationVersion = {
  id: string;
  authorId: string;
  attributes: Record<string, string>;
  canonical: { id: string; name: string } | null;
  relations: string[];
  note: string;
};

export const isDecided = (status: CandidateStatus) => status === "gold" || status === "rejected";

export function statusOf(c: Candidate, { goldKeys, decisions, threshold }: Omit<CurationInput, "candidates">): CandidateStatus {
  if (goldKeys.has(c.key)) return "gold";
  const decision = decisions.get(c.key);
  if (decision === "REJECTED") return "rejected";
  if (decision) return "removed";
  return c.authors.length >= threshold ? "agreed" : "open";
}

/**
 * Clusters in text order. A cluster is settled only when every candidate in it is decided; one
 * with an open (or removed) candidate is a disagreement, however many of its other candidates are agreed or
 * in gold already; one whose undecided candidates are all agreed is consensus.
 */
export function curationClusters(input: CurationInput): CurationCluster[] {
  return clustersOf(input.candidates).map((cluster) => {
    const candidates = cluster.candidates.map((c) => ({ ...c, status: statusOf(c, input) }));
    const state: ClusterState = candidates.every((c) => isDecided(c.status))
      ? "settled"
      : candidates.some((c) => c.status === "open" || c.status === "removed")
        ? "disagreement"
        : "consensus";
    return { start: cluster.start, end: cluster.end, state, candidates };
  });
}

/** What "Merge agreed spans" puts into the gold layer: every agreed candidate nobody decided about. */
export const mergeableCandidates = (input: CurationInput) => input.candidates.filter((c) => statusOf(c, input) === "agreed");
