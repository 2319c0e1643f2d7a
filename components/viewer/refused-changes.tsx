"use client";
// Changes the server refused (a role taken away, a deleted annotation, invalid input) stay in this
// browser until the person decides: retry, copy the text out, or discard. Nothing here goes away
// by itself.
import { useState } from "react";
import { Button } from "@/components/ui/form";
import { changeText, type Annotation, type RefusedChange } from "@/lib/client/annotation-queue";
import type { ViewerLabel } from "@/components/viewer/viewer-types";

type Props = {
  refused: RefusedChange[];
  labels: ViewerLabel[];
  confirmed: Map<string, Annotation>;
  onRetry: (opId: string) => void;
  onDiscard: (opId: string) => void;
};

export function RefusedChanges({ refused, labels, confirmed, onRetry, onDiscard }: Props) {
  if (!refused.length) return null;
  const labelName = (id: string) => labels.find((l) => l.id === id)?.name;
  const title = `${refused.length} change${refused.length === 1 ? "" : "s"} could not be saved`;
  return (
    <section aria-labelledby="refused-changes-heading" className="space-y-2 rounded border border-red-300 bg-red-50 p-3 text-sm text-red-950">
      <h2 id="refused-changes-heading" className="font-semibold">{title}</h2>
      <p>They are kept in this browser, also across a reload, until you retry or discard them.</p>
      <ul className="space-y-2">
        {refused.map((r) => (
          <RefusedItem key={r.op.opId} change={r} text={changeText(r.op, confirmed.get(r.op.annotationId), labelName)} onRetry={onRetry} onDiscard={onDiscard} />
        ))}
      </ul>
    </section>
  );
}

function RefusedItem({ change, text, onRetry, onDiscard }: { change: RefusedChange; text: string; onRetry: (opId: string) => void; onDiscard: (opId: string) => void }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const { op, heldBehind } = change;
  const copy = () =>
    navigator.clipboard.writeText(text).then(
      () => setCopied("yes"),
      () => setCopied("failed"),
    );
  const held = heldBehind.length;
  return (
    <li className="rounded border border-red-200 bg-white p-2">
      <p className="whitespace-pre-wrap font-medium">{text.split("\n")[0]}</p>
      <p>
        The server said: {op.refused.message} <span className="text-red-800">({op.refused.status})</span>
      </p>
      {held ? (
        <p className="text-red-800">
          {held} later change{held === 1 ? "" : "s"} to it wait{held === 1 ? "s" : ""} behind it{op.kind === "create" ? " (discarded with it)" : ""}.
        </p>
      ) : null}
      <div className="mt-2 flex flex-wrap gap-2">
        <Button className="px-2 py-1" onClick={() => onRetry(op.opId)}>Retry</Button>
        <Button variant="secondary" className="px-2 py-1" onClick={() => void copy()}>Copy</Button>
        <Button variant="danger" className="px-2 py-1" onClick={() => onDiscard(op.opId)}>Discard</Button>
        {copied === "yes" ? <span role="status" className="self-center text-green-800">Copied</span> : null}
      </div>
      {copied === "failed" ? (
        // No clipboard access (permissions, an old browser): the text to copy by hand.
        <textarea readOnly aria-label="Change to copy" className="mt-2 w-full rounded border border-slate-300 p-1 text-xs" rows={4} value={text} onFocus={(e) => e.currentTarget.select()} />
      ) : null}
    </li>
  );
}
