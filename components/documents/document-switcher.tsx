"use client";
import { useEffect, useId, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { api } from "@/lib/api-client";

// Go to another document of the project by typing part of its title (or file name). Each keystroke
// (debounced) asks the paged document list for the first few matches — never the whole project,
// which may hold tens of thousands. ARIA combobox with a listbox popup: arrows move, Enter opens,
// Escape closes.

const SHOWN = 10;
const DEBOUNCE_MS = 200;

type Choice = { id: string; title: string; publishedOn: string | null };

export function DocumentSwitcher({ projectId, currentId }: { projectId: string; currentId: string }) {
  const router = useRouter();
  const [q, setQ] = useState("");
  const [open, setOpen] = useState(false);
  const [choices, setChoices] = useState<Choice[]>([]);
  const [total, setTotal] = useState(0);
  const [active, setActive] = useState(-1);
  const [error, setError] = useState<string>();
  const listId = useId();
  const asked = useRef(0);

  useEffect(() => {
    if (!open) return;
    const ask = ++asked.current;
    const timer = setTimeout(() => {
      const params = new URLSearchParams({ q: q.trim().slice(0, 200), limit: String(SHOWN) });
      api<{ documents: Choice[]; total: number }>(`/api/projects/${projectId}/documents?${params}`).then(
        (page) => {
          // An older answer arriving after a newer one is dropped.
          if (ask !== asked.current) return;
          setChoices(page.documents.map((d) => ({ id: d.id, title: d.title, publishedOn: d.publishedOn })));
          setTotal(page.total);
          setActive(page.documents.length ? 0 : -1);
          setError(undefined);
        },
        (e: Error) => ask === asked.current && setError(e.message),
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [q, open, projectId]);

  const go = (choice: Choice | undefined) => {
    if (!choice) return;
    setOpen(false);
    if (choice.id !== currentId) router.push(`/documents/${choice.id}`);
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(a + 1, choices.length - 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (event.key === "Enter" && open) {
      event.preventDefault();
      go(choices[active]);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      setOpen(false);
    }
  };

  const optionId = (i: number) => `${listId}-${i}`;
  return (
    <div className="relative">
      <label className="sr-only" htmlFor={`${listId}-input`}>Go to document</label>
      <input
        id={`${listId}-input`}
        type="search"
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && active >= 0 ? optionId(active) : undefined}
        placeholder="Go to document…"
        autoComplete="off"
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
        className="w-64 rounded border border-slate-300 bg-white px-2 py-1 text-sm"
      />
      <div hidden={!open} className="absolute right-0 top-full z-30 mt-1 w-96 rounded border border-slate-200 bg-white py-1 text-sm shadow-lg">
        <ul id={listId} role="listbox" aria-label="Documents">
          {choices.map((c, i) => (
            // The keyboard reaches the options through the input (arrows, Enter: aria-activedescendant).
            // eslint-disable-next-line jsx-a11y/click-events-have-key-events
            <li
              key={c.id}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              aria-current={c.id === currentId ? "page" : undefined}
              // Before the input's blur closes the list.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => go(c)}
              onMouseEnter={() => setActive(i)}
              className={`cursor-pointer truncate px-3 py-1.5 ${i === active ? "bg-blue-50 text-blue-900" : "text-slate-800"}`}
            >
              {c.title}
              {c.publishedOn ? <span className="ml-2 text-xs text-slate-600">{c.publishedOn}</span> : null}
            </li>
          ))}
        </ul>
        <p className="px-3 py-1 text-xs text-slate-600" aria-live="polite">
          {error ? error : choices.length === 0 ? "No document matches." : total > choices.length ? `First ${choices.length} of ${total}: type more of the title.` : null}
        </p>
      </div>
    </div>
  );
}
