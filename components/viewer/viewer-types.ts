import { LABEL_PALETTE } from "@/lib/labels/palette";

export type ViewerLabel = { id: string; name: string; kind: "CLAIM" | "EVENT" | "ENTITY"; color: string; hotkey: string | null; description: string };
export type ViewerMember = { userId: string; name: string; role: "OWNER" | "CURATOR" | "ANNOTATOR" | "VIEWER" };

// Layer colours: a dark tone for each annotator's underline (at least 3:1 against white) and the
// palette's light tint when highlights are coloured by annotator. The gold layer, the annotators'
// first six tones and the low-agreement mark stay apart for protanopia, deuteranopia and
// tritanopia too (viewer-types.test.ts simulates them); a seventh annotator reuses the first tone.
export const LAYER_TONES = ["#009f7c", "#0b2b5f", "#6230cb", "#1f686c", "#5a0020", "#877dc0"];
export const GOLD = { tone: "#c57d00", tint: "#fde047" };
/** The wavy underline under regions where annotators disagree. */
export const LOW_AGREEMENT = "#b71532";

export function layerColors(members: ViewerMember[]) {
  return new Map(
    members.map((m, i) => [m.userId, { tone: LAYER_TONES[i % LAYER_TONES.length], tint: LABEL_PALETTE[i % LABEL_PALETTE.length].hex }]),
  );
}

/** A quote cut for a list or a heading: at most `max` UTF-16 units, with an ellipsis. */
export const shortQuote = (s: string, max = 40) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** Highlights are translucent so that overlapping spans darken where they meet. */
export const translucent = (hex: string) => `${hex}99`;
