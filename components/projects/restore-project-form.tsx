"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { Alert, Button } from "@/components/ui/form";
import { ApiError } from "@/lib/api-client";

type Report = { dryRun: boolean; status: "created" | "ready" | "already-present"; project: { id: string; name: string }; counts: { documents: number; annotations: number }; importedAuthors?: number };

/** Restores a project from a workbench JSON export (backup), with a check first. */
export function RestoreProjectForm() {
  const router = useRouter();
  const [file, setFile] = useState<File>();
  const [report, setReport] = useState<Report>();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  const send = async (dryRun: boolean) => {
    if (!file) return;
    setPending(true);
    setError(undefined);
    const form = new FormData();
    form.append("files", file);
    if (dryRun) form.append("dryRun", "true");
    try {
      const response = await fetch("/api/projects/import", { method: "POST", body: form });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) throw new ApiError(response.status, body);
      setReport(body as Report);
      if (!dryRun) router.push(`/projects/${(body as Report).project.id}`);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setPending(false);
    }
  };
  return (
    <div className="space-y-3">
      <label className="block text-sm font-medium text-slate-800">
        Workbench export (.json)
        <input type="file" accept=".json" className="mt-1 block text-sm" onChange={(e) => { setFile(e.target.files?.[0]); setReport(undefined); setError(undefined); }} />
      </label>
      <div className="flex gap-2">
        <Button variant="secondary" disabled={!file || pending} onClick={() => void send(true)}>Check file</Button>
        {report?.status === "ready" ? <Button disabled={pending} onClick={() => void send(false)}>Restore project</Button> : null}
      </div>
      {error ? <Alert>{error}</Alert> : null}
      {report ? (
        <Alert kind={report.status === "already-present" ? "info" : "success"}>
          {report.status === "already-present"
            ? `“${report.project.name}” is already on this instance; restoring it again would change nothing.`
            : `“${report.project.name}”: ${report.counts.documents} documents, ${report.counts.annotations} annotations. You will own it${report.importedAuthors ? `; the work of the ${report.importedAuthors} other people in the file keeps their names, marked “(imported)” — they get no account or membership here, and you can map each to a member later on the members page` : ""}.`}
        </Alert>
      ) : null}
    </div>
  );
}
