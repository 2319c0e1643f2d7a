import type { ViewerProposal } from "@/components/viewer/proposal-panel";
import type { ViewerSuggestion } from "@/components/viewer/suggestion-panel";
import type { ViewerLabel } from "@/components/viewer/viewer-types";

/** One row of the list: a recommender's proposal, or a knowledge-base suggestion (the knowledge base as one more recommender). */
export type ProposalItem = { key: string; start: number; end: number; exact: string; labelId: string | undefined } & (
  | { source: "recommender"; proposal: ViewerProposal }
  | { source: "knowledge"; suggestion: ViewerSuggestion }
);

/**
 * Recommenders' proposals and knowledge-base suggestions in one list, in text order, with one
 * keyboard flow. Where both propose the same span with the same label, the suggestion stays (its
 * accept also links the entity) and the proposal is not shown twice.
 */
export function mergeProposals(proposals: ViewerProposal[], suggestions: ViewerSuggestion[], labels: ViewerLabel[]): ProposalItem[] {
  const fromKnowledge: ProposalItem[] = suggestions.map((s) => ({
    key: `kb:${s.id}`, source: "knowledge", suggestion: s, start: s.start, end: s.end, exact: s.exact,
    labelId: s.label?.id ?? labels.find((l) => l.kind === s.item.kind)?.id,
  }));
  const taken = new Set(fromKnowledge.map((i) => `${i.labelId}:${i.start}:${i.end}`));
  const fromRecommenders: ProposalItem[] = proposals
    .filter((p) => !taken.has(`${p.labelId}:${p.start}:${p.end}`))
    .map((p) => ({ key: p.id, source: "recommender", proposal: p, start: p.start, end: p.end, exact: p.exact, labelId: p.labelId }));
  return [...fromKnowledge, ...fromRecommenders].sort((a, b) => a.start - b.start || b.end - a.end);
}

