"use client";
import { Button } from "@/components/ui/form";
import { Dialog } from "@/components/ui/dialog";
import { SHORTCUTS } from "@/lib/client/viewer-shortcuts";
import type { ViewerLabel } from "@/components/viewer/viewer-types";

/**
 * The keyboard shortcuts, from the same table the key handler reads, plus the labels' hotkeys, in
 * a native modal dialog (focus stays inside, Escape closes it, focus goes back to the opener).
 */
export function ShortcutsHelp({ open, labels, onClose }: { open: boolean; labels: ViewerLabel[]; onClose: () => void }) {
  const row = (keys: string, what: string) => (
    <tr key={keys}>
      <th scope="row" className="py-0.5 pr-4 text-left font-normal"><kbd className="rounded border border-slate-300 bg-slate-50 px-1">{keys}</kbd></th>
      <td>{what}</td>
    </tr>
  );
  return (
    <Dialog open={open} onClose={onClose} title="Keyboard shortcuts">
      <table className="text-sm">
        <tbody>
          {SHORTCUTS.map((s) => row(s.keys, s.help))}
          {labels.filter((l) => l.hotkey).map((l) => row(l.hotkey!, `${l.name} (${l.kind.toLowerCase()})`))}
        </tbody>
      </table>
      <form method="dialog">
        <Button type="submit" className="mt-4">Close</Button>
      </form>
    </Dialog>
  );
}
