"use client";
import { useRouter } from "next/navigation";
import { Alert, Button } from "@/components/ui/form";
import { useApiAction } from "@/components/ui/use-api-action";
import { api } from "@/lib/api-client";

/**
 * An assignee's "Mark finished" / "Reopen" for one document. In the viewer (`moveOn` given),
 * marking finished opens the next assigned document still to do, or says there is none.
 */
export function FinishToggle({ documentId, finished, moveOn }: { documentId: string; finished: boolean; moveOn?: { next: { id: string; title: string } | null } }) {
  const router = useRouter();
  const { run, error, notice, pending } = useApiAction();
  const toggle = () =>
    run(() => api(`/api/documents/${documentId}/finished`, { method: "PUT", json: { finished: !finished } }), {
      success: moveOn && !finished && !moveOn.next ? "Finished. That was the last of your assigned documents still to do." : undefined,
      after: () => {
        if (moveOn?.next && !finished) router.push(`/documents/${moveOn.next.id}`);
      },
    });
  return (
    <span className="inline-flex items-center gap-2">
      <Button variant={finished ? "secondary" : "primary"} className="px-2 py-1" disabled={pending} onClick={() => void toggle()}>
        {finished ? "Reopen" : "Mark finished"}
      </Button>
      {moveOn?.next && !finished ? <span className="text-xs text-slate-600">then opens “{moveOn.next.title}”</span> : null}
      {error ? <Alert>{error}</Alert> : null}
      {notice ? <Alert kind="success">{notice}</Alert> : null}
    </span>
  );
}
