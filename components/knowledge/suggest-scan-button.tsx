"use client";
import { useState } from "react";
import { Alert, Button } from "@/components/ui/form";
import { useApiAction } from "@/components/ui/use-api-action";
import { api } from "@/lib/api-client";

/** Curators: look for the known entities' names and aliases in every document and offer them as suggestions. */
export function SuggestScanButton({ projectId }: { projectId: string }) {
  const { run, error, pending } = useApiAction();
  const [result, setResult] = useState<string>();
  const scan = () =>
    run(async () => {
      setResult(undefined);
      const { created, documents } = await api<{ created: number; documents: number }>(`/api/projects/${projectId}/knowledge/suggest`, { method: "POST", json: {} });
      setResult(`${created} new suggestion${created === 1 ? "" : "s"} in ${documents} document${documents === 1 ? "" : "s"}; annotators see them in the viewer.`);
    });
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button variant="secondary" disabled={pending} onClick={() => void scan()}>
        {pending ? "Scanning…" : "Find mentions in all documents"}
      </Button>
      {error ? <Alert>{error}</Alert> : null}
      {result ? <Alert kind="success">{result}</Alert> : null}
    </div>
  );
}
