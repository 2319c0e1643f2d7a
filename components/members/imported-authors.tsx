"use client";
import { useState } from "react";
import { Alert, Button, Select } from "@/components/ui/form";
import { api } from "@/lib/api-client";
import { useApiAction } from "@/components/ui/use-api-action";

type ImportedAuthor = { id: string; name: string; originalEmail: string | null; mappedTo: { id: string; name: string } | null; annotations: number };

/** Owners map the people of a restored file (names, not accounts) to members, re-crediting their work. */
export function ImportedAuthors({ projectId, authors, members }: { projectId: string; authors: ImportedAuthor[]; members: { userId: string; name: string }[] }) {
  const { run, error, notice, pending } = useApiAction();
  const [choice, setChoice] = useState<Record<string, string>>({});
  if (authors.length === 0) return null;
  return (
    <section className="space-y-3" aria-labelledby="imported-authors-heading">
      <h2 id="imported-authors-heading" className="text-lg font-semibold">Imported authors</h2>
      <p className="text-sm text-slate-700">
        People named in the restored file. They are not accounts here and cannot sign in; their work shows their name marked “(imported)”.
        Map one to a member to credit that member with their annotations, reviews and comments (the history keeps who did what at the time).
      </p>
      {error ? <Alert>{error}</Alert> : null}
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      <ul className="divide-y divide-slate-100 rounded border border-slate-200 bg-white text-sm">
        {authors.map((a) => (
          <li key={a.id} className="flex flex-wrap items-center gap-3 px-3 py-2">
            <span className="font-medium">{a.name}</span>
            {a.originalEmail ? <span className="text-slate-600">{a.originalEmail}</span> : null}
            <span className="text-slate-600">{a.annotations} annotation(s)</span>
            {a.mappedTo ? (
              <span className="ml-auto text-slate-700">mapped to {a.mappedTo.name}</span>
            ) : (
              <span className="ml-auto flex items-center gap-2">
                <Select aria-label={`Member to map ${a.name} to`} className="mt-0 w-auto" value={choice[a.id] ?? ""} onChange={(e) => setChoice({ ...choice, [a.id]: e.target.value })}>
                  <option value="">Choose a member…</option>
                  {members.map((m) => <option key={m.userId} value={m.userId}>{m.name}</option>)}
                </Select>
                <Button
                  variant="secondary"
                  disabled={pending || !choice[a.id]}
                  onClick={() =>
                    void run(
                      () => api(`/api/projects/${projectId}/imported-authors/${a.id}`, { method: "PATCH", json: { memberId: choice[a.id] } }),
                      { success: `${a.name}'s work is now credited to ${members.find((m) => m.userId === choice[a.id])?.name}.` },
                    )
                  }
                >
                  Map
                </Button>
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
