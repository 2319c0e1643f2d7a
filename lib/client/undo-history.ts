// The viewer's undo and redo of a person's own changes, as data: each entry says what to do to
// take a change back, and taking it back yields the entry that redoes it. Nothing here talks to the
// server — `apply` (the viewer's outbox) does — so the order rules can be tested on their own.

/** What undo needs of an annotation to make it again. */
export type UndoSnapshot = { labelId: string; start: number; end: number; exact: string; attributes: Record<string, unknown>; note: string };

export type UndoEntry =
  | { type: "created"; id: string; snapshot: UndoSnapshot }
  | { type: "deleted"; id: string; snapshot: UndoSnapshot }
  | { type: "updated"; id: string; before: Partial<UndoSnapshot>; after: Partial<UndoSnapshot> };

/**
 * Carries out the inverse of `entry` and returns the entry that would undo that in turn, or null
 * when there is nothing to do (the annotation is gone, e.g. deleted by someone else meanwhile).
 */
export type ApplyInverse = (entry: UndoEntry) => UndoEntry | null;

/**
 * The person's decisions on what recommenders suggest (accept or reject one, accept all of a
 * label). Made and withdrawn on the server (the annotation an accept made goes with it), not
 * through the outbox, so they have an applier of their own, set with `UndoHistory.handleDecisions` by the
 * proposals panel. `made`: undoing it withdraws them; otherwise undoing it (a redo) makes them again.
 */
export type DecisionEntry = {
  type: "decisions";
  made: boolean;
  verdict: "accept" | "reject";
  labelId: string;
  /** Recommenders' proposals, by span (a span and label is proposed once). */
  proposals: { start: number; end: number }[];
  /** Knowledge-base suggestions, by id (their spans for a redo of an accept-all). */
  suggestions: { id: string; start: number; end: number }[];
  /** An accept-all: made again by one accept-all of these spans. */
  bulk: boolean;
  /** A single decision's text, for the status line. */
  exact?: string;
};

export type HistoryEntry = UndoEntry | DecisionEntry;
export type ApplyDecisions = (entry: DecisionEntry) => DecisionEntry | null;

/** The entry that takes back what undoing or redoing `entry` did. */
export const flipDecisions = (entry: DecisionEntry): DecisionEntry => ({ ...entry, made: !entry.made });

/** The longest history kept: a long session must not grow without bound. */
export const UNDO_LIMIT = 500;

export class UndoHistory {
  private done: HistoryEntry[] = [];
  private undone: HistoryEntry[] = [];
  /** Carries out decision entries (see DecisionEntry); until a panel sets one, they are dropped. */
  private applyDecisions: ApplyDecisions = () => null;

  /** Sets what carries out decision entries (the proposals panel); the returned function unsets it. */
  handleDecisions(apply: ApplyDecisions): () => void {
    this.applyDecisions = apply;
    return () => {
      if (this.applyDecisions === apply) this.applyDecisions = () => null;
    };
  }

  /** A new change by the person: it can be undone, and what was undone can no longer be redone. */
  record(entry: HistoryEntry) {
    this.done.push(entry);
    if (this.done.length > UNDO_LIMIT) this.done.shift();
    this.undone = [];
  }

  /**
   * A correction of a change the server refused takes that change's place: when the last entry
   * updated the same fields of the same annotation, the two become one step, back to what was there
   * before the refused value. Otherwise it is recorded as a change of its own.
   */
  recordCorrection(entry: UndoEntry) {
    const last = this.done.at(-1);
    if (entry.type === "updated" && last?.type === "updated" && last.id === entry.id && Object.keys(last.after).every((k) => k in entry.after)) {
      this.done[this.done.length - 1] = { ...entry, before: { ...entry.before, ...last.before } };
      this.undone = [];
      return;
    }
    this.record(entry);
  }

  undo(apply: ApplyInverse): boolean {
    return this.step(this.done, this.undone, apply);
  }

  redo(apply: ApplyInverse): boolean {
    return this.step(this.undone, this.done, apply);
  }

  /** What the next undo takes back. */
  get latest(): HistoryEntry | undefined {
    return this.done.at(-1);
  }

  get canUndo() {
    return this.done.length > 0;
  }
  get canRedo() {
    return this.undone.length > 0;
  }

  /** Takes the newest entry of `from`; when it could be applied, its inverse goes onto `to`. */
  private step(from: HistoryEntry[], to: HistoryEntry[], apply: ApplyInverse): boolean {
    const entry = from.pop();
    const inverse = !entry ? null : entry.type === "decisions" ? this.applyDecisions(entry) : apply(entry);
    if (inverse) to.push(inverse);
    return inverse !== null;
  }
}

/** The entry that records `patch` applied to `current`: its `before` holds the values it replaced. */
export function updateEntry(id: string, current: UndoSnapshot, patch: Partial<UndoSnapshot>): UndoEntry {
  const before: Partial<UndoSnapshot> = {};
  for (const key of Object.keys(patch) as (keyof UndoSnapshot)[]) (before as Record<string, unknown>)[key] = current[key];
  return { type: "updated", id, before, after: patch };
}
