import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { checkSpan, quoteOf, type TextQuote } from "@/lib/anchoring/offsets";
import { ATTRIBUTE_SCHEMAS } from "@/lib/schemas/annotation";
import { isUuid } from "@/lib/server/authz";
import { AppError } from "@/lib/server/errors";
import { documentOffsetMap } from "@/lib/server/annotations/document-text-cache";

/** The label, which must belong to the document's project; returns its kind. */
export async function labelKind(projectId: string, labelId: string) {
  const label = isUuid(labelId) ? await db.label.findFirst({ where: { id: labelId, projectId }, select: { kind: true } }) : null;
  if (!label) throw new AppError("INVALID_INPUT", "Unknown label: it is not part of this project's label scheme.");
  return label.kind;
}

/** Checks offsets and quote against the canonical text; returns the quote with its context. */
export async function anchor(documentId: string, span: { start: number; end: number; exact: string }): Promise<TextQuote> {
  const map = await documentOffsetMap(documentId);
  const problem = checkSpan(map, span);
  if (problem?.kind === "invalid") throw new AppError("INVALID_INPUT", `Invalid span: ${problem.message}.`);
  if (problem?.kind === "mismatch") {
    throw new AppError("UNPROCESSABLE", `The span cannot be anchored: ${problem.message}. Offsets count Unicode code points.`, { actual: problem.actual });
  }
  return quoteOf(map, span);
}

/** Validates attributes for the label's kind; links must point at live annotations of the same document. */
/** Valid attributes for the kind; the annotations they link to must be live in the document and among those the caller may see (`visible`). */
export async function checkAttributes(
  kind: keyof typeof ATTRIBUTE_SCHEMAS, documentId: string, attributes: Record<string, unknown>, visible: Prisma.AnnotationWhereInput,
) {
  const parsed = ATTRIBUTE_SCHEMAS[kind].safeParse(attributes);
  if (!parsed.success) {
    throw new AppError("INVALID_INPUT", `Invalid attributes for a ${kind.toLowerCase()}`, {
      issues: parsed.error.issues.map((i) => ({ path: ["attributes", ...i.path].join("."), message: i.message })),
    });
  }
  const value = parsed.data as { claimantId?: string; locationId?: string; participantIds?: string[] };
  const links = [value.claimantId, value.locationId, ...(value.participantIds ?? [])].filter((x): x is string => !!x);
  if (links.length) {
    const found = await db.annotation.count({ where: { id: { in: links }, documentId, deletedAt: null, AND: [visible] } });
    if (found !== new Set(links).size) {
      throw new AppError("INVALID_INPUT", "A linked annotation (claimant, location or participant) is not a live annotation in this document.");
    }
  }
  return parsed.data as Record<string, unknown>;
}

type LabelKind = keyof typeof ATTRIBUTE_SCHEMAS;

/**
 * For the one-statement paths, which learn the label's kind only inside the statement: the kinds
 * these attributes are valid for, what they parse to, and the annotations they link to. The kinds'
 * fields are disjoint, so `{}` suits every kind and anything else at most one; null when no kind
 * accepts them or two kinds would store different values (the step-by-step path then answers).
 */
export function attributeKinds(attributes: Record<string, unknown>): { kinds: LabelKind[]; value: Record<string, unknown>; links: string[] } | null {
  const kinds: LabelKind[] = [];
  let value: Record<string, unknown> | null = null;
  for (const kind of Object.keys(ATTRIBUTE_SCHEMAS) as LabelKind[]) {
    const parsed = ATTRIBUTE_SCHEMAS[kind].safeParse(attributes);
    if (!parsed.success) continue;
    if (value !== null && JSON.stringify(value) !== JSON.stringify(parsed.data)) return null;
    value = parsed.data as Record<string, unknown>;
    kinds.push(kind);
  }
  if (value === null) return null;
  const v = value as { claimantId?: string; locationId?: string; participantIds?: string[] };
  const links = [...new Set([v.claimantId, v.locationId, ...(v.participantIds ?? [])].filter((x): x is string => !!x))];
  return { kinds, value, links };
}
