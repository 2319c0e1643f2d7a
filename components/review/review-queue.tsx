"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Alert, Button, Input, Select } from "@/components/ui/form";
import { api } from "@/lib/api-client";
import { withLaterVerdicts, type GivenVerdict } from "@/components/review/queue-verdicts";

type Item = {
  id: string;
  documentId: string;
  documentTitle: string;
  exact: string;
  prefix: string;
  suffix: string;
  version: number;
  reviewState: "PENDING" | "ACCEPTED" | "REJECTED";
  label: { id: string; name: string; kind: string; color: string };
  author: { id: string; name: string };
  note: string;
  attributes: { key: string; name: string; values: string[] }[];
  relations: { id: string; type: string; direction: "out" | "in"; other: { id: string; exact: string; label: string } }[];
  canonical: { id: string; name: string; kind: string } | null;
  latestReview: { decision: string; comment: string; reviewer: { name: string } } | null;
};

type Props = {
  projectId: string;
  me: string;
  canReview: boolean;
  documents: { id: string; title: string }[];
  labels: { id: string; name: string }[];
  members: { userId: string; name: string }[];
  initial: Item[];
  /** Where the next page starts, null when this is all. */
  initialNextOffset: number | null;
};

const STATE_TEXT = { PENDING: "pending", ACCEPTED: "accepted", REJECTED: "rejected" } as const;

/** Keyboard-driven review: ↓/↑ (or j/k) move, a accepts, r rejects, c comments, o opens in context. */
export function ReviewQueue({ projectId, me, canReview, documents, labels, members, initial, initialNextOffset }: Props) {
  const router = useRouter();
  const [items, setItems] = useState<Item[]>(initial);
  const [nextOffset, setNextOffset] = useState(initialNextOffset);
  const [filters, setFilters] = useState({ state: "PENDING", documentId: "", labelId: "", authorId: "" });
  const [index, setIndex] = useState(0);
  const [comment, setComment] = useState("");
  const [error, setError] = useState<string>();
  const listRef = useRef<HTMLOListElement>(null);
  const commentRef = useRef<HTMLInputElement>(null);
  const current = items[index];
  // The item the reviewer has selected, so a reload of the list (a filter change) keeps it
  // selected when it is still there instead of jumping to the first item under their keys.
  const selectedId = useRef<string | undefined>(undefined);
  useEffect(() => {
    selectedId.current = current?.id;
  }, [current]);
  const loads = useRef(0);
  // Verdicts given since the last list was asked for: its answer may be older than they are
  // (components/review/queue-verdicts.ts).
  const verdicts = useRef(new Map<string, GivenVerdict<Item>>());
  // The list as last rendered, for a verdict's step to the next card (its closure's list may have been replaced since).
  const shownRef = useRef<Item[]>(initial);
  useEffect(() => {
    shownRef.current = items;
  }, [items]);

  const load = useCallback(async (next: typeof filters, offset = 0) => {
    const params = new URLSearchParams(Object.entries(next).filter(([, v]) => v));
    if (offset) params.set("offset", String(offset));
    const seq = ++loads.current;
    // A verdict the server confirmed before this list was asked for is in its answer.
    for (const [id, v] of verdicts.current) if (v.load < seq) verdicts.current.delete(id);
    try {
      const answer = await api<{ items: Item[]; nextOffset: number | null }>(`/api/projects/${projectId}/review-queue?${params}`);
      if (seq !== loads.current) return; // a later filter change has its own answer coming
      const page = { ...answer, items: withLaterVerdicts(answer.items, seq, verdicts.current.values(), offset ? [] : shownRef.current, next) };
      // A further page joins the list; a filter change replaces it.
      if (offset) {
        setItems((shown) => {
          const known = new Set(shown.map((s) => s.id));
          return [...shown, ...page.items.filter((item) => !known.has(item.id))];
        });
      } else {
        setItems(page.items);
        setIndex(Math.max(0, page.items.findIndex((item) => item.id === selectedId.current)));
      }
      setNextOffset(page.nextOffset);
      setError(undefined);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [projectId]);

  const setFilter = (key: keyof typeof filters, value: string) => {
    const next = { ...filters, [key]: value };
    setFilters(next);
    void load(next);
  };

  const decide = useCallback(
    async (decision: "ACCEPTED" | "REJECTED") => {
      if (!current || !canReview || current.author.id === me) return;
      const decided: Item = { ...current, reviewState: decision, latestReview: { decision, comment, reviewer: { name: "you" } } };
      // Noted before it is sent (for every list, load Infinity): a list answered while it is on its
      // way may already leave the card out. Once confirmed, for the lists asked for before then.
      const verdict: GivenVerdict<Item> = { before: current, after: decided, load: Infinity };
      verdicts.current.set(current.id, verdict);
      try {
        await api(`/api/annotations/${current.id}/reviews`, { method: "POST", json: { decision, comment, version: current.version } });
        verdict.load = loads.current;
        setItems((list) => list.map((it) => (it.id === current.id ? { ...it, reviewState: decision, latestReview: decided.latestReview } : it)));
        setComment("");
        setError(undefined);
        setIndex((i) => Math.min(i + 1, Math.max(0, shownRef.current.length - 1)));
      } catch (e) {
        if (verdicts.current.get(current.id) === verdict) verdicts.current.delete(current.id);
        // A list answered meanwhile showed the verdict that was not given.
        setItems((list) => list.map((it) => (it.id === current.id && it.reviewState !== current.reviewState ? current : it)));
        setError((e as Error).message);
      }
    },
    [current, canReview, me, comment],
  );

  useEffect(() => {
    listRef.current?.querySelector(`[data-index="${index}"]`)?.scrollIntoView({ block: "nearest" });
  }, [index]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const inField = event.target instanceof Element && !!event.target.closest("input, textarea, select");
      if (inField) {
        if (event.key === "Escape") (event.target as HTMLElement).blur();
        if (event.key === "Enter" && event.target === commentRef.current) (event.target as HTMLElement).blur();
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const key = event.key;
      if (key === "ArrowDown" || key === "j") setIndex((i) => Math.min(i + 1, Math.max(0, items.length - 1)));
      else if (key === "ArrowUp" || key === "k") setIndex((i) => Math.max(i - 1, 0));
      else if (key === "a") void decide("ACCEPTED");
      else if (key === "r") void decide("REJECTED");
      else if (key === "c") commentRef.current?.focus();
      else if ((key === "o" || key === "Enter") && current) router.push(`/documents/${current.documentId}?annotation=${current.id}`);
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [items.length, decide, current, router]);

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700">
        Keys: <kbd>↓</kbd>/<kbd>↑</kbd> next/previous · <kbd>a</kbd> accept · <kbd>r</kbd> reject · <kbd>c</kbd> comment · <kbd>o</kbd> open in context
      </p>
      <div className="grid gap-2 sm:grid-cols-4">
        <Select aria-label="Review state" value={filters.state} onChange={(e) => setFilter("state", e.target.value)}>
          <option value="PENDING">Pending</option>
          <option value="ACCEPTED">Accepted</option>
          <option value="REJECTED">Rejected</option>
          <option value="ALL">All states</option>
        </Select>
        <Select aria-label="Document" value={filters.documentId} onChange={(e) => setFilter("documentId", e.target.value)}>
          <option value="">All documents</option>
          {documents.map((d) => <option key={d.id} value={d.id}>{d.title}</option>)}
        </Select>
        <Select aria-label="Label" value={filters.labelId} onChange={(e) => setFilter("labelId", e.target.value)}>
          <option value="">All labels</option>
          {labels.map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
        </Select>
        <Select aria-label="Annotator" value={filters.authorId} onChange={(e) => setFilter("authorId", e.target.value)}>
          <option value="">All annotators</option>
          {members.map((m) => <option key={m.userId} value={m.userId}>{m.name}</option>)}
        </Select>
      </div>
      {error ? <Alert>{error}</Alert> : null}
      {!canReview ? <Alert kind="info">You can look at the queue; reviewing needs the curator role, or peer review switched on.</Alert> : null}
      {items.length === 0 ? <p className="text-slate-700">Nothing to review with these filters.</p> : null}
      <ol ref={listRef} aria-label="Review queue" className="max-h-[65vh] space-y-2 overflow-y-auto">
        {items.map((item, i) => (
          // The queue is walked with ↑/↓ (J/K) from anywhere on the page; a click is the pointer's way there.
          // eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-noninteractive-element-interactions
          <li
            key={item.id}
            data-index={i}
            aria-current={i === index ? "true" : undefined}
            onClick={() => setIndex(i)}
            className={`rounded border p-3 text-sm ${i === index ? "border-blue-600 bg-blue-50" : "border-slate-200 bg-white"}`}
          >
            <div className="flex flex-wrap items-center gap-2">
              <span className="rounded px-1.5 py-0.5 text-xs" style={{ backgroundColor: item.label.color }}>{item.label.name}</span>
              <span className="text-slate-600">{item.author.name}{item.author.id === me ? " (you)" : ""} · {item.documentTitle}</span>
              <span className="ml-auto text-xs font-medium" data-testid="review-state">{STATE_TEXT[item.reviewState]}</span>
            </div>
            <p className="mt-1">
              <span className="text-slate-600">…{item.prefix}</span>
              <mark className="bg-yellow-200 px-0.5">{item.exact}</mark>
              <span className="text-slate-600">{item.suffix}…</span>
            </p>
            <ReviewCardDetails item={item} />
            {item.latestReview ? (
              <p className="mt-1 text-xs text-slate-600">
                {item.latestReview.decision.toLowerCase()} by {item.latestReview.reviewer.name}
                {item.latestReview.comment ? `: “${item.latestReview.comment}”` : ""}
              </p>
            ) : null}
            {i === index ? (
              <div className="mt-2 flex flex-wrap items-center gap-2">
                <Input ref={commentRef} aria-label="Review comment" placeholder="Comment (optional)" value={comment} onChange={(e) => setComment(e.target.value)} className="mt-0 max-w-sm" />
                <Button disabled={!canReview || item.author.id === me} onClick={() => void decide("ACCEPTED")}>Accept</Button>
                <Button variant="danger" disabled={!canReview || item.author.id === me} onClick={() => void decide("REJECTED")}>Reject</Button>
                <Link href={`/documents/${item.documentId}?annotation=${item.id}`} className="text-blue-800 underline">Open in context</Link>
              </div>
            ) : null}
          </li>
        ))}
      </ol>
      {nextOffset !== null ? (
        <Button variant="secondary" onClick={() => void load(filters, nextOffset)}>Show more</Button>
      ) : null}
    </div>
  );
}

/** What is being accepted beyond the quote: attributes, relations, knowledge-base item, note. */
function ReviewCardDetails({ item }: { item: Item }) {
  if (!item.attributes.length && !item.relations.length && !item.canonical && !item.note) return null;
  return (
    <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 text-xs text-slate-700" data-testid="review-card-details">
      {item.attributes.map((a) => (
        <div key={a.key} className="contents">
          <dt className="font-medium">{a.name}</dt>
          <dd>{a.values.join(", ")}</dd>
        </div>
      ))}
      {item.relations.map((r) => (
        <div key={r.id} className="contents">
          <dt className="font-medium">{r.direction === "out" ? `${r.type} →` : `← ${r.type}`}</dt>
          <dd>“{r.other.exact}” ({r.other.label})</dd>
        </div>
      ))}
      {item.canonical ? (
        <div className="contents">
          <dt className="font-medium">Knowledge base</dt>
          <dd>{item.canonical.name} ({item.canonical.kind.toLowerCase()})</dd>
        </div>
      ) : null}
      {item.note ? (
        <div className="contents">
          <dt className="font-medium">Note</dt>
          <dd className="whitespace-pre-wrap">{item.note}</dd>
        </div>
      ) : null}
    </dl>
  );
}
