"use client";
// Figures are computed by a background job: this line says how old the shown ones are and, while a
// recomputation runs, shows its progress and reloads the page's data until it is done.
import { useEffect } from "react";
import { useRouter } from "next/navigation";

type Status = { computedAt: string | null; ageSeconds: number | null; computing: boolean; progress: { done: number; total: number } | null };

const POLL_MS = 2_000;

function age(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}

export function FiguresStatus({ status }: { status: Status }) {
  const router = useRouter();
  useEffect(() => {
    if (!status.computing) return;
    const timer = setInterval(() => router.refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [status.computing, router]);
  return (
    <p role="status" data-testid="figures-status" className="text-xs text-slate-600">
      {status.ageSeconds === null ? (
        <span data-testid="figures-age">Not computed yet.</span>
      ) : (
        <span data-testid="figures-age" title={status.computedAt ?? undefined}>Figures as of {age(status.ageSeconds)} ago.</span>
      )}{" "}
      {status.computing ? (
        <span data-testid="figures-computing">
          Recomputing
          {status.progress && status.progress.total > 0 ? (
            <>
              {" "}
              <progress className="align-middle" max={status.progress.total} value={status.progress.done} aria-label="Recomputation progress" />{" "}
              {status.progress.done} of {status.progress.total} steps
            </>
          ) : (
            " (queued)"
          )}
          …
        </span>
      ) : null}
    </p>
  );
}
