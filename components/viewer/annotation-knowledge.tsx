"use client";
import { useEffect, useState } from "react";
import Link from "next/link";
import { Alert, Button, Input } from "@/components/ui/form";
import { api } from "@/lib/api-client";
import { KIND_WITH_ARTICLE } from "@/lib/labels/palette";
import type { ShownAnnotation } from "@/components/viewer/use-annotation-sync";

type Candidate = { id: string; name: string; aliases: string[]; match: "exact" | "near" | "partial"; mentionCount: number };
type Linked = { id: string; name: string } | null;

/**
 * Which canonical entity, event or claim this mention refers to: the candidates the knowledge
 * base offers for its words (names, aliases, mentions already linked, near spellings), a new item
 * when none fits, or unlinking.
 */
export function AnnotationKnowledge({ projectId, annotation, kind, canLink }: { projectId: string; annotation: ShownAnnotation & { canonicalId?: string | null }; kind: "CLAIM" | "EVENT" | "ENTITY"; canLink: boolean }) {
  const [linked, setLinked] = useState<Linked>(null);
  const [query, setQuery] = useState(annotation.exact.slice(0, 120));
  const [candidates, setCandidates] = useState<Candidate[]>([]);
  const [error, setError] = useState<string>();
  const canonicalId = annotation.canonicalId ?? null;

  useEffect(() => {
    // The component is keyed by the link, so a new link starts from null here.
    if (!canonicalId) return;
    let cancelled = false;
    api<{ item: { id: string; name: string } }>(`/api/projects/${projectId}/knowledge/${canonicalId}`)
      .then((r) => !cancelled && setLinked({ id: r.item.id, name: r.item.name }))
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [projectId, canonicalId]);

  useEffect(() => {
    let cancelled = false;
    const q = query.trim();
    if (!q || !canLink) return;
    const timer = setTimeout(() => {
      api<{ candidates: Candidate[] }>(`/api/projects/${projectId}/knowledge/candidates?kind=${kind}&limit=5&q=${encodeURIComponent(q)}`)
        .then((r) => !cancelled && setCandidates(r.candidates))
        .catch(() => undefined);
    }, 150);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [projectId, kind, query, canLink]);

  const link = async (id: string | null) => {
    setError(undefined);
    try {
      const result = await api<{ canonical: Linked }>(`/api/annotations/${annotation.id}/canonical`, { method: "PUT", json: { canonicalId: id } });
      setLinked(result.canonical ? { id: result.canonical.id, name: result.canonical.name } : null);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const createAndLink = async () => {
    setError(undefined);
    try {
      const item = await api<{ id: string }>(`/api/projects/${projectId}/knowledge`, { method: "POST", json: { kind, name: query.trim(), aliases: [] } });
      await link(item.id);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <section aria-labelledby="knowledge-heading" className="space-y-2 rounded border border-slate-200 bg-white p-3 text-sm" data-testid="annotation-knowledge">
      <h3 id="knowledge-heading" className="font-semibold">Knowledge base</h3>
      {linked ? (
        <p>
          Refers to <Link href={`/projects/${projectId}/knowledge/${linked.id}`} className="font-medium text-blue-800 underline">{linked.name}</Link>
          {canLink ? <Button variant="secondary" className="ml-2 px-2 py-0.5" onClick={() => void link(null)}>Unlink</Button> : null}
        </p>
      ) : (
        <p className="text-slate-600">Not linked to {KIND_WITH_ARTICLE[kind]} of the knowledge base.</p>
      )}
      {canLink && !annotation.pending ? (
        <div className="space-y-1">
          <label className="block text-xs font-medium">
            Find in the knowledge base
            <Input value={query} onChange={(e) => setQuery(e.target.value)} />
          </label>
          <ul className="space-y-1" aria-label="Knowledge base candidates">
            {candidates.filter((c) => c.id !== linked?.id).map((c) => (
              <li key={c.id} className="flex items-center gap-2">
                <span className="min-w-0 flex-1">{c.name} <span className="text-xs text-slate-600">({c.match}, {c.mentionCount} mention{c.mentionCount === 1 ? "" : "s"})</span></span>
                <Button variant="secondary" className="px-2 py-0.5" onClick={() => void link(c.id)} aria-label={`Link to ${c.name}`}>Link</Button>
              </li>
            ))}
          </ul>
          {query.trim() && !candidates.some((c) => c.match === "exact") ? (
            <Button variant="secondary" className="px-2 py-0.5" onClick={() => void createAndLink()}>Add “{query.trim().slice(0, 40)}” and link</Button>
          ) : null}
        </div>
      ) : null}
      {error ? <Alert>{error}</Alert> : null}
    </section>
  );
}
