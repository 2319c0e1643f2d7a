"use client";
import { useRouter } from "next/navigation";
import { Alert, Button, Field, Input, TextArea } from "@/components/ui/form";
import { useApiAction } from "@/components/ui/use-api-action";
import { api } from "@/lib/api-client";
import { parseAliases, type ItemSummary } from "@/components/knowledge/knowledge-types";

/** Curators change an item's name, aliases, date (events) and description, or delete it. */
export function ItemEditor({ projectId, item }: { projectId: string; item: ItemSummary }) {
  const router = useRouter();
  const { run, error, notice, pending } = useApiAction();
  const remove = () => {
    const warning = item.mentionCount
      ? `Delete “${item.name}”? Its ${item.mentionCount} mention${item.mentionCount === 1 ? "" : "s"} stay as annotations, unlinked.`
      : `Delete “${item.name}”?`;
    if (!window.confirm(warning)) return;
    void run(() => api(`/api/projects/${projectId}/knowledge/${item.id}`, { method: "DELETE" }), { after: () => router.push(`/projects/${projectId}/knowledge`) });
  };
  return (
    <form
      aria-label="Edit item"
      key={`${item.name}|${item.aliases.join("|")}|${item.date}|${item.description}`}
      className="grid gap-3 rounded border border-slate-200 bg-white p-3 sm:grid-cols-2"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        void run(
          () =>
            api(`/api/projects/${projectId}/knowledge/${item.id}`, {
              method: "PATCH",
              json: {
                name: String(data.get("name") ?? ""),
                aliases: parseAliases(String(data.get("aliases") ?? "")),
                description: String(data.get("description") ?? ""),
                ...(item.kind === "EVENT" ? { date: String(data.get("date") ?? "").trim() || null } : {}),
              },
            }),
          { success: "Saved." },
        );
      }}
    >
      <Field label="Name">
        <Input name="name" defaultValue={item.name} required maxLength={300} />
      </Field>
      {item.kind === "EVENT" ? (
        <Field label="Date" hint="2019, 2019-04 or 2019-04-25; empty for none">
          <Input name="date" defaultValue={item.date ?? ""} pattern="\d{4}(-\d{2}(-\d{2})?)?" />
        </Field>
      ) : (
        <div />
      )}
      <Field label="Aliases" hint="One per line">
        <TextArea name="aliases" rows={3} defaultValue={item.aliases.join("\n")} />
      </Field>
      <Field label="Description">
        <TextArea name="description" rows={3} defaultValue={item.description} maxLength={5000} />
      </Field>
      <div className="flex flex-wrap gap-2 sm:col-span-2">
        <Button type="submit" disabled={pending}>Save</Button>
        <Button variant="danger" disabled={pending} onClick={remove}>Delete item</Button>
      </div>
      {error ? <div className="sm:col-span-2"><Alert>{error}</Alert></div> : null}
      {notice ? <div className="sm:col-span-2"><Alert kind="success">{notice}</Alert></div> : null}
    </form>
  );
}
