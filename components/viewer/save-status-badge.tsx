import type { SaveStatus } from "@/components/viewer/use-annotation-sync";

/** `typing`: a form field's typed text waits to be sent (debounced); it is not saved yet either. */
export function SaveStatusBadge({ state, pending, typing = false }: SaveStatus & { typing?: boolean }) {
  const waiting = `${pending} change${pending === 1 ? "" : "s"} waiting`;
  const busy = typing && (state === "saved" || state === "saving");
  const text =
    busy ? "Saving…"
    : state === "saved" ? "All changes saved"
    : state === "saving" ? `Saving… (${pending})`
    : state === "offline" ? `Offline — ${waiting}`
    : state === "signedOut" ? `Signed out — ${waiting}`
    : state === "notSaved" ? "Some changes not saved"
    : `Server unavailable — ${waiting}`;
  const style = busy || state === "saving" ? "bg-amber-100 text-amber-900" : state === "saved" ? "bg-green-100 text-green-900" : "bg-red-100 text-red-900";
  // Waiting changes are kept in this browser (and survive a reload) and sent as soon as the server takes them.
  const hint =
    state === "offline" || state === "unavailable" ? "Kept in this browser and sent by itself when the server is back."
    : state === "signedOut" ? "Kept in this browser and sent once you sign in again."
    : state === "notSaved" ? "The server refused some changes; they are listed below the controls."
    : undefined;
  return (
    <span role="status" aria-live="polite" data-testid="save-status" title={hint} className={`rounded px-2 py-0.5 text-xs font-medium ${style}`}>
      {text}
    </span>
  );
}
