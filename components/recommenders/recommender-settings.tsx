"use client";
import { Alert, Button, Field, Input, Select } from "@/components/ui/form";
import { useApiAction } from "@/components/ui/use-api-action";
import { api } from "@/lib/api-client";
import { RecommenderCard, type LabelOption, type RecommenderView } from "@/components/recommenders/recommender-card";

/**
 * The project's recommenders on the settings page (owners and curators): what proposes spans to
 * the annotators, on which labels and from which score, and how often people agreed. A model
 * server's key is write-only: the page only learns whether one is set.
 */
export function RecommenderSettings({ projectId, recommenders, labels, canEdit }: { projectId: string; recommenders: RecommenderView[]; labels: LabelOption[]; canEdit: boolean }) {
  const { run, error, notice, pending } = useApiAction();
  return (
    <section aria-labelledby="recommenders-heading" className="max-w-3xl space-y-3">
      <h2 id="recommenders-heading" className="text-lg font-semibold">Recommenders</h2>
      <p className="text-sm text-slate-700">They propose annotations; a proposal is nobody’s annotation until a person accepts it, and each person’s accept or reject is theirs alone.</p>
      {recommenders.map((r) => <RecommenderCard key={r.id} projectId={projectId} recommender={r} labels={labels} canEdit={canEdit} />)}
      {canEdit ? (
        <form
          aria-label="Add a recommender"
          className="space-y-2 rounded border border-dashed border-slate-300 p-3"
          onSubmit={(event) => {
            event.preventDefault();
            const formElement = event.currentTarget;
            const form = new FormData(formElement);
            const text = (name: string) => String(form.get(name) ?? "").trim();
            void run(
              () => api(`/api/projects/${projectId}/recommenders`, {
                method: "POST",
                json: { kind: text("kind"), name: text("name"), ...(text("url") ? { url: text("url") } : {}), model: text("model") || null, ...(text("apiKey") ? { apiKey: text("apiKey") } : {}) },
              }),
              { success: "Recommender added.", after: () => formElement.reset() },
            );
          }}
        >
          <h3 className="font-semibold">Add a recommender</h3>
          <fieldset disabled={pending} className="grid grid-cols-2 gap-2">
            <Field label="Kind">
              <Select name="kind" defaultValue="LABEL_STUDIO">
                <option value="LABEL_STUDIO">Label Studio ML backend</option>
                <option value="OPENAI">OpenAI-compatible chat</option>
                <option value="ENGLISH_NER">English named entities (runs here, no server)</option>
              </Select>
            </Field>
            <Field label="Name"><Input name="name" required maxLength={100} /></Field>
            <Field label="Server address" hint="Label Studio: the backend's base URL. OpenAI-compatible: the base URL ending in /v1."><Input name="url" type="url" /></Field>
            <Field label="Model" hint="OpenAI-compatible only."><Input name="model" maxLength={200} /></Field>
            <Field label="API key" hint="Stored encrypted; never shown again."><Input name="apiKey" type="password" autoComplete="off" /></Field>
          </fieldset>
          <Button type="submit" disabled={pending}>Add</Button>
        </form>
      ) : null}
      {error ? <Alert>{error}</Alert> : null}
      {notice ? <Alert kind="success">{notice}</Alert> : null}
    </section>
  );
}
