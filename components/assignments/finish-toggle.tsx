"use client";
import { Alert, Button } from "@/components/ui/form";
import { useApiAction } from "@/components/ui/use-api-action";
import { api } from "@/lib/api-client";

/** An assignee's "Mark finished" / "Reopen" for one document. */
export function FinishToggle({ documentId, finished }: { documentId: string; finished: boolean }) {
  const { run, error, pending } = useApiAction();
  const toggle = () => run(() => api(`/api/documents/${documentId}/finished`, { method: "PUT", json: { finished: !finished } }));
  return (
    <span className="inline-flex items-center gap-2">
      <Button variant={finished ? "secondary" : "primary"} className="px-2 py-1" disabled={pending} onClick={() => void toggle()}>
        {finished ? "Reopen" : "Mark finished"}
      </Button>
      {error ? <Alert>{error}</Alert> : null}
    </span>
  );
}
