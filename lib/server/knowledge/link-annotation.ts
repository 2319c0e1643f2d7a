import "server-only";
import { KIND_WITH_ARTICLE } from "@/lib/labels/palette";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { LabelKind } from "@/lib/generated/prisma/enums";
import { ANNOTATION_SELECT, toAnnotationDto, type AnnotationDto } from "@/lib/server/annotations/annotation-dto";
import { lockDocumentChanges } from "@/lib/server/annotations/notify";
import { authorize, resolveResource, type Caller } from "@/lib/server/authz";
import { AppError } from "@/lib/server/errors";
import { lockItems } from "@/lib/server/knowledge/canonical-items";
import { relinkMentions } from "@/lib/server/knowledge/relink-mentions";

export type LinkedAnnotation = AnnotationDto & { canonicalId: string | null };

export type LinkResult = {
  annotation: LinkedAnnotation;
  /** The item it now mentions, or null when unlinked. */
  canonical: { id: string; kind: LabelKind; name: string } | null;
  /** False when it already pointed there (nothing written). */
  changed: boolean;
};


/**
 * Links one annotation to a canonical item of its project and kind, or unlinks it (`null`), in
 * one transaction with its history entry, a new change-sequence number and a NOTIFY. The
 * annotation's version and review state stay as they are: which item a mention refers to is
 * knowledge-base metadata, not a change of the span, label or attributes that verdicts are about. `tx` lets a
 * caller run it inside its own transaction (the caller must then hold no document change lock
 * yet, to keep the item → document lock order).
 *
 * Errors: 404 annotation not found or not a member · 403 viewer, or an annotator linking someone
 * else's annotation · 400 the item is not in this project · 409 the annotation was deleted, or
 * its label's kind differs from the item's.
 */
export async function linkAnnotationToCanonical(
  caller: Caller,
  annotationId: string,
  canonicalId: string | null,
  tx?: Prisma.TransactionClient,
): Promise<LinkResult> {
  const { userId } = caller;
  const found = await resolveResource(caller, "Annotation", annotationId);
  const { authorId } = await (tx ?? db).annotation.findUniqueOrThrow({ where: { id: annotationId }, select: { authorId: true } });
  // The author (annotator or above) links their own mentions; curators and owners anyone's.
  authorize(found, "link-mention", { ownerIds: [authorId] });

  const run = async (t: Prisma.TransactionClient): Promise<LinkResult> => {
    let canonical: LinkResult["canonical"] = null;
    if (canonicalId !== null) {
      // Held until commit, so the item cannot be merged away or deleted under the new link.
      const locked = await lockItems(t, found.projectId, [canonicalId], "share");
      if (!locked.has(canonicalId)) throw new AppError("INVALID_INPUT", "Unknown knowledge-base item: it is not part of this project.");
      canonical = await t.canonicalItem.findUniqueOrThrow({ where: { id: canonicalId }, select: { id: true, kind: true, name: true } });
    }
    await lockDocumentChanges(t, found.documentId);
    const current = await t.annotation.findUniqueOrThrow({
      where: { id: annotationId },
      select: { deletedAt: true, canonicalId: true, label: { select: { kind: true, name: true } } },
    });
    if (current.deletedAt) throw new AppError("CONFLICT", "This annotation was deleted.");
    if (canonical && canonical.kind !== current.label.kind) {
      throw new AppError(
        "CONFLICT",
        `This annotation is ${KIND_WITH_ARTICLE[current.label.kind]} (label “${current.label.name}”) and “${canonical.name}” is ${KIND_WITH_ARTICLE[canonical.kind]}: link it to ${KIND_WITH_ARTICLE[current.label.kind]} of the knowledge base.`,
      );
    }
    const changed = current.canonicalId !== canonicalId;
    if (changed) await relinkMentions(t, { actorId: userId, where: { id: annotationId }, documentIds: [found.documentId], to: canonicalId });
    const row = await t.annotation.findUniqueOrThrow({ where: { id: annotationId }, select: ANNOTATION_SELECT });
    return { annotation: toAnnotationDto(row), canonical, changed };
  };
  return tx ? run(tx) : db.$transaction(run);
}
