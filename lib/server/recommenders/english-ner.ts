// English named entities in-process with `compromise` (a kept library that ships its own lexicon
// and rules, no model download): people, places and organisations. Pure. Offsets are UTF-16, as
// compromise counts; the caller anchors them in code points.
import nlp from "compromise";
import { textPieces } from "@/lib/anchoring/segment-long";
import { runAtOnce, type Steps } from "@/lib/run-in-slices";

export const ENTITY_KINDS = ["people", "places", "organizations"] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];
export type FoundEntity = { kind: EntityKind; start: number; end: number; text: string };

type Json = { text: string; offset?: { start: number; length: number } };
// compromise keeps the punctuation next to a match ("Vladivostok."): spans stop at letters and digits.
const EDGE = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

export const findEnglishEntities = (text: string): FoundEntity[] => runAtOnce(findEnglishEntitiesSteps(text));

/**
 * The entities of a text, found piece by piece (at most 2,000 characters, cut at a line break or
 * after a sentence: segment-long.ts), pausing within each piece (run-in-slices.ts). compromise's
 * people() slows down with the square of what it is given: a 100,000-character text took 20 s in
 * one piece, 200,000 took 133 s, on the server's one thread; in pieces, 0.45 s for 100,000.
 */
export function* findEnglishEntitiesSteps(text: string): Steps<FoundEntity[]> {
  const found: FoundEntity[] = [];
  for (const piece of textPieces(text)) {
    const part = text.slice(piece.start, piece.end);
    const doc = nlp(part);
    // A pause point after the reading and after each kind's matching: a piece is 12–32 ms of
    // compromise's work, and a request waiting for the thread waits behind at most one of these parts.
    yield;
    for (const kind of ENTITY_KINDS) {
      for (const m of doc[kind]().json({ offset: true }) as Json[]) {
        if (!m.offset) continue;
        const raw = part.slice(m.offset.start, m.offset.start + m.offset.length);
        const lead = raw.length - raw.replace(/^[^\p{L}\p{N}]+/u, "").length;
        const trimmed = raw.replace(EDGE, "");
        if (!trimmed) continue;
        const start = piece.start + m.offset.start + lead;
        found.push({ kind, start, end: start + trimmed.length, text: trimmed });
      }
      yield;
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Default mapping, kind by kind: the project's entity labels by their usual names. A label filter on the recommender leaves a kind out. */
const USUAL_NAMES: Record<EntityKind, RegExp> = { people: /^(person|people)$/i, places: /^(location|place|gpe)$/i, organizations: /^organi[sz]ations?$/i };

export function mappingFor(saved: unknown, labels: { id: string; name: string; kind: string }[]): Partial<Record<EntityKind, string>> {
  const entities = labels.filter((l) => l.kind === "ENTITY");
  const mapping: Partial<Record<EntityKind, string>> = {};
  for (const kind of ENTITY_KINDS) {
    const chosen = saved && typeof saved === "object" ? (saved as Record<string, unknown>)[kind] : undefined;
    // Not chosen (or no longer an entity label): the usual label, if the project has one.
    const id = (typeof chosen === "string" ? entities.find((l) => l.id === chosen)?.id : undefined) ?? entities.find((l) => USUAL_NAMES[kind].test(l.name))?.id;
    if (id) mapping[kind] = id;
  }
  return mapping;
}
