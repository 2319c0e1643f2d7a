// Unsent annotation changes live in IndexedDB until the server confirms them, so work done
// offline — or while the server or its database is down — survives a reload and is sent later.

export type OutboxOp = {
  opId: string;
  documentId: string;
  /** Whose change it is: a shared browser must never send one person's work as another's. */
  userId: string;
  kind: "create" | "update" | "delete";
  annotationId: string;
  /** The request body; for update/delete `version` is filled in at send time when null. */
  body: Record<string, unknown>;
  createdAt: number;
  /** Set when the server refused this change: it stays stored, is not sent again by itself, and
   * waits for the person to retry, copy or discard it. */
  refused?: OutboxRefusal;
};

/** `issues`: the server's validation problems by field path ("note", "attributes.date"), to show next to each field. */
export type OutboxRefusal = { status: number; message: string; at: number; issues?: RefusalIssue[] };
export type RefusalIssue = { path: string; message: string };

const DB_NAME = "annotation-workbench";
const STORE = "outbox";

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

// A write counts only once its transaction committed: a request's success event comes before the
// commit, and a transaction can still abort after it (quota, a closing browser).
function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error("IndexedDB write failed"));
    tx.onabort = () => reject(tx.error ?? new Error("IndexedDB write aborted"));
  });
}

export class Outbox {
  private db: Promise<IDBDatabase> | null = null;

  constructor(private readonly factory: IDBFactory | undefined = globalThis.indexedDB) {}

  private open(): Promise<IDBDatabase> {
    if (!this.factory) return Promise.reject(new Error("IndexedDB is not available"));
    this.db ??= new Promise((resolve, reject) => {
      const req = this.factory!.open(DB_NAME, 1);
      req.onupgradeneeded = () => {
        const store = req.result.createObjectStore(STORE, { keyPath: "opId" });
        store.createIndex("byDocument", ["documentId", "createdAt"]);
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    return this.db;
  }

  private async store(mode: IDBTransactionMode) {
    return (await this.open()).transaction(STORE, mode).objectStore(STORE);
  }

  private async write(change: (store: IDBObjectStore) => void): Promise<void> {
    const tx = (await this.open()).transaction(STORE, "readwrite");
    const done = committed(tx);
    change(tx.objectStore(STORE));
    await done;
  }

  /** Whether this browser's IndexedDB opens at all (some private modes have none). */
  async opens(): Promise<boolean> {
    return this.open().then(() => true, () => false);
  }

  /** Pending operations of one document, oldest first. */
  async list(documentId: string): Promise<OutboxOp[]> {
    const index = (await this.store("readonly")).index("byDocument");
    return request(index.getAll(IDBKeyRange.bound([documentId, 0], [documentId, Number.MAX_SAFE_INTEGER]))) as Promise<OutboxOp[]>;
  }

  /** Stores (or replaces) an operation; resolves once the transaction committed. */
  async put(op: OutboxOp): Promise<void> {
    await this.write((store) => store.put(op));
  }

  /** Removes operations in one transaction; resolves once it committed. */
  async remove(...opIds: string[]): Promise<void> {
    await this.write((store) => {
      for (const opId of opIds) store.delete(opId);
    });
  }
}

/** What the server's answer means for a queued operation. */
export type SendOutcome =
  | { kind: "done"; body: unknown }
  | { kind: "conflict"; body: { error?: string; details?: { current?: unknown } } }
  | { kind: "refused"; status: number; message: string; issues?: RefusalIssue[] }
  | { kind: "signedOut" }
  | { kind: "retry"; reason: string };

export function classifyResponse(status: number, body: unknown): SendOutcome {
  if (status >= 200 && status < 300) return { kind: "done", body };
  // A create refused as a duplicate tag is not a race with someone else: nothing changed
  // elsewhere, the person tagged a span twice. It is listed with the refused changes, naming the
  // annotation already there.
  if (status === 409 && (body as { details?: { existing?: unknown } } | null)?.details?.existing) {
    return refused(status, body);
  }
  if (status === 409) return { kind: "conflict", body: body as { error?: string } };
  // Not a verdict on the change but on the session (expired, signed out elsewhere, secret
  // rotated): sending pauses until the person signs in again.
  if (status === 401) return { kind: "signedOut" };
  // 408 and 429 are temporary; every other 4xx is the server's answer about this change, kept
  // with the change for the person to act on.
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) return refused(status, body);
  return { kind: "retry", reason: `server answered ${status}` };
}

/** Validation problems come as `issues` (the request did not parse) or `details.issues` (attributes that do not suit the label). */
function issuesOf(body: unknown): RefusalIssue[] {
  const b = body as { issues?: unknown; details?: { issues?: unknown } } | null;
  const list = Array.isArray(b?.issues) ? b.issues : Array.isArray(b?.details?.issues) ? b.details.issues : [];
  return (list as { path?: unknown; message?: unknown }[])
    .filter((i) => typeof i?.message === "string")
    .map((i) => ({ path: Array.isArray(i.path) ? i.path.join(".") : typeof i.path === "string" ? i.path : "", message: i.message as string }));
}

function refused(status: number, body: unknown): SendOutcome {
  const error = (body as { error?: unknown } | null)?.error;
  const issues = issuesOf(body);
  const detail = issues.length ? ` (${issues.map((i) => [i.path, i.message].filter(Boolean).join(": ")).join("; ")})` : "";
  const message = `${typeof error === "string" && error ? error : `Refused by the server (${status})`}${detail}`;
  return issues.length ? { kind: "refused", status, message, issues } : { kind: "refused", status, message };
}

/** 1 s, 2 s, 4 s … capped at 30 s, with jitter so many clients do not retry in step. */
export function backoffMs(attempt: number, random = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5));
  return Math.round(base * (0.75 + random() * 0.5));
}
