"use client";
// A secret the server shows only once (an API token, an invitation link): what it is for, the
// value to copy, and "Done" to put it away. Copying says whether it worked.
import { useState, type ReactNode } from "react";
import { Button, Input } from "@/components/ui/form";

type Props = {
  id: string;
  title: ReactNode;
  children: ReactNode;
  value: string;
  /** The accessible name of the value. */
  label: string;
  /** A read-only field (long links) or inline code (short secrets). */
  display: "input" | "code";
  copyLabel?: string;
  /** How to use it, under the value. */
  footnote?: ReactNode;
  onDone: () => void;
};

export function ShownOnce({ id, title, children, value, label, display, copyLabel = "Copy", footnote, onDone }: Props) {
  const [copied, setCopied] = useState(false);
  const copy = () => navigator.clipboard.writeText(value).then(() => setCopied(true), () => setCopied(false));
  return (
    <section aria-labelledby={id} className="space-y-2 rounded border border-green-300 bg-green-50 p-4">
      <h2 id={id} className="font-semibold text-green-900">{title}</h2>
      <p className="text-sm text-green-900">{children}</p>
      <div className="flex flex-wrap items-center gap-2">
        {display === "input" ? (
          <Input aria-label={label} readOnly value={value} className="mt-0 min-w-0 flex-1 font-mono text-xs" onFocus={(e) => e.currentTarget.select()} />
        ) : (
          <code aria-label={label} className="break-all rounded border border-green-300 bg-white px-2 py-1 font-mono text-sm">{value}</code>
        )}
        <Button variant="secondary" onClick={() => void copy()}>{copied ? "Copied" : copyLabel}</Button>
        <Button variant="secondary" onClick={onDone}>Done</Button>
      </div>
      {footnote ? <p className="text-xs text-green-900">{footnote}</p> : null}
    </section>
  );
}
