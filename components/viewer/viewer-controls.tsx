"use client";
import { Button } from "@/components/ui/form";
import { SaveStatusBadge } from "@/components/viewer/save-status-badge";
import { SignedOutPrompt } from "@/components/viewer/signed-out-prompt";
import { useSaveStatus, type useAnnotationSync } from "@/components/viewer/use-annotation-sync";

/** The row at the top of the panel: whether work is saved, live status and who else is here, snapping, the shortcuts. */
export function ViewerControls({ sync, typing, snap, onSnap, disagreements, onHelp }: {
  sync: ReturnType<typeof useAnnotationSync>;
  typing: boolean;
  snap: boolean;
  onSnap: (snap: boolean) => void;
  disagreements: number;
  onHelp: () => void;
}) {
  // Read here from the queue: a change renders this row, not the viewer around it.
  const status = useSaveStatus(sync);
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm" role="region" aria-label="Viewer controls">
      <SaveStatusBadge state={status.state} pending={status.pending} typing={typing} />
      <SignedOutPrompt signedOut={sync.session.signedOut} waiting={status.pending} otherAccount={sync.session.otherAccount} check={sync.session.check} />
      <span className="text-slate-600" data-testid="live-status">{sync.accessEnded ? "Stopped" : sync.live ? "Live" : "Connecting…"}</span>
      {sync.viewers.length ? (
        <span className="text-slate-700" data-testid="presence">Also here: {sync.viewers.map((v) => v.name).join(", ")}</span>
      ) : null}
      <label className="flex items-center gap-1">
        <input type="checkbox" checked={snap} onChange={(e) => onSnap(e.target.checked)} /> Snap to words
      </label>
      {disagreements ? (
        <span className="text-red-800" data-testid="disagreement-count">{disagreements} region(s) of low agreement underlined in red</span>
      ) : null}
      <Button variant="secondary" className="ml-auto px-2 py-1" onClick={onHelp} aria-keyshortcuts="?">
        Shortcuts (?)
      </Button>
    </div>
  );
}
