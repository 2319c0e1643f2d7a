"use client";
// Tabs following the WAI-ARIA tabs pattern: one tab stop for the list, arrow keys (and Home/End)
// move between tabs, and each panel is labelled by its tab.
import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { cva, type VariantProps } from "class-variance-authority";
import { cn } from "./cn";

export const tabVariants = cva("border-b-2 font-medium focus-visible:outline-2 focus-visible:outline-blue-700", {
  variants: {
    size: { sm: "px-2 py-1 text-xs", md: "px-3 py-2 text-sm" },
    selected: {
      true: "border-blue-700 text-blue-900",
      false: "border-transparent text-slate-700 hover:border-slate-300 hover:text-slate-900",
    },
  },
  defaultVariants: { size: "md", selected: false },
});

export type TabItem = { id: string; label: ReactNode; content: ReactNode };

export type TabsProps = Pick<VariantProps<typeof tabVariants>, "size"> & {
  /** What the tabs choose between, for screen readers. */
  label: string;
  tabs: TabItem[];
  defaultTab?: string;
  className?: string;
};

export function Tabs({ label, tabs, defaultTab, size, className }: TabsProps) {
  const [current, setCurrent] = useState(defaultTab ?? tabs[0]?.id);
  const baseId = useId();
  const buttons = useRef(new Map<string, HTMLButtonElement>());

  function move(event: KeyboardEvent, index: number) {
    const last = tabs.length - 1;
    const target = { ArrowRight: index === last ? 0 : index + 1, ArrowLeft: index === 0 ? last : index - 1, Home: 0, End: last }[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const id = tabs[target].id;
    setCurrent(id);
    buttons.current.get(id)?.focus();
  }

  return (
    <div className={className}>
      <div role="tablist" aria-label={label} className="flex gap-1 border-b border-slate-200">
        {tabs.map((tab, index) => {
          const selected = tab.id === current;
          return (
            <button
              key={tab.id}
              ref={(el) => {
                if (el) buttons.current.set(tab.id, el);
                else buttons.current.delete(tab.id);
              }}
              type="button"
              role="tab"
              id={`${baseId}-tab-${tab.id}`}
              aria-selected={selected}
              aria-controls={`${baseId}-panel-${tab.id}`}
              tabIndex={selected ? 0 : -1}
              className={tabVariants({ size, selected })}
              onClick={() => setCurrent(tab.id)}
              onKeyDown={(event) => move(event, index)}
            >
              {tab.label}
            </button>
          );
        })}
      </div>
      {tabs.map((tab) => (
        <div key={tab.id} role="tabpanel" id={`${baseId}-panel-${tab.id}`} aria-labelledby={`${baseId}-tab-${tab.id}`} hidden={tab.id !== current} tabIndex={0} className={cn("pt-3")}>
          {tab.id === current ? tab.content : null}
        </div>
      ))}
    </div>
  );
}
