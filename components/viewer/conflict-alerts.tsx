"use client";
import { Alert, Button } from "@/components/ui/form";
import type { Conflict } from "@/components/viewer/use-annotation-sync";
import type { OutboxOp } from "@/lib/client/outbox";

/** Changes the server refused because someone else changed the annotation first: keep theirs, or apply mine on top. */
export function ConflictAlerts({ conflicts, onDismiss, onApplyAgain }: {
  conflicts: Conflict[];
  onDismiss: (opId: string) => void;
  onApplyAgain: (op: Pick<OutboxOp, "kind" | "annotationId" | "body">) => void;
}) {
  return conflicts.map((c) => (
    <Alert key={c.opId}>
      <p>
        Your change to “{c.current?.exact ?? c.mine.annotationId}” was not saved: {c.message}
      </p>
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
  ));
}
