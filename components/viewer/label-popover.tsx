"use client";
import type { ViewerLabel } from "@/components/viewer/viewer-types";

const KINDS = [
  { kind: "CLAIM", title: "Claim" },
  { kind: "EVENT", title: "Event" },
  { kind: "ENTITY", title: "Entity" },
] as const;

/** The labels offered for a selection, grouped by kind, each with its hotkey. */
export function LabelPopover({ labels, position, onPick }: { labels: ViewerLabel[]; position: { top: number; left: number }; onPick: (labelId: string) => void }) {
  return (
    <div
      role="toolbar"
      aria-label="Tag the selection"
      className="fixed z-20 max-w-md rounded border border-slate-300 bg-white p-2 shadow-lg"
      style={{ top: position.top, left: position.left }}
      onMouseDown={(e) => e.preventDefault() /* keep the text selection */}
    >
      {KINDS.map(({ kind, title }) => (
        <div key={kind} role="group" aria-label={title} className="flex flex-wrap items-center gap-1 py-0.5">
          <span className="w-14 text-xs font-medium text-slate-600">{title}</span>
          {labels.filter((l) => l.kind === kind).map((l) => (
            <button
              key={l.id}
              type="button"
              onClick={() => onPick(l.id)}
              className="rounded border border-slate-300 px-1.5 py-0.5 text-xs hover:border-slate-500"
              style={{ backgroundColor: l.color }}
              aria-keyshortcuts={l.hotkey ?? undefined}
            >
              {l.name}
              {l.hotkey ? <kbd className="ml-1 text-[10px] text-slate-700">{l.hotkey}</kbd> : null}
            </button>
          ))}
        </div>
      ))}
    </div>
  );
}
