"use client";
import { useState, useTransition } from "react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { Field, Select } from "@/components/ui/form";
import type { TimelineEvent } from "@/lib/server/knowledge/list-timeline";

// The server's shape (type-only import: nothing of the server module reaches the browser).
export type TimelineEventView = TimelineEvent;

const DAY = 86_400_000;
const dayMs = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
/** UTC midnight on the first of a month; Date.UTC alone would read years 0–99 as 1900–1999. */
function monthStart(year: number, month = 0) {
  const d = new Date(Date.UTC(2000, month, 1));
  d.setUTCFullYear(year);
  return d.getTime();
}
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "25 April 2019", "April 2019" or "2019", from the partial ISO date. */
export function formatPartialDate(date: string): string {
  const [y, m, d] = date.split("-");
  if (d) return `${Number(d)} ${MONTH_NAMES[Number(m) - 1]} ${y}`;
  if (m) return `${MONTH_NAMES[Number(m) - 1]} ${y}`;
  return y;
}

type Tick = { at: number; label: string; major: boolean };

/** The axis: whole years (rounded to a readable step), with months when the span is short. */
function axisOf(events: TimelineEventView[]) {
  const starts = events.map((e) => dayMs(e.period!.start));
  const ends = events.map((e) => dayMs(e.period!.end) + DAY);
  const firstYear = new Date(Math.min(...starts)).getUTCFullYear();
  const lastYear = new Date(Math.max(...ends) - 1).getUTCFullYear();
  const span = lastYear - firstYear + 1;
  const step = [1, 2, 5, 10, 20, 25, 50, 100, 200, 500].find((s) => span / s <= 12) ?? 1000;
  const from = Math.floor(firstYear / step) * step;
  const to = Math.max(Math.ceil((lastYear + 1) / step) * step, from + step);
  const ticks: Tick[] = [];
  for (let y = from; y <= to; y += step) ticks.push({ at: monthStart(y), label: String(y), major: true });
  if (to - from <= 3) {
    const every = to - from === 1 ? 1 : 3;
    for (let y = from; y < to; y++) {
      for (let m = every; m < 12; m += every) ticks.push({ at: monthStart(y, m), label: MONTHS[m], major: false });
    }
  }
  return { start: monthStart(from), end: monthStart(to), ticks };
}

function EventDetails({ projectId, event }: { projectId: string; event: TimelineEventView }) {
  return (
    <div className="space-y-2 rounded border border-slate-200 bg-white p-3 text-sm">
      {event.description ? <p className="whitespace-pre-wrap">{event.description}</p> : null}
      {event.date ? (
        <p className="text-slate-700">
          {event.dateSource === "reports" ? "Reported by" : `Date ${event.dateSource === "item" ? "set on the event" : "from its mentions"}:`} {event.date} ({event.precision}
          {event.dateSource === "reports" ? ", the earliest article that mentions it" : ""})
        </p>
      ) : null}
      {event.participants.length || event.unlinkedParticipants.length ? (
        <p>
          <span className="font-medium">Participants: </span>
          {event.participants.map((p, i) => (
            <span key={p.id}>
              {i ? ", " : ""}
              <Link href={`/projects/${projectId}/knowledge/${p.id}`} className="text-blue-800 underline">{p.name}</Link>
            </span>
          ))}
          {event.unlinkedParticipants.length ? `${event.participants.length ? ", " : ""}${event.unlinkedParticipants.map((q) => `“${q}”`).join(", ")}` : null}
        </p>
      ) : null}
      {event.locations.length ? <p><span className="font-medium">Where: </span>{event.locations.join(", ")}</p> : null}
      {event.mentionsTruncated ? (
        <p className="text-slate-600">
          The first {event.mentions.length} of {event.mentionCount.toLocaleString("en")} mentions (participants and places from these);{" "}
          <Link href={`/projects/${projectId}/knowledge/${event.id}`} className="text-blue-800 underline">all of them</Link>.
        </p>
      ) : null}
      {event.mentions.length ? (
        <ul className="space-y-1" aria-label={`Mentions of ${event.name}`}>
          {event.mentions.map((m) => (
            <li key={m.annotationId}>
              <Link href={`/documents/${m.documentId}?annotation=${m.annotationId}`} className="text-blue-800 underline">{m.documentTitle}</Link>
              {": “"}
              {m.exact.length > 160 ? `${m.exact.slice(0, 159)}…` : m.exact}
              {"”"}
              {m.date ? <span className="text-slate-600"> · dated {m.date}</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-slate-600">No mentions linked yet.</p>
      )}
      <p>
        <Link href={`/projects/${projectId}/knowledge/${event.id}`} className="text-blue-800 underline">All about this event</Link>
      </p>
    </div>
  );
}

function EventTitle({ event, open, onToggle, disabled }: { event: TimelineEventView; open: boolean; onToggle: () => void; disabled: boolean }) {
  return (
    <div className="min-w-0">
      <button type="button" aria-expanded={open} onClick={onToggle} disabled={disabled} className="text-left font-medium text-blue-800 hover:underline disabled:text-slate-500">
        {event.name}
      </button>
      <div className="text-xs text-slate-600">
        {event.date ? <time dateTime={event.date}>{formatPartialDate(event.date)}</time> : "undated"}
        {" · "}
        {event.mentionCount} mention{event.mentionCount === 1 ? "" : "s"} in {event.documentCount} document{event.documentCount === 1 ? "" : "s"}
      </div>
    </div>
  );
}

const BAR_STYLE = { year: "bg-blue-300", month: "bg-blue-500", day: "bg-blue-800" } as const;

/**
 * One page of canonical events on a horizontal time axis: each bar covers the period its (partial)
 * date names — a year-only date the whole year — and opens the event's mentions. The participant
 * filter is the server's (?participant=), so it covers every event, not just this page.
 */
export function TimelineView({ projectId, events, undated, participants, participant = "", datedTotal, undatedTotal }: {
  projectId: string;
  events: TimelineEventView[];
  undated: TimelineEventView[];
  participants: { id: string; name: string }[];
  participant?: string;
  /** Dated and undated events in all pages. */
  datedTotal: number;
  undatedTotal: number;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [open, setOpen] = useState<string[]>([]);
  const toggle = (id: string) => setOpen((o) => (o.includes(id) ? o.filter((x) => x !== id) : [...o, id]));
  // While the filtered page loads, the events shown are the old filter's: not to be opened (the new
  // page replaces them, and what was opened with them).
  const [filtering, startFiltering] = useTransition();
  const choose = (id: string) => startFiltering(() => router.push(id ? `${pathname}?participant=${encodeURIComponent(id)}` : pathname));
  const shown = events;
  const shownUndated = undated;
  const axis = events.length ? axisOf(events) : null;
  const pct = (ms: number) => (axis ? ((ms - axis.start) / (axis.end - axis.start)) * 100 : 0);

  return (
    <div className="space-y-6">
      <div className="w-72">
        <Field label="Participant">
          <Select value={participants.some((p) => p.id === participant) ? participant : ""} onChange={(e) => choose(e.target.value)}>
            <option value="">Everyone</option>
            {participants.map((p) => (
              <option key={p.id} value={p.id}>{p.name}</option>
            ))}
          </Select>
        </Field>
      </div>

      <section aria-labelledby="dated-heading" className="space-y-2">
        <h2 id="dated-heading" className="text-lg font-semibold">Dated events ({datedTotal})</h2>
        {axis && shown.length ? (
          <div className="overflow-x-auto">
            <div className="min-w-[40rem]">
              <div className="grid grid-cols-[minmax(10rem,16rem)_1fr] gap-3" aria-hidden="true">
                <div />
                <div className="relative h-6 border-b border-slate-400 text-xs text-slate-600">
                  {axis.ticks.map((t) => (
                    <span key={t.at} className={`absolute bottom-0 -translate-x-1/2 ${t.major ? "font-medium text-slate-800" : ""}`} style={{ left: `${pct(t.at)}%` }}>
                      {t.label}
                    </span>
                  ))}
                </div>
              </div>
              <ol aria-label="Events in time order" className="divide-y divide-slate-100">
                {shown.map((event) => {
                  const start = dayMs(event.period!.start);
                  const end = dayMs(event.period!.end) + DAY;
                  return (
                    <li key={event.id} className="grid grid-cols-[minmax(10rem,16rem)_1fr] items-center gap-x-3 py-1.5">
                      <EventTitle event={event} open={open.includes(event.id)} onToggle={() => toggle(event.id)} disabled={filtering} />
                      <div className="relative h-6 rounded bg-slate-100" aria-hidden="true">
                        {axis.ticks.filter((t) => t.major).map((t) => (
                          <span key={t.at} className="absolute inset-y-0 w-px bg-slate-300" style={{ left: `${pct(t.at)}%` }} />
                        ))}
                        <span
                          className={`absolute top-1 h-4 rounded ${BAR_STYLE[event.precision!]}`}
                          style={{ left: `${pct(start)}%`, width: `max(0.5rem, ${pct(end) - pct(start)}%)` }}
                          title={`${event.name}: ${event.period!.start === event.period!.end ? event.period!.start : `${event.period!.start} – ${event.period!.end}`}`}
                        />
                      </div>
                      {open.includes(event.id) ? (
                        <div className="col-span-2 mt-1">
                          <EventDetails projectId={projectId} event={event} />
                        </div>
                      ) : null}
                    </li>
                  );
                })}
              </ol>
              <p className="mt-2 flex flex-wrap gap-4 text-xs text-slate-600">
                <span><span className={`mr-1 inline-block h-3 w-4 rounded align-middle ${BAR_STYLE.year}`} />year known</span>
                <span><span className={`mr-1 inline-block h-3 w-4 rounded align-middle ${BAR_STYLE.month}`} />month known</span>
                <span><span className={`mr-1 inline-block h-3 w-4 rounded align-middle ${BAR_STYLE.day}`} />day known</span>
              </p>
            </div>
          </div>
        ) : (
          <p className="text-sm text-slate-600">
            {datedTotal ? "On earlier pages." : participant ? "No dated event with this participant." : "No dated events yet. Give an event a date on its knowledge-base page, or date its mentions in the viewer."}
          </p>
        )}
      </section>

      <section aria-labelledby="undated-heading" className="space-y-2">
        <h2 id="undated-heading" className="text-lg font-semibold">Undated events ({undatedTotal})</h2>
        {shownUndated.length ? (
          <ul className="space-y-2" aria-label="Undated events">
            {shownUndated.map((event) => (
              <li key={event.id} className="space-y-1">
                <EventTitle event={event} open={open.includes(event.id)} onToggle={() => toggle(event.id)} disabled={filtering} />
                {open.includes(event.id) ? <EventDetails projectId={projectId} event={event} /> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-600">{undatedTotal ? "On later pages." : "None."}</p>
        )}
      </section>
    </div>
  );
}
