"use client";
import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import type { NavGroup, ProjectPage } from "@/lib/server/projects/project-navigation";

// Disclosure navigation (WAI-ARIA "disclosure navigation menu"): each group is a button that
// shows its links; Escape closes the open group and returns focus to its button, and a click
// elsewhere closes it. Links stay plain links (Tab moves through them), so no menu roles.
export function ProjectNavMenus({ groups, current }: { groups: NavGroup[]; current: ProjectPage }) {
  const [open, setOpen] = useState<string | null>(null);
  const navRef = useRef<HTMLElement>(null);
  const baseId = useId();

  useEffect(() => {
    if (open === null) return;
    const onPointer = (event: PointerEvent) => {
      if (!navRef.current?.contains(event.target as Node)) setOpen(null);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      const button = navRef.current?.querySelector<HTMLButtonElement>(`[data-group="${CSS.escape(open)}"]`);
      setOpen(null);
      button?.focus();
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  return (
    <nav ref={navRef} aria-label="Project" className="flex flex-nowrap gap-1 border-b border-slate-200">
      {groups.map((group, i) => {
        const here = group.pages.find((p) => p.key === current);
        const listId = `${baseId}-${i}`;
        const expanded = open === group.name;
        return (
          <div key={group.name} className="relative">
            <button
              type="button"
              data-group={group.name}
              aria-expanded={expanded}
              aria-controls={listId}
              onClick={() => setOpen(expanded ? null : group.name)}
              className={`-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm ${here ? "border-blue-700 font-medium text-blue-800" : "border-transparent text-slate-700 hover:text-slate-900"}`}
            >
              {group.name}
              {here ? <span className="font-normal text-slate-700">{" · "}{here.label}</span> : null}
              <span aria-hidden="true" className="ml-1 text-xs">{expanded ? "▴" : "▾"}</span>
            </button>
            <ul id={listId} hidden={!expanded} className="absolute left-0 top-full z-30 mt-px min-w-48 rounded border border-slate-200 bg-white py-1 shadow-lg">
              {group.pages.map((page) => (
                <li key={page.key}>
                  <Link
                    href={page.href}
                    aria-current={page.key === current ? "page" : undefined}
                    onClick={() => setOpen(null)}
                    className={`block whitespace-nowrap px-3 py-2 text-sm hover:bg-slate-100 ${page.key === current ? "font-medium text-blue-800" : "text-slate-800"}`}
                  >
                    {page.label}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </nav>
  );
}
