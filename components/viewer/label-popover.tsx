"use client";
// The labels offered for a selection. Focus stays in the text while the person selects (Shift +
// arrows keep extending it, label hotkeys tag); Tab moves into the popover, a toolbar with one
// tab stop whose arrow keys move between labels (roving focus), Enter or Space picks, and Escape
// closes it and puts focus back into the text with the selection as it was.
import { useId, useRef, useState } from "react";
import type { ViewerLabel } from "@/components/viewer/viewer-types";

const KINDS = [
  { kind: "CLAIM", title: "Claim" },
  { kind: "EVENT", title: "Event" },
  { kind: "ENTITY", title: "Entity" },
] as const;

type Props = {
  labels: ViewerLabel[];
  position: { top: number; left: number };
  onPick: (labelId: string) => void;
  /** Escape inside the popover: close it and return focus to the text. */
  onClose: () => void;
};

const NEXT_KEYS = new Set(["ArrowRight", "ArrowDown"]);
const PREVIOUS_KEYS = new Set(["ArrowLeft", "ArrowUp"]);

/** The labels offered for a selection, grouped by kind, each with its hotkey and description. */
export function LabelPopover({ labels, position, onPick, onClose }: Props) {
  const baseId = useId();
  // In the order they are shown, so that the arrow keys follow the eye.
  const ordered = KINDS.flatMap(({ kind }) => labels.filter((l) => l.kind === kind));
  const [activeId, setActiveId] = useState<string | null>(null);
  const active = ordered.find((l) => l.id === activeId) ?? ordered[0];
  const buttons = useRef(new Map<string, HTMLButtonElement>());

  const move = (to: number) => {
    const label = ordered[(to + ordered.length) % ordered.length];
    if (!label) return;
    setActiveId(label.id);
    buttons.current.get(label.id)?.focus();
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    const index = active ? ordered.indexOf(active) : 0;
    if (NEXT_KEYS.has(event.key)) move(index + 1);
    else if (PREVIOUS_KEYS.has(event.key)) move(index - 1);
    else if (event.key === "Home") move(0);
    else if (event.key === "End") move(ordered.length - 1);
    else if (event.key === "Escape") onClose();
    else return;
    event.preventDefault();
    // The viewer's own keys (Alt+arrows, Escape) must not act a second time on the same press.
    event.stopPropagation();
  };

  return (
    <div
      role="toolbar"
      aria-label="Tag the selection"
      aria-orientation="horizontal"
      className="fixed z-20 max-w-md rounded border border-slate-300 bg-white p-2 shadow-lg"
      style={{ top: position.top, left: position.left }}
      onMouseDown={(e) => e.preventDefault() /* keep the text selection */}
      onKeyDown={onKeyDown}
    >
      {KINDS.map(({ kind, title }) => (
        <div key={kind} role="group" aria-label={title} className="flex flex-wrap items-center gap-1 py-0.5">
          <span className="w-14 text-xs font-medium text-slate-600">{title}</span>
          {labels.filter((l) => l.kind === kind).map((l) => (
            <button
              key={l.id}
              ref={(node) => {
                if (node) buttons.current.set(l.id, node);
                else buttons.current.delete(l.id);
              }}
              type="button"
              tabIndex={l.id === active?.id ? 0 : -1}
              onClick={() => onPick(l.id)}
              onFocus={() => setActiveId(l.id)}
              onMouseEnter={() => setActiveId(l.id)}
              className="rounded border border-slate-300 px-1.5 py-0.5 text-xs hover:border-slate-500 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-slate-900"
              style={{ backgroundColor: l.color }}
              aria-keyshortcuts={l.hotkey ?? undefined}
              aria-describedby={l.description ? `${baseId}-${l.id}` : undefined}
            >
              {l.name}
              {l.hotkey ? <kbd className="ml-1 text-[10px] text-slate-700">{l.hotkey}</kbd> : null}
            </button>
          ))}
        </div>
      ))}
      {active ? (
        <p data-testid="label-description" className="mt-1 border-t border-slate-200 pt-1 text-xs text-slate-700">
          <span className="font-medium">{active.name}</span>
          {active.hotkey ? <> · key <kbd>{active.hotkey}</kbd></> : null}
          {active.description ? <> — {active.description}</> : <span className="text-slate-600"> — no description</span>}
        </p>
      ) : null}
      {/* Read out with each label as it gets focus (outside the buttons, so their names stay just the label). */}
      <div hidden>
        {ordered.map((l) => (l.description ? <span key={l.id} id={`${baseId}-${l.id}`}>{l.description}</span> : null))}
      </div>
    </div>
  );
}
