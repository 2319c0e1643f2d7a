// What a conflict is about, field by field: for each field my refused change set, the value now on
// the server (theirs) beside the value I wanted (mine), in words a person reads in the form.
import { ATTRIBUTE_FIELDS } from "@/lib/labels/attribute-fields";

export type ConflictField = { field: string; theirs: string; mine: string };

type Side = { labelId?: unknown; attributes?: unknown; note?: unknown; deleted?: boolean };
type Names = { label: (id: string) => string | undefined; annotation: (id: string) => string | undefined };

const ATTRIBUTE_NAMES = new Map(Object.values(ATTRIBUTE_FIELDS).flat().map((f) => [f.key, f]));
const EMPTY = "(empty)";

function shown(key: string, value: unknown, names: Names): string {
  if (value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length)) return EMPTY;
  const link = ATTRIBUTE_NAMES.get(key)?.link;
  const one = (v: unknown) => (link && typeof v === "string" ? (names.annotation(v) ?? v) : typeof v === "string" ? v : JSON.stringify(v));
  return Array.isArray(value) ? value.map(one).join(", ") : one(value);
}

const asRecord = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/**
 * The fields where my change and the server's current annotation differ. `kind` is what my
 * change was: a delete shows as one row; a field my change did not touch is not listed, even if
 * they changed it.
 */
export function conflictFields(kind: "create" | "update" | "delete", mine: Record<string, unknown>, theirs: Side | null, names: Names): ConflictField[] {
  if (!theirs) return [];
  if (kind === "delete") return [{ field: "Annotation", theirs: theirs.deleted ? "deleted" : "kept (changed)", mine: "deleted" }];
  if (theirs.deleted) return [{ field: "Annotation", theirs: "deleted", mine: "changed" }];
  const rows: ConflictField[] = [];
  if ("labelId" in mine && mine.labelId !== theirs.labelId) {
    const label = (v: unknown) => (typeof v === "string" ? (names.label(v) ?? v) : EMPTY);
    rows.push({ field: "Label", theirs: label(theirs.labelId), mine: label(mine.labelId) });
  }
  if ("attributes" in mine) {
    const a = asRecord(theirs.attributes);
    const b = asRecord(mine.attributes);
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const [t, m] = [shown(key, a[key], names), shown(key, b[key], names)];
      if (t !== m) rows.push({ field: ATTRIBUTE_NAMES.get(key)?.name ?? key, theirs: t, mine: m });
    }
  }
  if ("note" in mine && (mine.note ?? "") !== (theirs.note ?? "")) {
    rows.push({ field: "Note", theirs: shown("note", theirs.note, names), mine: shown("note", mine.note, names) });
  }
  return rows;
}
