"use client";
import { useState } from "react";
import Link from "next/link";
import { Alert, Button, Field, Input } from "@/components/ui/form";
import { useApiAction } from "@/components/ui/use-api-action";
import { api } from "@/lib/api-client";
import type { MentionRow } from "@/components/knowledge/knowledge-types";

const oneLine = (s: string) => s.replace(/\s+/g, " ");

/**
 * Every mention of an item across the corpus as keyword in context, with its document and date
 * and a link into the viewer. Curators select mentions and split them off into a new item.
 */
export function MentionTable({ projectId, itemId, mentions, canSplit }: { projectId: string; itemId: string; mentions: MentionRow[]; canSplit: boolean }) {
  const { run, error, pending } = useApiAction();
  const [selected, setSelected] = useState<string[]>([]);
  const [name, setName] = useState("");
  const [splitOff, setSplitOff] = useState<{ id: string; name: string }>();

  const split = () =>
    run(async () => {
      setSplitOff(undefined);
      const { item } = await api<{ item: { id: string; name: string } }>(`/api/projects/${projectId}/knowledge/${itemId}/split`, {
        method: "POST",
        json: { annotationIds: selected, name },
      });
      setSplitOff(item);
      setSelected([]);
      setName("");
    });

  return (
    <div className="space-y-3">
      {canSplit && selected.length ? (
        <form
          aria-label="Split mentions"
          className="flex flex-wrap items-end gap-3 rounded border border-blue-200 bg-blue-50 p-3"
          onSubmit={(e) => {
            e.preventDefault();
            void split();
          }}
        >
          <p className="text-sm">{selected.length} mention{selected.length === 1 ? "" : "s"} selected.</p>
          <div className="w-72">
            <Field label="Name of the new item">
              <Input value={name} onChange={(e) => setName(e.target.value)} required maxLength={300} />
            </Field>
          </div>
          <Button type="submit" disabled={pending}>Split into new item</Button>
        </form>
      ) : null}
      {error ? <Alert>{error}</Alert> : null}
      {splitOff ? (
        <Alert kind="success">
          Split off into <Link className="underline" href={`/projects/${projectId}/knowledge/${splitOff.id}`}>{splitOff.name}</Link>.
        </Alert>
      ) : null}
      {mentions.length === 0 ? (
        <p className="text-sm text-slate-600">No mentions linked yet. Link annotations to this item in the document viewer.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="min-w-full divide-y divide-slate-200 rounded border border-slate-200 bg-white text-sm" aria-label="Mentions">
            <thead className="bg-slate-100 text-left">
              <tr>
                {canSplit ? <th scope="col" className="w-8 px-3 py-2"><span className="sr-only">Select</span></th> : null}
                <th scope="col" className="px-3 py-2">Document</th>
                <th scope="col" className="px-3 py-2">Published</th>
                <th scope="col" className="px-3 py-2 text-center" colSpan={3}>In context</th>
                <th scope="col" className="px-3 py-2">Label</th>
                <th scope="col" className="px-3 py-2">Annotator</th>
                <th scope="col" className="px-3 py-2"><span className="sr-only">Open</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {mentions.map((m) => (
                <tr key={m.annotationId}>
                  {canSplit ? (
                    <td className="px-3 py-2">
                      <input
                        type="checkbox"
                        aria-label={`Select mention in ${m.documentTitle} at “${oneLine(m.exact)}”`}
                        checked={selected.includes(m.annotationId)}
                        onChange={(e) => setSelected((s) => (e.target.checked ? [...s, m.annotationId] : s.filter((x) => x !== m.annotationId)))}
                      />
                    </td>
                  ) : null}
                  <td className="px-3 py-2"><span className="block max-w-[16rem] truncate" title={m.documentTitle}>{m.documentTitle}</span></td>
                  <td className="whitespace-nowrap px-3 py-2 tabular-nums">{m.publishedOn ?? "—"}</td>
                  <td className="whitespace-nowrap px-1 py-2 text-right text-slate-600" dir="auto">{oneLine(m.prefix)}</td>
                  <td className="min-w-[8rem] px-1 py-2 font-semibold" dir="auto">{oneLine(m.exact)}</td>
                  <td className="whitespace-nowrap px-1 py-2 text-slate-600" dir="auto">{oneLine(m.suffix)}</td>
                  <td className="px-3 py-2">
                    <span className="rounded px-1.5 py-0.5 text-black" style={{ backgroundColor: m.label.color }}>{m.label.name}</span>
                  </td>
                  <td className="px-3 py-2">{m.gold ? `${m.author.name} (gold)` : m.author.name}</td>
                  <td className="whitespace-nowrap px-3 py-2">
                    <Link href={`/documents/${m.documentId}?annotation=${m.annotationId}`} className="text-blue-800 underline">Open in context</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
