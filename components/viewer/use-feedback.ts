"use client";
// Feedback on the viewer's own annotations in this document: what needs their attention (for the
// marks in the annotation list) and live notices when a reviewer or a commenter reaches them while
// the document is open. Told by the live stream (lib/client/feedback-signals.ts) that something
// happened, it asks the attention list what, and announces what it had not shown before.
import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "@/lib/api-client";
import { feedbackSignals, type FeedbackSignal } from "@/lib/client/feedback-signals";
import type { Annotation } from "@/lib/client/annotation-queue";
import { describeAttention, type AttentionItem } from "@/components/feedback/attention-types";

export type FeedbackNotice = { id: string; annotationId: string; message: string };

const MAX_NOTICES = 3;
const quote = (s: string) => `“${s.length > 40 ? `${s.slice(0, 39)}…` : s}”`;

export function useFeedback({ projectId, documentId, me }: { projectId: string; documentId: string; me: string }) {
  const [items, setItems] = useState<AttentionItem[]>([]);
  const [notices, setNotices] = useState<FeedbackNotice[]>([]);
  const known = useRef<Set<string> | null>(null);
  const loading = useRef<Promise<void>>(Promise.resolve());

  const refresh = useCallback(
    (signals: FeedbackSignal[] = []) => {
      loading.current = loading.current.then(async () => {
        let fresh: AttentionItem[] = [];
        let answered = false;
        try {
          fresh = (await api<{ items: AttentionItem[] }>(`/api/projects/${projectId}/attention?documentId=${documentId}`)).items;
          answered = true;
        } catch {
          // Unreachable for now: the verdicts the stream told of are still announced, below.
        }
        if (answered) setItems(fresh);
        const first = known.current === null;
        const seen = known.current ?? new Set<string>();
        if (answered) known.current = new Set([...seen, ...fresh.map((i) => i.key)]);
        if (first && answered) return; // what was there when the document opened is not news
        const news: FeedbackNotice[] = (first ? [] : fresh.filter((i) => !seen.has(i.key))).map((i) => ({
          id: i.key, annotationId: i.annotation.id, message: describeAttention(i),
        }));
        // A verdict the list does not carry (an acceptance without a comment) is still news.
        for (const s of signals) {
          if (s.kind === "discussion" || news.some((n) => n.annotationId === s.annotationId)) continue;
          news.push({ id: `${s.kind}:${s.annotationId}:${Date.now()}`, annotationId: s.annotationId, message: `Your annotation ${quote(s.exact)} was ${s.kind}.` });
        }
        if (news.length) setNotices((shown) => [...news.reverse(), ...shown].slice(0, MAX_NOTICES));
      });
    },
    [projectId, documentId],
  );

  useEffect(() => {
    refresh();
  }, [refresh]);

  const onServerChanges = useCallback(
    (incoming: Annotation[], before: ReadonlyMap<string, Annotation>) => {
      const signals = feedbackSignals(incoming, before, me);
      if (signals.length) refresh(signals);
    },
    [me, refresh],
  );

  return {
    items,
    notices,
    onServerChanges,
    dismissNotice: (id: string) => setNotices((shown) => shown.filter((n) => n.id !== id)),
  };
}
