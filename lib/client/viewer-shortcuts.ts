// The viewer's keyboard shortcuts: one table that both the key handler and the help dialog read,
// so the help can never list a key that does nothing, or miss one that does something.

export type ShortcutAction = "undo" | "redo" | "help" | "escape" | "next" | "previous" | "relation" | "delete";

/** The parts of a key event a shortcut looks at (a KeyboardEvent has them all). */
export type KeyPress = { key: string; code?: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean };

export type Shortcut = {
  /** As the help shows them. */
  keys: string;
  help: string;
  /** Null for rows that only explain (selecting text, label hotkeys): handled elsewhere. */
  action: ShortcutAction | null;
  matches?: (e: KeyPress) => boolean;
};

const mod = (e: KeyPress) => e.ctrlKey || e.metaKey;

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: "Select text", help: "Mouse, or in the text (click or Tab into it) Shift + arrow keys; Ctrl+Shift + ←/→ by words (Alt on a Mac), Shift+End to the line's end, Ctrl+A all of it", action: null },
  { keys: "Label hotkey", help: "Tag the selection with that label (shown in the popover)", action: null },
  { keys: "Tab", help: "From a selection into the label popover: arrow keys choose, Enter tags, Escape returns to the text", action: null },
  { keys: "Ctrl+Z", help: "Undo your last change — an accept, reject or accept-all of proposals too", action: "undo", matches: (e) => mod(e) && !e.shiftKey && e.key.toLowerCase() === "z" },
  { keys: "Ctrl+Shift+Z / Ctrl+Y", help: "Redo", action: "redo", matches: (e) => mod(e) && ((e.shiftKey && e.key.toLowerCase() === "z") || e.key.toLowerCase() === "y") },
  { keys: "Alt+↓", help: "Next annotation", action: "next", matches: (e) => e.altKey && e.key === "ArrowDown" },
  { keys: "Alt+↑", help: "Previous annotation", action: "previous", matches: (e) => e.altKey && e.key === "ArrowUp" },
  { keys: "Delete", help: "Delete the selected annotation (your own)", action: "delete", matches: (e) => !mod(e) && !e.altKey && (e.key === "Delete" || e.key === "Backspace") },
  { keys: "Alt+R", help: "Link the selected annotation to another (relation)", action: "relation", matches: (e) => e.altKey && e.code === "KeyR" },
  { keys: "Escape", help: "Clear the selection, close this help", action: "escape", matches: (e) => e.key === "Escape" },
  { keys: "?", help: "Show these shortcuts", action: "help", matches: (e) => !mod(e) && e.key === "?" },
];

/** The action a key press asks for, or null (label hotkeys and typing are the caller's). */
export function shortcutFor(e: KeyPress): ShortcutAction | null {
  for (const s of SHORTCUTS) if (s.matches?.(e)) return s.action;
  return null;
}
