// The shapes every export writer reads and every import reader produces. Pure data, no Prisma:
// lib/server/export/* turns database rows into these, lib/formats/<format>.ts turns them into
// bytes (and back). Offsets are always Unicode code points into ExportDocument.text, end
// exclusive; a writer that needs another unit (UTF-16, brat's) converts with lib/anchoring/offsets.

export type LabelKind = "CLAIM" | "EVENT" | "ENTITY";
export type ReviewState = "PENDING" | "ACCEPTED" | "REJECTED";

export type ExportProject = { id: string; name: string; description: string };

export type ExportLabel = { id: string; name: string; kind: LabelKind; color: string; description: string };

export type ExportDocument = {
  id: string;
  title: string;
  /** Canonical text: NFC, LF line ends, no BOM. */
  text: string;
  sourceUrl: string | null;
  publisher: string | null;
  /** ISO date, possibly partial: 2019, 2019-04, 2019-04-25. */
  publishedOn: string | null;
  language: string | null;
  fileName: string | null;
  createdAt: string;
  /** SHA-256 (hex) of `text`, as stored: names the text by its content (W3C targets' urn:sha256). */
  contentHash?: string;
};

export type ExportAnnotation = {
  id: string;
  documentId: string;
  label: ExportLabel;
  /** Author's id and display name; for the gold layer the curator who made it. */
  authorId: string;
  authorName: string;
  /** Code points, end exclusive. */
  start: number;
  end: number;
  exact: string;
  prefix: string;
  suffix: string;
  /** Per-kind attributes (see lib/schemas/annotation.ts): claimantId, stance, date, participantIds … */
  attributes: Record<string, unknown>;
  note: string;
  reviewState: ReviewState;
  gold: boolean;
  /** The knowledge-base item the annotation refers to ("Kim Jong Un"), if linked, with its references into other knowledge bases ("Wikidata:Q56226"). */
  canonical?: { id: string; name: string; externalIds?: string[] } | null;
  version: number;
  createdAt: string;
  updatedAt: string;
};

/**
 * A typed, directed link between two annotations of one document. Today they come from the
 * attributes that point at other annotations: claim → claimant (claimantId), event → location
 * (locationId), event → participant (participantIds).
 */
export type ExportRelation = { type: string; fromId: string; toId: string; documentId: string };

/** Relation types derived from attributes, in the order they are written. */
export const ATTRIBUTE_RELATIONS = [
  { attribute: "claimantId", type: "claimant" },
  { attribute: "locationId", type: "location" },
  { attribute: "participantIds", type: "participant" },
] as const;

/** The relations an annotation's attributes express, skipping targets not in `known`. */
export function relationsOf(annotation: ExportAnnotation, known: (id: string) => boolean): ExportRelation[] {
  const relations: ExportRelation[] = [];
  for (const { attribute, type } of ATTRIBUTE_RELATIONS) {
    const value = annotation.attributes[attribute];
    const targets = Array.isArray(value) ? value : value === undefined ? [] : [value];
    for (const target of targets) {
      if (typeof target === "string" && known(target)) {
        relations.push({ type, fromId: annotation.id, toId: target, documentId: annotation.documentId });
      }
    }
  }
  return relations;
}

/**
 * One document with its annotations in text order (start, then end, then id) — the unit writers
 * stream — and the typed relations drawn between them (the project's relation types; the links
 * held in attributes come from relationsOf).
 */
export type DocumentBatch = { document: ExportDocument; annotations: ExportAnnotation[]; relations?: ExportRelation[] };
