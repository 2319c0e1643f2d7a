"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { api } from "@/lib/api-client";

/** The curator's decisions as API calls, one at a time; each re-renders the page with the new state. */
export function useCurationActions(documentId: string) {
  const router = useRouter();
  const [message, setMessage] = useState<{ kind: "error" | "success"; text: string }>();
  const [pending, setPending] = useState(false);
  // The page is stale until the refresh after a decision has rendered: a key pressed meanwhile
  // would act on what was just decided (taking it again: a 409), so that counts as pending too.
  const [refreshing, startRefresh] = useTransition();
  const run = async (action: () => Promise<string>, after?: () => void) => {
    setPending(true);
    try {
      setMessage({ kind: "success", text: await action() });
      after?.();
      startRefresh(() => router.refresh());
    } catch (e) {
      setMessage({ kind: "error", text: (e as Error).message });
    } finally {
      setPending(false);
    }
  };
  const adjudicate = (json: object, success: string, after?: () => void) =>
    run(async () => {
      await api(`/api/documents/${documentId}/curation/adjudicate`, { method: "POST", json });
      return success;
    }, after);
  return {
    message,
    pending: pending || refreshing,
    merge: () =>
      run(async () => {
        const { merged } = await api<{ merged: number }>(`/api/documents/${documentId}/curation/merge`, { method: "POST" });
        return `Merged ${merged} agreed span${merged === 1 ? "" : "s"} into the gold layer.`;
      }),
    take: (key: string, annotationId: string, rejectOthers: string[], what: string) =>
      adjudicate({ action: "take", key, annotationId, rejectOthers }, `Took ${what} into the gold layer.`),
    reject: (keys: string[], what: string) => adjudicate({ action: "reject", keys }, `Rejected ${what}.`),
    correct: (span: { start: number; end: number; exact: string; labelId: string }, basedOn: string, annotationId: string, rejectOthers: string[], after: () => void) =>
      adjudicate({ action: "edit", ...span, basedOn, annotationId, rejectOthers }, `Put the corrected version “${span.exact}” into the gold layer.`, after),
  };
}
