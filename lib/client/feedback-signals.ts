// Which live changes are feedback on the viewer's own annotations. A reviewer's verdict changes
// the annotation's review state and nothing else; a comment (or a resolved thread) sends the
// annotation again unchanged (lib/server/comments/annotation-comments.ts moves it in the change
// order). A change of version is the author's own edit, never feedback.
import type { Annotation } from "@/lib/client/annotation-queue";

export type FeedbackSignal = { annotationId: string; exact: string; kind: "accepted" | "rejected" | "discussion" };

export function feedbackSignals(incoming: readonly Annotation[], before: ReadonlyMap<string, Annotation>, me: string): FeedbackSignal[] {
  const signals: FeedbackSignal[] = [];
  for (const a of incoming) {
    const prev = before.get(a.id);
    if (a.authorId !== me || a.gold || a.deleted || !prev || a.seq <= prev.seq || a.version !== prev.version) continue;
    if (a.reviewState !== prev.reviewState && (a.reviewState === "ACCEPTED" || a.reviewState === "REJECTED")) {
      signals.push({ annotationId: a.id, exact: a.exact, kind: a.reviewState === "ACCEPTED" ? "accepted" : "rejected" });
    } else if (a.reviewState === prev.reviewState && (a.canonicalId ?? null) === (prev.canonicalId ?? null)) {
      signals.push({ annotationId: a.id, exact: a.exact, kind: "discussion" });
    }
  }
  return signals;
}
