"use client";
import { useEffect, useRef } from "react";
import { Button } from "@/components/ui/form";
import { SHORTCUTS } from "@/lib/client/viewer-shortcuts";
import type { ViewerLabel } from "@/components/viewer/viewer-types";

/**
 * The keyboard shortcuts, from the same table the key handler reads, plus the labels' hotkeys. A
 * native modal <dialog>: the browser keeps focus inside it and Escape closes it; on closing, focus
 * goes back to where it was.
 */
export function ShortcutsHelp({ open, labels, onClose }: { open: boolean; labels: ViewerLabel[]; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      opener.current = window.document.activeElement;
      d.showModal();
    } else if (!open && d.open) {
      d.close();
    }
  }, [open]);
  const returnFocus = () => {
    const to = opener.current;
    opener.current = null;
    if (to instanceof HTMLElement && to.isConnected) to.focus();
    onClose();
  };
  return (
    <dialog
      ref={dialog}
      aria-labelledby="help-heading"
      className="m-auto max-w-lg rounded bg-white p-5 shadow-xl backdrop:bg-slate-900/40"
      onClose={returnFocus}
      onClick={(e) => {
        // A click on the backdrop (the dialog element itself, outside its content) closes it.
        if (e.target === e.currentTarget) dialog.current?.close();
      }}
    >
      <h2 id="help-heading" className="mb-3 text-lg font-semibold">Keyboard shortcuts</h2>
      <table className="text-sm">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys}>
              <th scope="row" className="py-0.5 pr-4 text-left font-normal"><kbd className="rounded border border-slate-300 bg-slate-50 px-1">{s.keys}</kbd></th>
              <td>{s.help}</td>
            </tr>
          ))}
          {labels.filter((l) => l.hotkey).map((l) => (
            <tr key={l.id}>
              <th scope="row" className="py-0.5 pr-4 text-left font-normal"><kbd className="rounded border border-slate-300 bg-slate-50 px-1">{l.hotkey}</kbd></th>
              <td>{l.name} ({l.kind.toLowerCase()})</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Button className="mt-4" onClick={() => dialog.current?.close()} autoFocus>Close</Button>
    </dialog>
  );
}
