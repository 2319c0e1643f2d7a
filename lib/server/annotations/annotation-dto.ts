import "server-only";

export const ANNOTATION_SELECT = {
  id: true, documentId: true, labelId: true, authorId: true, start: true, end: true, exact: true, prefix: true,
  suffix: true, attributes: true, note: true, version: true, reviewState: true, gold: true, canonicalId: true, seq: true, deletedAt: true, createdAt: true, updatedAt: true,
} as const;

type Row = {
  id: string; documentId: string; labelId: string; authorId: string; start: number; end: number; exact: string;
  prefix: string; suffix: string; attributes: unknown; note: string; version: number; reviewState: string; gold: boolean; canonicalId: string | null; seq: bigint;
  deletedAt: Date | null; createdAt: Date; updatedAt: Date;
};

export type AnnotationDto = Omit<Row, "seq" | "attributes"> & { seq: number; attributes: Record<string, unknown>; deleted: boolean };

/** JSON-safe: the change sequence fits a double for the next few hundred million years of edits. */
export function toAnnotationDto(row: Row): AnnotationDto {
  return { ...row, seq: Number(row.seq), attributes: (row.attributes ?? {}) as Record<string, unknown>, deleted: row.deletedAt !== null };
}
