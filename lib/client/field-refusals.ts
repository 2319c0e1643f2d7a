// Refused changes to an annotation's fields, seen from its form: which field each refusal is
// about (so the reason is shown next to it), and which refusals a newer value of the same fields
// replaces (so the person's correction is sent instead of waiting behind the refused value).
import type { RefusedChange } from "@/lib/client/annotation-queue";

/** Why each field's last value was refused, by path: "note", "labelId", "attributes.date". */
export function fieldRefusals(refused: RefusedChange[], annotationId: string): Record<string, string> {
  const reasons: Record<string, string> = {};
  for (const { op } of refused) {
    if (op.kind !== "update" || op.annotationId !== annotationId || !op.refused) continue;
    const { issues, message } = op.refused;
    if (issues?.length) {
      for (const issue of issues) reasons[issue.path || "attributes"] = issue.message;
      continue;
    }
    // No field named (no access any more, say): every field the change set is explained alike.
    for (const key of Object.keys(op.body)) {
      if (key === "version") continue;
      if (key === "attributes" && op.body.attributes && typeof op.body.attributes === "object") {
        for (const name of Object.keys(op.body.attributes)) reasons[`attributes.${name}`] = message;
      }
      reasons[key] = message;
    }
  }
  return reasons;
}

/** The refused updates of this annotation that a new change to `keys` makes moot: all they set, it sets again. */
export function supersededRefusals(refused: RefusedChange[], annotationId: string, keys: string[]): string[] {
  const setting = new Set(keys);
  return refused
    .filter(({ op }) => op.kind === "update" && op.annotationId === annotationId && Object.keys(op.body).every((k) => k === "version" || setting.has(k)))
    .map(({ op }) => op.opId);
}
