"use client";
import { useEffect, useState } from "react";
import { api } from "@/lib/api-client";

type Reviews = { state: "pending" | "accepted" | "rejected"; version: number; reviews: { decision: "ACCEPTED" | "REJECTED"; comment: string; annotationVersion: number; reviewer: { name: string } }[] };

/** "accepted by Amina — ‘right’": the annotation's review state and the verdicts on its current version. */
export function AnnotationReviewStatus({ annotationId }: { annotationId: string }) {
  const [data, setData] = useState<Reviews>();
  useEffect(() => {
    let cancelled = false;
    api<Reviews>(`/api/annotations/${annotationId}/reviews`).then((r) => !cancelled && setData(r)).catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [annotationId]);
  if (!data) return null;
  const current = data.reviews.filter((r) => r.annotationVersion === data.version);
  return (
    <p className="text-xs text-slate-700" data-testid="review-status">
      Review: <span className="font-medium">{data.state}</span>
      {current.length
        ? ` — ${current.map((r) => `${r.decision === "ACCEPTED" ? "accepted" : "rejected"} by ${r.reviewer.name}${r.comment ? ` (“${r.comment}”)` : ""}`).join("; ")}`
        : null}
    </p>
  );
}
