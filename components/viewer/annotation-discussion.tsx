"use client";
import { useCallback, useEffect, useState } from "react";
import { Alert, Button, TextArea } from "@/components/ui/form";
import { api } from "@/lib/api-client";

type Comment = { id: string; parentId: string | null; body: string; resolved: boolean; createdAt: string; author: { id: string; name: string } };
type Thread = Comment & { replies: Comment[] };

/** Threaded discussion of one annotation; anyone who may annotate writes, threads can be resolved. */
export function AnnotationDiscussion({ annotationId, canWrite }: { annotationId: string; canWrite: boolean }) {
  const [threads, setThreads] = useState<Thread[] | null>(null);
  const [error, setError] = useState<string>();

  const load = useCallback(async () => {
    try {
      setThreads((await api<{ threads: Thread[] }>(`/api/annotations/${annotationId}/comments`)).threads);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [annotationId]);

  useEffect(() => {
    let cancelled = false;
    api<{ threads: Thread[] }>(`/api/annotations/${annotationId}/comments`)
      .then((r) => {
        if (cancelled) return;
        setThreads(r.threads);
        // Shown: for the annotation's author its replies are no longer new (the server ignores anyone else).
        if (r.threads.length) api(`/api/annotations/${annotationId}/comments/seen`, { method: "POST" }).catch(() => undefined);
      })
      .catch((e) => !cancelled && setError((e as Error).message));
    return () => {
      cancelled = true;
    };
  }, [annotationId]);

  const post = async (body: string, parentId?: string) => {
    try {
      await api(`/api/annotations/${annotationId}/comments`, { method: "POST", json: { body, parentId } });
      setError(undefined);
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const resolve = async (id: string, resolved: boolean) => {
    setThreads((list) => list?.map((t) => (t.id === id ? { ...t, resolved } : t)) ?? null);
    try {
      await api(`/api/comments/${id}`, { method: "PATCH", json: { resolved } });
    } catch (e) {
      setError((e as Error).message);
    }
    await load();
  };

  return (
    <section aria-label="Discussion" className="space-y-2 border-t border-slate-200 pt-2">
      <h3 className="font-medium">Discussion</h3>
      {error ? <Alert>{error}</Alert> : null}
      {threads === null ? <p className="text-xs text-slate-600">Loading…</p> : null}
      {threads?.length === 0 ? <p className="text-xs text-slate-600">No comments yet.</p> : null}
      <ul className="space-y-2">
        {threads?.map((t) => (
          <li key={t.id} className={`rounded border p-2 ${t.resolved ? "border-slate-200 bg-slate-50 text-slate-600" : "border-slate-300"}`}>
            <CommentLine comment={t} />
            <ul className="ml-3 mt-1 space-y-1 border-l border-slate-200 pl-2">
              {t.replies.map((r) => (
                <li key={r.id}><CommentLine comment={r} /></li>
              ))}
            </ul>
            <div className="mt-1 flex flex-wrap items-center gap-2">
              <label className="flex items-center gap-1 text-xs">
                <input type="checkbox" checked={t.resolved} onChange={(e) => void resolve(t.id, e.target.checked)} /> Resolved
              </label>
            </div>
            {canWrite && !t.resolved ? <CommentForm label="Reply" onSubmit={(body) => post(body, t.id)} /> : null}
          </li>
        ))}
      </ul>
      {canWrite ? <CommentForm label="Start a thread" onSubmit={(body) => post(body)} /> : null}
    </section>
  );
}

function CommentLine({ comment }: { comment: Comment }) {
  return (
    <p className="text-sm">
      <span className="font-medium">{comment.author.name}</span>{" "}
      <span className="text-xs text-slate-600">{new Date(comment.createdAt).toLocaleString()}</span>
      <span className="block whitespace-pre-wrap">{comment.body}</span>
    </p>
  );
}

function CommentForm({ label, onSubmit }: { label: string; onSubmit: (body: string) => Promise<void> }) {
  const [body, setBody] = useState("");
  return (
    <form
      className="mt-1 flex items-start gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (body.trim()) void onSubmit(body).then(() => setBody(""));
      }}
    >
      <TextArea aria-label={label} rows={1} value={body} onChange={(e) => setBody(e.target.value)} className="mt-0" />
      <Button type="submit" variant="secondary" className="px-2 py-1">{label === "Reply" ? "Reply" : "Post"}</Button>
    </form>
  );
}
