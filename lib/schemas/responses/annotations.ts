import { z } from "zod";
import { count, decisionSchema, isoDateTime, kindSchema, orNull, personRef, reviewStateSchema } from "@/lib/schemas/responses/common";

export const annotation = z
  .object({
    id: z.string(),
    documentId: z.string(),
    labelId: z.string(),
    authorId: z.string(),
    canonicalId: z.string().nullable(),
    start: z.number().int().meta({ description: "Code point offset into the document's text (inclusive)" }),
    end: z.number().int().meta({ description: "Code point offset (exclusive)" }),
    exact: z.string(),
    prefix: z.string(),
    suffix: z.string(),
    note: z.string(),
    attributes: z.record(z.string(), z.unknown()),
    version: z.number().int(),
    reviewState: reviewStateSchema,
    gold: z.boolean(),
    deleted: z.boolean(),
    deletedAt: isoDateTime.nullable(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    seq: z.number().int().meta({ description: "Change sequence: the cursor for ?since=" }),
  })
  .meta({ id: "Annotation" });
export const annotationList = z.object({ annotations: z.array(annotation), cursor: z.number().int() });

export const comment = z
  .object({ id: z.string(), createdAt: isoDateTime, parentId: z.string().nullable(), body: z.string(), resolved: z.boolean(), author: personRef })
  .meta({ id: "Comment" });
export const threadList = z.object({ threads: z.array(comment.extend({ replies: z.array(comment) })) });
export const commentsSeen = z.object({ seen: z.number().int().meta({ description: "Comments that stopped counting as new replies (0 for anyone but the annotation's author)" }) });
export const unseenReplies = z.object({ replies: z.array(comment.extend({ annotation: z.object({ id: z.string(), documentId: z.string(), exact: z.string() }) })) });

export const review = z
  .object({ id: z.string(), createdAt: isoDateTime, updatedAt: isoDateTime, decision: decisionSchema, comment: z.string(), annotationVersion: z.number().int(), reviewer: personRef })
  .meta({ id: "Review" });
export const reviewList = z.object({ state: z.enum(["pending", "accepted", "rejected"]), version: z.number().int(), reviews: z.array(review) });

export const history = z.object({
  history: z.array(
    z.object({
      id: z.string(),
      createdAt: isoDateTime,
      version: z.number().int(),
      action: z.enum(["CREATE", "UPDATE", "DELETE", "REVIEW", "ADJUDICATE"]),
      before: z.unknown().meta({ description: "The annotation's state before the change (JSON), null for a creation" }),
      after: z.unknown(),
      actor: personRef,
    }),
  ),
  acceptedFrom: orNull(
    z.object({ recommender: z.string(), score: orNull(z.number()), item: orNull(z.string()) }).meta({ description: "Made by accepting a recommender's suggestion: which recommender, with what score (null: the knowledge base, naming its item)" }),
  ),
});

export const canonicalLink = z.object({ annotation: annotation.extend({}), canonical: z.object({ id: z.string(), kind: kindSchema, name: z.string() }).nullable(), changed: z.boolean() });

export const relation = z
  .object({ id: z.string(), createdAt: isoDateTime, documentId: z.string(), authorId: z.string(), typeId: z.string(), fromId: z.string(), toId: z.string() })
  .meta({ id: "Relation" });
export const relationList = z.object({ relations: z.array(relation) });

const end = z.object({ id: z.string(), exact: z.string(), label: z.string() });
export const reviewQueue = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      documentId: z.string(),
      documentTitle: z.string(),
      start: z.number().int(),
      end: z.number().int(),
      exact: z.string(),
      prefix: z.string(),
      suffix: z.string(),
      note: z.string(),
      version: z.number().int(),
      reviewState: reviewStateSchema,
      author: personRef,
      label: z.object({ id: z.string(), name: z.string(), kind: kindSchema, color: z.string() }),
      canonical: z.object({ id: z.string(), name: z.string(), kind: kindSchema }).nullable(),
      attributes: z.array(z.object({ key: z.string(), name: z.string(), values: z.array(z.string()) })),
      relations: z.array(z.object({ id: z.string(), type: z.string(), direction: z.enum(["out", "in"]), other: end })),
      latestReview: z.object({ decision: decisionSchema, comment: z.string(), reviewer: z.object({ name: z.string() }) }).nullable(),
    }),
  ),
  nextOffset: z.number().int().nullable(),
});

export const attention = z.object({
  items: z.array(
    z.object({
      key: z.string(),
      kind: z.enum(["comment", "accepted", "rejected"]),
      at: isoDateTime,
      by: z.string(),
      text: z.string(),
      annotation: z.object({ id: z.string(), documentId: z.string(), documentTitle: z.string(), exact: z.string(), version: z.number().int(), label: z.object({ name: z.string(), color: z.string() }) }),
    }),
  ),
});
export const attentionDismissed = z.object({ annotationId: z.string(), dismissedAt: isoDateTime });

const proposalDecided = { labelId: z.string(), start: z.number().int(), end: z.number().int() };
export const proposalList = z.object({
  proposals: z.array(
    z.object({
      id: z.string(),
      recommenderId: z.string(),
      recommender: z.string(),
      kind: z.enum(["STRING_MATCHER", "ENGLISH_NER", "LABEL_STUDIO", "OPENAI"]),
      ...proposalDecided,
      exact: z.string(),
      score: z.number(),
    }),
  ),
});
export const proposalDecision = z.object({ verdict: decisionSchema, annotation: orNull(annotation) });
export const proposalsAccepted = z.object({ accepted: z.array(z.object({ ...proposalDecided, annotationId: z.string(), suggestionId: orNull(z.string()) })) });
export const proposalsUndone = z.object({ undone: count, kept: z.array(z.object({ annotationId: z.string(), reason: z.string() })) });

export const suggestion = z.object({
  id: z.string(),
  documentId: z.string(),
  canonicalId: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  exact: z.string(),
  status: z.enum(["OPEN", "ACCEPTED", "REJECTED"]),
});
export const suggestionList = z.object({
  suggestions: z.array(
    suggestion.extend({
      item: z.object({ id: z.string(), name: z.string(), kind: kindSchema }),
      label: z.object({ id: z.string(), name: z.string(), color: z.string(), hotkey: z.string().nullable() })
        .meta({ description: "The label it is offered with: the one most used by the item's mentions the caller sees, else the first label of its kind" }),
    }),
  ),
  /** The document's import queued its suggestions and the job has not run yet: ask again shortly. */
  pending: z.boolean(),
});
export const suggestionDecision = z.object({
  suggestion: suggestion.extend({ decidedById: z.string().meta({ description: "The caller: a decision is the decider's own" }), annotationId: z.string().nullable() }),
  annotation: orNull(annotation),
});
