import { expect, test } from "vitest";
import { selectionStep } from "@/components/viewer/text-keys";
import { shortcutFor, type KeyPress } from "@/lib/client/viewer-shortcuts";

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });
const step = (e: KeyPress, mac = false) => {
  const s = selectionStep(e, mac);
  return s && `${s.alter} ${s.direction} ${s.granularity}`;
};

test("arrow keys move the caret as an editor's do, Shift extends, Ctrl goes by words and paragraphs, Home/End to the line's ends", () => {
  // ← and → go by the screen, not by reading order: in Arabic or Hebrew → goes back in the text.
  expect(step(press("ArrowRight"))).toBe("move right character");
  expect(step(press("ArrowLeft", { shiftKey: true }))).toBe("extend left character");
  expect(step(press("ArrowRight", { ctrlKey: true, shiftKey: true }))).toBe("extend right word");
  expect(step(press("ArrowDown"))).toBe("move forward line");
  expect(step(press("ArrowUp", { ctrlKey: true }))).toBe("move backward paragraph");
  expect(step(press("End", { shiftKey: true }))).toBe("extend forward lineboundary");
  expect(step(press("Home", { ctrlKey: true, shiftKey: true }))).toBe("extend backward documentboundary");
});

test("on a Mac, Alt goes by words and Cmd to the line's and the text's ends", () => {
  expect(step(press("ArrowLeft", { altKey: true, shiftKey: true }), true)).toBe("extend left word");
  expect(step(press("ArrowRight", { metaKey: true }), true)).toBe("move forward lineboundary");
  expect(step(press("ArrowDown", { metaKey: true, shiftKey: true }), true)).toBe("extend forward documentboundary");
  // Ctrl+arrow is the system's (Spaces) there, not a word step.
  expect(step(press("ArrowRight", { ctrlKey: true }), true)).toBeNull();
});

test("keys that are the viewer's shortcuts or the page's are left to them", () => {
  // Alt + ↑/↓ walk the annotations, on every platform.
  for (const mac of [false, true]) {
    for (const key of ["ArrowUp", "ArrowDown"]) {
      const e = press(key, { altKey: true });
      expect(step(e, mac)).toBeNull();
      expect(shortcutFor(e)).toMatch(/next|previous/);
    }
  }
  for (const key of ["PageDown", "PageUp", " ", "Tab", "a", "Delete"]) expect(step(press(key))).toBeNull();
});
