"use client";
import { Alert, Button } from "@/components/ui/form";
import type { Conflict, ShownAnnotation } from "@/components/viewer/use-annotation-sync";
import type { WriteFailure } from "@/lib/client/outbox-writes";
import { shortQuote, type ViewerLabel } from "@/components/viewer/viewer-types";
import { conflictFields } from "@/lib/client/conflict-fields";
import type { OutboxOp } from "@/lib/client/outbox";

/**
 * Changes the server refused because someone else changed the annotation first: each field shown
 * with their value (now on the server) beside mine, to keep theirs or apply mine on top.
 */
export function ConflictAlerts({ conflicts, labels = [], annotations, onDismiss, onApplyAgain }: {
  conflicts: Conflict[];
  labels?: ViewerLabel[];
  annotations?: ReadonlyMap<string, ShownAnnotation>;
  onDismiss: (opId: string) => void;
  onApplyAgain: (op: Pick<OutboxOp, "kind" | "annotationId" | "body">) => void;
}) {
  const names = {
    label: (id: string) => labels.find((l) => l.id === id)?.name,
    annotation: (id: string) => {
      const exact = annotations?.get(id)?.exact;
      return exact === undefined ? undefined : `“${shortQuote(exact)}”`;
    },
  };
  return conflicts.map((c) => {
    const rows = conflictFields(c.mine.kind, c.mine.body, c.current, names);
    return (
      <Alert key={c.opId}>
        <p>
          Your change to “{c.current?.exact ?? c.mine.annotationId}” was not saved: {c.message}
        </p>
        {rows.length ? (
          <table className="mt-2 w-full border-collapse text-left text-xs" aria-label="Their value and mine">
            <thead>
              <tr>
                <th scope="col" className="border-b border-red-200 py-1 pr-2">Field</th>
                <th scope="col" className="border-b border-red-200 py-1 pr-2">Theirs (saved)</th>
                <th scope="col" className="border-b border-red-200 py-1">Mine</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.field} className="align-top">
                  <th scope="row" className="py-1 pr-2 font-medium">{r.field}</th>
                  <td className="whitespace-pre-wrap py-1 pr-2">{r.theirs}</td>
                  <td className="whitespace-pre-wrap py-1">{r.mine}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <div className="mt-2 flex gap-2">
          <Button variant="secondary" onClick={() => onDismiss(c.opId)}>Keep theirs</Button>
          {c.current && !c.current.deleted && c.mine.kind !== "create" ? (
            <Button
              onClick={() => {
                const { version: _v, ...mine } = c.mine.body;
                onApplyAgain({ kind: c.mine.kind, annotationId: c.annotationId, body: { ...mine, version: c.current!.version } });
                onDismiss(c.opId);
              }}
            >
              Apply mine again
            </Button>
          ) : null}
        </div>
      </Alert>
    );
  });
}

/** Changes taken back because this browser could not store them (a full disk, a closing browser). */
export function UnstoredAlerts({ failures, onDismiss }: { failures: WriteFailure[]; onDismiss: (opId: string) => void }) {
  return failures.map((f) => (
    <Alert key={f.op.opId}>
      <p data-testid="unstored-change">{f.message}</p>
      <Button variant="secondary" className="mt-2" onClick={() => onDismiss(f.op.opId)}>Dismiss</Button>
    </Alert>
  ));
}
