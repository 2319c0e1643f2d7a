import { LABEL_PALETTE } from "@/lib/labels/palette";

export type ViewerLabel = { id: string; name: string; kind: "CLAIM" | "EVENT" | "ENTITY"; color: string; hotkey: string | null; description: string };
export type ViewerMember = { userId: string; name: string; role: "OWNER" | "CURATOR" | "ANNOTATOR" | "VIEWER" };

// Layer colours: a dark tone for each annotator's underline (visible on every label colour)
// and the palette's light tint when highlights are coloured by annotator.
const LAYER_TONES = ["#b45309", "#0369a1", "#4d7c0f", "#be123c", "#6d28d9", "#0f766e", "#c2410c", "#be185d", "#4338ca", "#a16207"];

export function layerColors(members: ViewerMember[]) {
  return new Map(
    members.map((m, i) => [m.userId, { tone: LAYER_TONES[i % LAYER_TONES.length], tint: LABEL_PALETTE[i % LABEL_PALETTE.length].hex }]),
  );
}

/** A quote cut for a list or a heading: at most `max` UTF-16 units, with an ellipsis. */
export const shortQuote = (s: string, max = 40) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** Highlights are translucent so that overlapping spans darken where they meet. */
export const translucent = (hex: string) => `${hex}99`;
