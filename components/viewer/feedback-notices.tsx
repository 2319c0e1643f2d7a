"use client";
import { Button } from "@/components/ui/form";
import type { FeedbackNotice } from "@/components/viewer/use-feedback";

/** Live notices of feedback on the person's own annotations; a polite live region, always present. */
export function FeedbackNotices({ notices, onShow, onDismiss }: { notices: FeedbackNotice[]; onShow: (annotationId: string) => void; onDismiss: (id: string) => void }) {
  return (
    <div role="status" aria-live="polite" aria-label="Feedback on your annotations" className="space-y-1">
      {notices.map((n) => (
        <div key={n.id} className="flex flex-wrap items-center gap-2 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm" data-testid="feedback-notice">
          <span>{n.message}</span>
          <Button variant="secondary" className="ml-auto px-2 py-0.5" onClick={() => onShow(n.annotationId)}>Show</Button>
          <Button variant="secondary" className="px-2 py-0.5" aria-label="Dismiss notice" onClick={() => onDismiss(n.id)}>×</Button>
        </div>
      ))}
    </div>
  );
}
