"use client";
import { useState } from "react";
import Link from "next/link";
import { Alert, Button, Field, Input, Select, TextArea } from "@/components/ui/form";
import { useApiAction } from "@/components/ui/use-api-action";
import { api } from "@/lib/api-client";
import { KIND_WORDS, parseAliases, type ItemKind } from "@/components/knowledge/knowledge-types";

/** Adds a canonical entity, event or claim to the knowledge base. */
export function CreateItemForm({ projectId }: { projectId: string }) {
  const { run, error, pending } = useApiAction();
  const [kind, setKind] = useState<ItemKind>("ENTITY");
  const [created, setCreated] = useState<{ id: string; name: string }>();

  return (
    <form
      aria-label="New knowledge-base item"
      className="grid gap-3 rounded border border-slate-200 bg-white p-3 sm:grid-cols-2"
      onSubmit={(event) => {
        event.preventDefault();
        const form = event.currentTarget;
        const data = new FormData(form);
        void run(async () => {
          const item = await api<{ id: string; name: string }>(`/api/projects/${projectId}/knowledge`, {
            method: "POST",
            json: {
              kind,
              name: String(data.get("name") ?? ""),
              aliases: parseAliases(String(data.get("aliases") ?? "")),
              date: kind === "EVENT" ? String(data.get("date") ?? "").trim() || null : null,
              description: String(data.get("description") ?? ""),
            },
          });
          setCreated(item);
          form.reset();
        });
      }}
    >
      <Field label="Kind">
        <Select name="kind" value={kind} onChange={(e) => setKind(e.target.value as ItemKind)}>
          {(Object.keys(KIND_WORDS) as ItemKind[]).map((k) => (
            <option key={k} value={k}>{KIND_WORDS[k]}</option>
          ))}
        </Select>
      </Field>
      <Field label="Name" hint={kind === "CLAIM" ? "The claim in a neutral wording" : undefined}>
        <Input name="name" required maxLength={300} />
      </Field>
      <Field label="Aliases" hint="Other names it goes by, one per line">
        <TextArea name="aliases" rows={2} />
      </Field>
      {kind === "EVENT" ? (
        <Field label="Date" hint="2019, 2019-04 or 2019-04-25">
          <Input name="date" pattern="\d{4}(-\d{2}(-\d{2})?)?" placeholder="2019-04-25" />
        </Field>
      ) : (
        <div />
      )}
      <div className="sm:col-span-2">
        <Field label="Description">
          <TextArea name="description" rows={2} maxLength={5000} />
        </Field>
      </div>
      <div className="flex flex-wrap items-center gap-3 sm:col-span-2">
        <Button type="submit" disabled={pending}>Add to knowledge base</Button>
        {created && !error ? (
          <span role="status" className="text-sm text-green-900">
            Added <Link className="text-blue-800 underline" href={`/projects/${projectId}/knowledge/${created.id}`}>{created.name}</Link>.
          </span>
        ) : null}
      </div>
      {error ? <div className="sm:col-span-2"><Alert>{error}</Alert></div> : null}
    </form>
  );
}
