"use client";
import { Alert, Button, Field, Input, TextArea } from "@/components/ui/form";
import { useApiAction } from "@/components/ui/use-api-action";
import { api } from "@/lib/api-client";

type Settings = {
  name: string; description: string; peerReview: boolean; allowStackedTags: boolean; agreementThreshold: number;
  annotatorsSee: "OWN" | "EVERYONE"; annotatorsSeeGold: boolean; viewersSee: "GOLD" | "EVERYONE";
};

/** Owners change the project's name, description, who sees whose work, peer review and the gold-layer merge threshold. */
export function ProjectSettingsForm({ projectId, settings, canEdit }: { projectId: string; settings: Settings; canEdit: boolean }) {
  const { run, error, notice, pending } = useApiAction();
  return (
    <form
      className="max-w-2xl space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        void run(
          () =>
            api(`/api/projects/${projectId}`, {
              method: "PATCH",
              json: {
                name: String(form.get("name") ?? ""),
                description: String(form.get("description") ?? ""),
                peerReview: form.get("peerReview") === "on",
                allowStackedTags: form.get("allowStackedTags") === "on",
                annotatorsSee: form.get("annotatorsSee") === "EVERYONE" ? "EVERYONE" : "OWN",
                annotatorsSeeGold: form.get("annotatorsSeeGold") === "on",
                viewersSee: form.get("viewersSee") === "EVERYONE" ? "EVERYONE" : "GOLD",
                agreementThreshold: Number(form.get("agreementThreshold")),
              },
            }),
          { success: "Settings saved." },
        );
      }}
    >
      <fieldset disabled={!canEdit || pending} className="space-y-4">
        <Field label="Project name">
          <Input name="name" required maxLength={200} defaultValue={settings.name} />
        </Field>
        <Field label="Description">
          <TextArea name="description" rows={3} maxLength={5000} defaultValue={settings.description} />
        </Field>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">Annotators see</legend>
          <p className="text-xs text-slate-600">Curators and owners always see everyone’s work. Annotators who cannot see each other’s work annotate independently, so agreement between them means something.</p>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="annotatorsSee" value="OWN" defaultChecked={settings.annotatorsSee === "OWN"} />
            Only their own work
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="annotatorsSee" value="EVERYONE" defaultChecked={settings.annotatorsSee === "EVERYONE"} />
            Everyone’s work
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="annotatorsSeeGold" defaultChecked={settings.annotatorsSeeGold} />
            Annotators also see the gold layer once it is curated
          </label>
        </fieldset>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">Viewers see</legend>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="viewersSee" value="GOLD" defaultChecked={settings.viewersSee === "GOLD"} />
            The gold layer only
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="viewersSee" value="EVERYONE" defaultChecked={settings.viewersSee === "EVERYONE"} />
            Everyone’s work
          </label>
        </fieldset>
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" name="peerReview" defaultChecked={settings.peerReview} className="mt-1" />
          <span>
            <span className="font-medium">Peer review</span>
            <span className="block text-xs text-slate-600">Annotators may accept or reject each other’s annotations (curators and owners always may; nobody reviews their own). Only where annotators see everyone’s work.</span>
          </span>
        </label>
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" name="allowStackedTags" defaultChecked={settings.allowStackedTags} className="mt-1" />
          <span>
            <span className="font-medium">Allow stacked tags</span>
            <span className="block text-xs text-slate-600">One person may tag the same span with the same label more than once. Off: a second identical tag is refused, naming the one already there.</span>
          </span>
        </label>
        <Field label="Merge threshold" hint="How many annotators must mark the same span with the same label for it to join the gold layer automatically.">
          <Input name="agreementThreshold" type="number" min={1} max={50} required defaultValue={settings.agreementThreshold} className="w-32" />
        </Field>
        {canEdit ? <Button type="submit">Save settings</Button> : null}
      </fieldset>
      {error ? <Alert>{error}</Alert> : null}
      {notice ? <Alert kind="success">{notice}</Alert> : null}
    </form>
  );
}
