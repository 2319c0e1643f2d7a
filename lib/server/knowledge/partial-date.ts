// Partial ISO dates (2019, 2019-04, 2019-04-25) as periods on a time axis: a year-only date
// covers the whole year. Pure and isomorphic.

export type DatePrecision = "year" | "month" | "day";

export type PartialDate = {
  /** As written: 2019, 2019-04 or 2019-04-25. */
  value: string;
  precision: DatePrecision;
  /** First day of the period, ISO (2019-01-01). */
  start: string;
  /** Last day of the period, ISO (2019-12-31). */
  end: string;
  /** Start and end (exclusive) as UTC milliseconds, for placing on an axis. */
  startMs: number;
  endMs: number;
};

const PATTERN = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The period a partial date stands for; null for anything that is not one (or not a real day). */
export function parsePartialDate(value: string | null | undefined): PartialDate | null {
  const m = value ? PATTERN.exec(value.trim()) : null;
  if (!m) return null;
  const year = Number(m[1]);
  const month = m[2] ? Number(m[2]) : null;
  const day = m[3] ? Number(m[3]) : null;
  if (month !== null && (month < 1 || month > 12)) return null;
  const precision: DatePrecision = day !== null ? "day" : month !== null ? "month" : "year";
  const startMs = Date.UTC(year, (month ?? 1) - 1, day ?? 1);
  // Date.UTC treats years 0–99 as 1900–1999; set the year explicitly.
  const start = new Date(startMs);
  start.setUTCFullYear(year);
  if (day !== null && start.getUTCDate() !== day) return null; // 2019-02-30
  const end = new Date(start);
  if (precision === "year") end.setUTCFullYear(year + 1);
  else if (precision === "month") end.setUTCMonth(end.getUTCMonth() + 1);
  else end.setUTCDate(end.getUTCDate() + 1);
  return { value: m[0], precision, start: iso(start.getTime()), end: iso(end.getTime() - 86_400_000), startMs: start.getTime(), endMs: end.getTime() };
}

const RANK: Record<DatePrecision, number> = { year: 0, month: 1, day: 2 };

/** Chronological by start of period; at the same start the coarser period first (2019 < 2019-01 < 2019-01-01). */
export function comparePartialDates(a: PartialDate, b: PartialDate): number {
  return a.startMs - b.startMs || RANK[a.precision] - RANK[b.precision];
}

/**
 * The date to show for something several mentions date differently: dates that only narrow down
 * another (2019 when 2019-04-25 is also given) give way to the more precise one; of the rest,
 * the earliest.
 */
export function earliestDate(values: readonly (string | null | undefined)[]): PartialDate | null {
  const dates = values.map(parsePartialDate).filter((d): d is PartialDate => d !== null);
  const precise = dates.filter((d) => !dates.some((other) => other.value !== d.value && other.value.startsWith(d.value)));
  return precise.sort(comparePartialDates)[0] ?? null;
}

/** Documents in corpus order: by publication date (start of period; undated last), then title. */
export function byPublication(a: { publishedOn: string | null; title: string }, b: { publishedOn: string | null; title: string }): number {
  const da = parsePartialDate(a.publishedOn);
  const dbb = parsePartialDate(b.publishedOn);
  if (da && dbb) return comparePartialDates(da, dbb) || a.title.localeCompare(b.title);
  if (da || dbb) return da ? -1 : 1;
  return a.title.localeCompare(b.title);
}
