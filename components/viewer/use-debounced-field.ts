"use client";
// A text field of the annotation form that saves as it is typed: the value is sent ~600 ms after
// the last keystroke (or at once when the field loses focus or the form closes), so each pause in
// typing is one change and one undo entry rather than one per key. While nothing typed is waiting,
// the field follows the annotation (an undo, a change from another tab).
import { useCallback, useEffect, useRef, useState } from "react";

export const FIELD_SAVE_DELAY_MS = 600;

type Options = {
  /** What is stored for a typed value (trimmed, say); the field keeps showing what was typed. */
  normalize?: (typed: string) => string;
  /** Keep what was typed although the annotation did not take it (the server refused it): the person corrects it in place. */
  hold?: boolean;
  delay?: number;
};

const same = (s: string) => s;

/**
 * `value` is the annotation's (normalized) value, `save` stores a new one, `onWaiting` hears when
 * typed text starts and stops waiting to be sent (for the save status).
 */
export function useDebouncedField(value: string, save: (value: string) => void, onWaiting: (waiting: boolean) => void, { normalize = same, hold = false, delay = FIELD_SAVE_DELAY_MS }: Options = {}) {
  const [draft, setDraft] = useState(value);
  const [shownValue, setShownValue] = useState(value);
  const [waiting, setWaiting] = useState(false);
  const unsent = useRef<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef({ value, save, onWaiting, normalize });
  useEffect(() => {
    latest.current = { value, save, onWaiting, normalize };
  });

  // The annotation changed under the field: show it, unless the person's own typing waits to be sent.
  if (value !== shownValue) {
    setShownValue(value);
    if (!waiting && !hold && normalize(draft) !== value) setDraft(value);
  }

  const flush = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const typed = unsent.current;
    if (typed === null) return;
    unsent.current = null;
    setWaiting(false);
    latest.current.onWaiting(false);
    const stored = latest.current.normalize(typed);
    if (stored !== latest.current.value) latest.current.save(stored);
  }, []);

  const onChange = useCallback(
    (typed: string) => {
      setDraft(typed);
      if (unsent.current === null) latest.current.onWaiting(true);
      unsent.current = typed;
      setWaiting(true);
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(flush, delay);
    },
    [flush, delay],
  );

  // Closing the form (another annotation picked) sends what was typed rather than losing it.
  useEffect(() => flush, [flush]);

  return { value: draft, onChange, flush, waiting };
}
