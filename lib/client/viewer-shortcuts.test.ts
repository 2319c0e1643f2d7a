// Each key the help lists does what the help says, and nothing else is taken from the person.
import { expect, test } from "vitest";
import { SHORTCUTS, shortcutFor, type KeyPress } from "@/lib/client/viewer-shortcuts";

const press = (key: string, more: Partial<KeyPress> = {}): KeyPress => ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...more });

test("the keys the help names map to their actions", () => {
  expect(shortcutFor(press("z", { ctrlKey: true }))).toBe("undo");
  expect(shortcutFor(press("z", { metaKey: true }))).toBe("undo");
  expect(shortcutFor(press("Z", { ctrlKey: true, shiftKey: true }))).toBe("redo");
  expect(shortcutFor(press("y", { ctrlKey: true }))).toBe("redo");
  expect(shortcutFor(press("ArrowDown", { altKey: true }))).toBe("next");
  expect(shortcutFor(press("ArrowUp", { altKey: true }))).toBe("previous");
  // Alt+R by its physical key: on a Mac, Option+R types "®".
  expect(shortcutFor(press("®", { altKey: true, code: "KeyR" }))).toBe("relation");
  expect(shortcutFor(press("Delete"))).toBe("delete");
  expect(shortcutFor(press("Backspace"))).toBe("delete");
  expect(shortcutFor(press("Escape"))).toBe("escape");
  expect(shortcutFor(press("?", { shiftKey: true }))).toBe("help");
});

test("plain letters, arrows and the browser's own shortcuts are left alone", () => {
  for (const p of [press("a"), press("ArrowDown"), press("c", { ctrlKey: true }), press("r"), press("Delete", { ctrlKey: true })]) {
    expect(shortcutFor(p)).toBeNull();
  }
});

test("every action in the table is named in the help once", () => {
  const actions = SHORTCUTS.map((s) => s.action).filter((a) => a !== null);
  expect(new Set(actions).size).toBe(actions.length);
  for (const s of SHORTCUTS) expect(s.help.length).toBeGreaterThan(3);
});
