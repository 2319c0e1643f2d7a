/** A document as sent to a model server. */
export type RunDocument = { id: string; text: string };
/** A label as a model server sees it: its name (what it answers with), kind and description. */
export type ModelLabel = { id: string; name: string; kind: "CLAIM" | "EVENT" | "ENTITY"; description: string };
/** A span as a model server gave it, before anchoring: offsets maybe in the wrong unit, maybe only a quote. */
export type ForeignProposal = { documentId: string; label: string; start?: number | null; end?: number | null; text?: string | null; score: number | null; utf16?: boolean };
