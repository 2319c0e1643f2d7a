"use client";
import { Button, Field, Input, Select, TextArea } from "@/components/ui/form";
import { LABEL_KINDS, LABEL_PALETTE } from "@/lib/labels/palette";

export type LabelValues = { name: string; kind: (typeof LABEL_KINDS)[number]; color: string; hotkey: string | null; description: string };

/** The fields of one label; used both to add a label and to edit one in place. */
export function LabelForm({ initial, submitLabel, pending, onSubmit, onCancel }: {
  initial: LabelValues;
  submitLabel: string;
  pending: boolean;
  onSubmit: (values: LabelValues) => void;
  onCancel?: () => void;
}) {
  return (
    <form
      className="grid gap-3 sm:grid-cols-2"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        const hotkey = String(data.get("hotkey") ?? "").trim();
        onSubmit({
          name: String(data.get("name") ?? ""),
          kind: data.get("kind") as LabelValues["kind"],
          color: String(data.get("color") ?? initial.color),
          hotkey: hotkey || null,
          description: String(data.get("description") ?? ""),
        });
      }}
    >
      <Field label="Name">
        <Input name="name" defaultValue={initial.name} required maxLength={60} />
      </Field>
      <Field label="Kind">
        <Select name="kind" defaultValue={initial.kind}>
          {LABEL_KINDS.map((k) => (
            <option key={k} value={k}>{k.toLowerCase()}</option>
          ))}
        </Select>
      </Field>
      <Field label="Hotkey" hint="One letter or digit, or empty.">
        <Input name="hotkey" defaultValue={initial.hotkey ?? ""} maxLength={1} className="w-16" />
      </Field>
      <fieldset className="text-sm">
        <legend className="font-medium text-slate-800">Colour</legend>
        <div className="mt-1 flex flex-wrap gap-2">
          {LABEL_PALETTE.map((c) => (
            <label key={c.hex} className="cursor-pointer">
              <input type="radio" name="color" value={c.hex} defaultChecked={c.hex === initial.color} className="peer sr-only" aria-label={c.name} />
              <span
                className="block h-7 w-7 rounded border-2 border-transparent peer-checked:border-slate-900 peer-focus-visible:outline peer-focus-visible:outline-2 peer-focus-visible:outline-blue-700"
                style={{ backgroundColor: c.hex }}
                title={c.name}
              />
            </label>
          ))}
        </div>
      </fieldset>
      <div className="sm:col-span-2">
        <Field label="Description">
          <TextArea name="description" defaultValue={initial.description} rows={2} maxLength={1000} />
        </Field>
      </div>
      <div className="flex gap-2 sm:col-span-2">
        <Button type="submit" disabled={pending}>{submitLabel}</Button>
        {onCancel ? <Button variant="secondary" onClick={onCancel}>Cancel</Button> : null}
      </div>
    </form>
  );
}
