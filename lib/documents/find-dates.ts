// Dates as news sites write them, read into the workbench's partial dates (2024, 2024-04,
// 2024-04-25). Pure and isomorphic.
//
// Forms: "April 25, 2019", "Apr. 25 2019", "25 April 2019", "April 2019", "2019-04-25",
// "25.04.2019" (day first, as dots are written in Europe), "04/08/2024" (see below), and the
// DPRK calendar: "April 25, Juche 113(2024)", "Juche 113 (2024)", "Juche 113" (Juche 1 is 1912).
//
// A slashed date whose two first numbers could both be a month ("04/08/2024") is ambiguous:
// 4 August or April 8. `resolveSlashed` settles it only from evidence in the same text (the text
// mentions "August 4" but never "April 8"); otherwise only the year is proposed, with the reason.

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
export const MONTH_PATTERN = "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
const YEAR = "(?:1[89]\\d\\d|2\\d\\d\\d)";
const JUCHE = "juche\\s+(\\d{1,3})(?:\\s*\\(\\s*(" + YEAR + ")\\s*\\))?";

export type FoundDate = {
  /** YYYY, YYYY-MM or YYYY-MM-DD. */
  value: string;
  /** The text it was read from. */
  source: string;
  /** Why only part of the date was proposed, if so. */
  note?: string;
};

const pad = (n: number) => String(n).padStart(2, "0");
const monthOf = (name: string) => MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const jucheYear = (juche: string, western?: string) => (western ? Number(western) : 1911 + Number(juche));

function ymd(year: number, month?: number, day?: number): string | null {
  if (year < 1800 || year > 2999) return null;
  if (month === undefined) return String(year);
  if (month < 1 || month > 12) return null;
  if (day === undefined) return `${year}-${pad(month)}`;
  if (day < 1 || day > daysIn(year, month)) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

// Each form, tried in order; the first that reads a valid date wins.
const FORMS: { pattern: RegExp; read: (m: RegExpMatchArray, text: string) => Omit<FoundDate, "source"> | null }[] = [
  {
    // April 25, Juche 113(2024) · April 25, 2019 · Apr. 25 2019
    pattern: new RegExp(`\\b(${MONTH_PATTERN})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(?:${JUCHE}|(${YEAR})\\b)`, "i"),
    read: (m) => {
      const year = m[5] ? Number(m[5]) : jucheYear(m[3], m[4]);
      const value = ymd(year, monthOf(m[1]), Number(m[2]));
      return value ? { value } : null;
    },
  },
  {
    // 25 April 2019 · 25 April, Juche 113
    pattern: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(${MONTH_PATTERN})\\.?,?\\s+(?:${JUCHE}|(${YEAR})\\b)`, "i"),
    read: (m) => {
      const year = m[5] ? Number(m[5]) : jucheYear(m[3], m[4]);
      const value = ymd(year, monthOf(m[2]), Number(m[1]));
      return value ? { value } : null;
    },
  },
  {
    // 2019-04-25 (also the date part of an ISO timestamp)
    pattern: new RegExp(`\\b(${YEAR})-(\\d{2})-(\\d{2})\\b`),
    read: (m) => {
      const value = ymd(Number(m[1]), Number(m[2]), Number(m[3]));
      return value ? { value } : null;
    },
  },
  {
    // 25.04.2019 — day first
    pattern: new RegExp(`\\b(\\d{1,2})\\.(\\d{1,2})\\.(${YEAR})\\b`),
    read: (m) => {
      const value = ymd(Number(m[3]), Number(m[2]), Number(m[1]));
      return value ? { value } : null;
    },
  },
  {
    // 04/08/2024 — day or month first: settled by evidence, or only the year
    pattern: new RegExp(`\\b(\\d{1,2})/(\\d{1,2})/(${YEAR})\\b`),
    read: (m, text) => resolveSlashed(Number(m[1]), Number(m[2]), Number(m[3]), text),
  },
  {
    // April 2019 · April, Juche 113
    pattern: new RegExp(`\\b(${MONTH_PATTERN})\\.?,?\\s+(?:${JUCHE}|(${YEAR})\\b)`, "i"),
    read: (m) => {
      const year = m[4] ? Number(m[4]) : jucheYear(m[2], m[3]);
      const value = ymd(year, monthOf(m[1]));
      return value ? { value } : null;
    },
  },
  {
    // Juche 113(2024) alone
    pattern: new RegExp(`\\b${JUCHE}`, "i"),
    read: (m) => {
      const value = ymd(jucheYear(m[1], m[2]));
      return value ? { value } : null;
    },
  },
];

/** The first date written in `fragment` (a line or a field), or null. `text` is the whole document, for evidence. */
export function readDate(fragment: string, text = fragment): FoundDate | null {
  for (const form of FORMS) {
    const m = fragment.match(form.pattern);
    if (!m) continue;
    const read = form.read(m, text);
    if (read) return { ...read, source: m[0] };
  }
  return null;
}

/** Whether the text names this day of this month ("August 4" or "4 August"). */
function mentionsDay(text: string, month: number, day: number): boolean {
  const name = `(?:${MONTH_NAMES[month - 1]}|${MONTHS[month - 1]}\\.?)`;
  return new RegExp(`\\b${name}\\s+${day}(?!\\d)|\\b${day}(?:st|nd|rd|th)?\\s+${name}\\b`, "i").test(text);
}

export function resolveSlashed(first: number, second: number, year: number, text: string): Omit<FoundDate, "source"> | null {
  const dayFirst = ymd(year, second, first);
  const monthFirst = ymd(year, first, second);
  if (!dayFirst && !monthFirst) return null;
  if (!dayFirst || !monthFirst || dayFirst === monthFirst) return { value: (dayFirst ?? monthFirst)! };
  const dayFirstSeen = mentionsDay(text, second, first);
  const monthFirstSeen = mentionsDay(text, first, second);
  if (dayFirstSeen !== monthFirstSeen) {
    const [month, day] = dayFirstSeen ? [second, first] : [first, second];
    return { value: dayFirstSeen ? dayFirst : monthFirst, note: `read as ${day} ${MONTH_NAMES[month - 1]}: the text mentions ${MONTH_NAMES[month - 1]} ${day}` };
  }
  return {
    value: String(year),
    note: `${pad(first)}/${pad(second)}/${year} could be ${first} ${MONTH_NAMES[second - 1]} or ${MONTH_NAMES[first - 1]} ${second}; only the year is proposed`,
  };
}

/** A line that is only a date, perhaps repeated ("July 05, 2025Jul 05, 2025"). */
export const DATE_ONLY_LINE = new RegExp(
  `^(?:(?:${MONTH_PATTERN}\\.? \\d{1,2},? (?:${YEAR}|juche \\d{1,3}(?:\\s*\\(${YEAR}\\))?)|\\d{1,2} ${MONTH_PATTERN}\\.?,? ${YEAR}|${YEAR}-\\d{2}-\\d{2}|\\d{1,2}[/.]\\d{1,2}[/.]${YEAR})\\s*)+$`,
  "i",
);

/**
 * A dateline: a date alone, or a place and a date ("Pyongyang, April 23, Juche 109(2020)",
 * "MOSCOW, Oct. 12 —"). A caption ("Kim Jong Un and Vladimir Putin, Vladivostok, April 25,
 * 2019.") is not one: the place is one short name without commas and the line is not a sentence.
 */
export function isDateline(line: string): boolean {
  const l = line.trim();
  if (!l || l.length > 60) return false;
  if (DATE_ONLY_LINE.test(l)) return true;
  // The place: at most three words ("Pyongyang", "New York", "Rio de Janeiro").
  const m = l.match(/^(\p{Lu}[\p{L}.'-]*(?: [\p{L}.'-]+){0,2}),\s*(.+?)\s*[—–-]?$/u);
  if (!m || /[.!?]$/.test(m[2])) return false;
  const date = readDate(m[2]);
  return !!date && m[2].replace(date.source, "").trim() === "";
}

const PARTIAL_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/** Accepts 2019, 2019-04, 2019-04-25 or a full ISO timestamp (reduced to its date). */
export function normalizePublishedOn(value: unknown): string | undefined | Error {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") return new Error("the date must be a string like 2019-04-25");
  const trimmed = value.trim();
  const candidate = /^\d{4}-\d{2}-\d{2}T/.test(trimmed) ? trimmed.slice(0, 10) : trimmed;
  if (!PARTIAL_DATE.test(candidate)) return new Error(`"${value}" is not a date like 2019, 2019-04 or 2019-04-25`);
  const [y, m, d] = candidate.split("-").map(Number);
  if (m !== undefined && (m < 1 || m > 12)) return new Error(`"${value}" has no month ${m}`);
  if (d !== undefined && (d < 1 || d > new Date(Date.UTC(y, m, 0)).getUTCDate())) return new Error(`"${value}" is not a real date`);
  return candidate;
}

