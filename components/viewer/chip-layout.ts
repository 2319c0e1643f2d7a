// Where the label chips go ("Label names on the text"): in the gap above the line a span starts on,
// never on the text, the underline bars or another chip. Pure (rects in, positions out), so the
// painter can lay out the chips near the viewport in one pass and the relation arcs can then keep
// their labels off the chips.

/** A box in the overlay's coordinates: top-left corner and size. */
export type Box = { x: number; y: number; width: number; height: number };
/** The first line box of a span (where its chip belongs), in the overlay's coordinates. */
export type Anchor = { left: number; top: number; right: number; bottom: number };

export type ChipInput = {
  id: string;
  anchor: Anchor;
  /** The chip's width with its name spelled out. */
  width: number;
  /** Shown whatever happens (the selected annotation's chip): never collapsed or left out. */
  priority?: boolean;
};

export type PlacedChip = { id: string; box: Box; form: "chip" | "marker" };

export const CHIP_HEIGHT = 11;
/** A chip with no room left collapses to a square of the label's colour that names it on hover. */
export const MARKER_SIZE = 6;
/** Room kept free around each chip, so a chip never touches the text, a bar or another chip. */
export const CHIP_GAP = 1;
/** Rows of chips stacked above a line, at most (each must still fit in the gap above the line). */
const ROWS = 3;
/** Vertical slices of the obstacle index, in pixels. */
const CELL = 32;

const touches = (a: Box, b: Box) =>
  a.x < b.x + b.width + CHIP_GAP && b.x < a.x + a.width + CHIP_GAP && a.y < b.y + b.height + CHIP_GAP && b.y < a.y + a.height + CHIP_GAP;

/** Boxes bucketed by their vertical extent, so a candidate is checked against its neighbours only. */
class BoxIndex {
  private readonly cells = new Map<number, Box[]>();
  add(box: Box) {
    for (let c = Math.floor((box.y - CHIP_GAP) / CELL); c <= Math.floor((box.y + box.height + CHIP_GAP) / CELL); c++) {
      let cell = this.cells.get(c);
      if (!cell) this.cells.set(c, (cell = []));
      cell.push(box);
    }
  }
  /** The boxes a candidate touches. */
  blocking(box: Box): Box[] {
    const hits = new Set<Box>();
    for (let c = Math.floor((box.y - CHIP_GAP) / CELL); c <= Math.floor((box.y + box.height + CHIP_GAP) / CELL); c++) {
      for (const other of this.cells.get(c) ?? []) if (touches(box, other)) hits.add(other);
    }
    return [...hits];
  }
}

/**
 * Places the chips of the spans near the viewport. `obstacles` are what a chip must leave visible:
 * the text's line boxes and the underline bars. Each chip goes above its span's first line, at the
 * span's start or shifted right past what is in the way while it still starts over the span, in
 * the row nearest the line first, then the rows above it while they fit in the gap. Chips of the
 * shortest spans are placed first (they have the least room to shift, as `layoutArcs` places the
 * shortest arcs first); the priority chip before all. A chip with no room becomes a marker placed
 * the same way; a marker with no room is left out (hovering the text still names every label). A
 * priority chip with no room is drawn at the span's start all the same.
 */
export function layoutChips(chips: ChipInput[], obstacles: Box[]): PlacedChip[] {
  const index = new BoxIndex();
  for (const o of obstacles) index.add(o);
  const length = (c: ChipInput) => c.anchor.right - c.anchor.left;
  const order = [...chips].sort(
    (a, b) => Number(!!b.priority) - Number(!!a.priority) || length(a) - length(b) || a.anchor.top - b.anchor.top || a.anchor.left - b.anchor.left || (a.id < b.id ? -1 : 1),
  );
  const placed: PlacedChip[] = [];
  const fit = (anchor: Anchor, width: number, height: number): Box | null => {
    // The chip's left edge stays over the span (a few pixels of it at least), so it names that span.
    const last = Math.max(anchor.left, anchor.right - Math.min(width, 8));
    for (let row = 0; row < ROWS; row++) {
      const y = anchor.top - CHIP_GAP - height - row * (height + CHIP_GAP);
      if (y < 0) break;
      let x = anchor.left;
      while (x <= last) {
        const box = { x, y, width, height };
        const blocking = index.blocking(box);
        if (!blocking.length) return box;
        x = Math.max(...blocking.map((b) => b.x + b.width + CHIP_GAP));
      }
    }
    return null;
  };
  for (const chip of order) {
    let box = fit(chip.anchor, chip.width, CHIP_HEIGHT);
    let form: PlacedChip["form"] = "chip";
    if (!box && chip.priority) box = { x: chip.anchor.left, y: chip.anchor.top - CHIP_GAP - CHIP_HEIGHT, width: chip.width, height: CHIP_HEIGHT };
    if (!box) {
      box = fit(chip.anchor, MARKER_SIZE, MARKER_SIZE);
      form = "marker";
    }
    if (!box) continue;
    index.add(box);
    placed.push({ id: chip.id, box, form });
  }
  return placed;
}

let measuring: CanvasRenderingContext2D | null = null;
const widths = new Map<string, number>();
/** A chip's width: its name as the browser sets it (10 px in `fontFamily`) and its padding. */
export function chipWidth(name: string, fontFamily: string): number {
  const key = `${fontFamily}\u0000${name}`;
  let width = widths.get(key);
  if (width === undefined) {
    measuring ??= document.createElement("canvas").getContext("2d");
    if (measuring) measuring.font = `10px ${fontFamily}`;
    width = (measuring ? Math.ceil(measuring.measureText(name).width) : name.length * 6.5) + 6;
    widths.set(key, width);
  }
  return width;
}
