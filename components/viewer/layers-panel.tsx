"use client";
import { GOLD, type ViewerMember } from "@/components/viewer/viewer-types";

export { GOLD };

export const GOLD_LAYER = "gold";
/** Gold annotations form one layer of their own, whoever curated them. */
export const layerOf = (a: { gold?: boolean; authorId: string }) => (a.gold ? GOLD_LAYER : a.authorId);

export type ColorBy = "label" | "annotator";

/** Which layers are shown, and whether highlights are coloured by label or by annotator. */
export function LayersPanel({ members, me, colors, hidden, hasGold, colorBy, onColorBy, onToggle, chips, onChips }: {
  members: ViewerMember[];
  me: string;
  colors: Map<string, { tone: string; tint: string }>;
  hidden: ReadonlySet<string>;
  hasGold: boolean;
  colorBy: ColorBy;
  onColorBy: (by: ColorBy) => void;
  onToggle: (layer: string, shown: boolean) => void;
  chips: boolean;
  onChips: (shown: boolean) => void;
}) {
  return (
    <section aria-labelledby="layers-heading" className="space-y-2 text-sm">
      <h2 id="layers-heading" className="font-semibold">Layers</h2>
      <fieldset className="flex gap-3">
        <legend className="sr-only">Colour highlights by</legend>
        <label className="flex items-center gap-1">
          <input type="radio" name="colorBy" checked={colorBy === "label"} onChange={() => onColorBy("label")} /> Colour by label
        </label>
        <label className="flex items-center gap-1">
          <input type="radio" name="colorBy" checked={colorBy === "annotator"} onChange={() => onColorBy("annotator")} /> by annotator
        </label>
      </fieldset>
      <label className="flex items-center gap-1">
        <input type="checkbox" checked={chips} onChange={(e) => onChips(e.target.checked)} /> Label names on the text
      </label>
      <ul className="space-y-1">
        {members.map((m) => (
          <li key={m.userId}>
            <label className="flex items-center gap-2">
              <input type="checkbox" checked={!hidden.has(m.userId)} onChange={(e) => onToggle(m.userId, e.target.checked)} />
              <span className="inline-block h-1 w-5 rounded" style={{ backgroundColor: colors.get(m.userId)?.tone }} aria-hidden />
              {m.userId === me ? `${m.name} (you)` : m.name}
            </label>
          </li>
        ))}
        {hasGold ? (
          <li>
            <label className="flex items-center gap-2">
              <input type="checkbox" checked={!hidden.has(GOLD_LAYER)} onChange={(e) => onToggle(GOLD_LAYER, e.target.checked)} />
              <span className="inline-block h-1 w-5 rounded" style={{ backgroundColor: GOLD.tone }} aria-hidden />
              Gold layer (curated)
            </label>
          </li>
        ) : null}
      </ul>
    </section>
  );
}
