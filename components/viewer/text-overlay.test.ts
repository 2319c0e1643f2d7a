import { expect, test } from "vitest";
import { arcPath, layoutArcs, type ArcInput, type LabelBox } from "@/components/viewer/text-overlay";

const box = (left: number, top: number) => ({ left, top, right: left + 40, bottom: top + 20 });

test("an arc leaves from the top of one span, lands on the top of the other, and its name sits above both", () => {
  const { d, apex } = arcPath(box(0, 100), box(200, 100));
  expect(d.startsWith("M 20 100 ")).toBe(true);
  expect(d.endsWith(", 220 100")).toBe(true);
  expect(apex.x).toBe(120);
  expect(apex.y).toBeLessThan(100);
});

test("spans further apart get a higher arc, so arcs between near spans do not hide under far ones", () => {
  const near = arcPath(box(0, 100), box(60, 100)).apex.y;
  const far = arcPath(box(0, 100), box(400, 100)).apex.y;
  expect(far).toBeLessThan(near);
});

const intersect = (a: LabelBox, b: LabelBox) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const clashes = (labels: LabelBox[]) => labels.flatMap((a, i) => labels.slice(i + 1).filter((b) => intersect(a, b)).map((b) => [a, b]));

test("labels of relations between near spans do not overlap: arcs are raised until each label is clear", () => {
  // Kim, the party and Putin on one line, a word apart; two relations between the same two spans.
  const [kim, party, putin] = [box(0, 100), box(60, 100), box(120, 100)];
  const arcs: ArcInput[] = [
    { id: "kim-party", from: kim, to: party, labelWidth: 60 },
    { id: "kim-party-again", from: kim, to: party, labelWidth: 50 },
    { id: "party-putin", from: party, to: putin, labelWidth: 60 },
    { id: "kim-putin", from: kim, to: putin, labelWidth: 60 },
    { id: "putin-kim", from: putin, to: kim, labelWidth: 40 },
  ];
  const placed = layoutArcs(arcs);
  expect(placed.map((p) => p.id).sort()).toEqual(arcs.map((a) => a.id).sort());
  expect(clashes(placed.map((p) => p.label))).toEqual([]);
  // Each label sits on its own arc's apex, and stays above the text it links.
  for (const p of placed) {
    const arc = arcs.find((a) => a.id === p.id)!;
    expect(p.label.x + p.label.width / 2).toBeCloseTo((arc.from.left + arc.from.right + arc.to.left + arc.to.right) / 4);
    expect(p.label.y + p.label.height).toBeLessThan(100);
  }
});

test("an arc whose label is clear keeps its own height; many relations on one pair stack without limit", () => {
  const alone = layoutArcs([{ id: "a", from: box(0, 100), to: box(300, 100), labelWidth: 40 }])[0];
  expect(alone.d).toBe(arcPath(box(0, 100), box(300, 100)).d);
  const many = layoutArcs(Array.from({ length: 12 }, (_, i) => ({ id: `r${i}`, from: box(0, 100), to: box(60, 100), labelWidth: 70 })));
  expect(clashes(many.map((p) => p.label))).toEqual([]);
});

test("arc labels keep off the label chips on the text: an arc whose label would sit on a chip is raised clear of it", () => {
  const [kim, party] = [box(0, 100), box(60, 100)];
  const free = layoutArcs([{ id: "a", from: kim, to: party, labelWidth: 60 }])[0].label;
  // A chip exactly where the label would go, and another just above it.
  const chips = [{ ...free }, { x: free.x + 10, y: free.y - 14, width: 40, height: 11 }];
  const [raised] = layoutArcs([{ id: "a", from: kim, to: party, labelWidth: 60 }], chips);
  expect(raised.label.y).toBeLessThan(free.y);
  for (const chip of chips) expect(intersect(raised.label, chip)).toBe(false);
});
