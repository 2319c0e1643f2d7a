// A change is shown the moment it is made and written to the outbox (IndexedDB) beside it: waiting
// for the commit first put a transaction's latency (5–50 ms, far more on a busy machine) into every
// add, relabel and delete. The outbox guarantee stays: a change is sent only once its write has
// committed (so the server never has a change this browser would have lost), and a write that
// fails takes the change back and says why — a change that stays on screen is a kept change.
import type { Outbox, OutboxOp } from "@/lib/client/outbox";

export type WriteFailure = { op: OutboxOp; message: string };

export class OutboxWrites {
  private readonly writes = new Map<string, Promise<boolean>>();
  private noStorage = false;

  private onFailed: (failure: WriteFailure) => void;

  constructor(private readonly outbox: Outbox, onFailed: (failure: WriteFailure) => void = () => undefined) {
    this.onFailed = onFailed;
  }

  /** Who is told about a failed write (the viewer, once it is mounted). */
  whenFailed(onFailed: (failure: WriteFailure) => void) {
    this.onFailed = onFailed;
  }

  /** Starts storing `op`; resolves true once it is committed (or kept in memory only), false when the write failed. */
  store(op: OutboxOp): Promise<boolean> {
    const write = this.noStorage
      ? Promise.resolve(true)
      : this.outbox.put(op).then(
          () => {
            this.writes.delete(op.opId);
            return true;
          },
          async (error: unknown) => {
            // No IndexedDB at all: carry on in memory, as private browsing always did.
            if (!(await this.outbox.opens())) {
              this.noStorage = true;
              this.writes.delete(op.opId);
              return true;
            }
            // The failed write's promise stays, so a sender that already picked the change up skips it.
            const reason = error instanceof Error && error.message ? error.message : error instanceof DOMException ? error.name : "the browser refused to store it";
            this.onFailed({ op, message: `This change could not be stored in this browser (${reason}), so it was taken back. Try again; if it keeps failing, free some space for this site.` });
            return false;
          },
        );
    this.writes.set(op.opId, write);
    return write;
  }

  /** This browser has no usable IndexedDB (some private modes): changes are kept in memory until a reload. */
  get memoryOnly() {
    return this.noStorage;
  }

  keepInMemory() {
    this.noStorage = true;
  }

  /** Whether `opId` may be sent: true once committed (or never written here, e.g. restored after a reload), false when its write failed. */
  stored(opId: string): Promise<boolean> {
    return this.writes.get(opId) ?? Promise.resolve(true);
  }
}
