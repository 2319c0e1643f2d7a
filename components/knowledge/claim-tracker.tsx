import Link from "next/link";
import type { TrackedClaim } from "@/lib/server/knowledge/list-claim-tracker";

// The server's shape, as JSON (type-only import: nothing of the server module reaches the page).
export type TrackedClaimView = TrackedClaim;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Each canonical claim with how often and since when it is repeated, its wordings, claimants and documents. */
export function ClaimTracker({ projectId, claims }: { projectId: string; claims: TrackedClaimView[] }) {
  if (claims.length === 0) {
    return (
      <p className="text-sm text-slate-700">
        No canonical claims yet. Add a claim on the <Link href={`/projects/${projectId}/knowledge`} className="text-blue-800 underline">knowledge base</Link> page,
        then link claim annotations that assert the same thing to it.
      </p>
    );
  }
  return (
    <ol className="space-y-4" aria-label="Claims, the most repeated first">
      {claims.map((claim) => {
        const firstMention = (documentId: string) => claim.mentions.find((m) => m.documentId === documentId);
        return (
          <li key={claim.id} className="space-y-2 rounded border border-slate-200 bg-white p-3 text-sm">
            <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
              <h2 className="text-base font-semibold">
                <Link href={`/projects/${projectId}/knowledge/${claim.id}`} className="text-blue-800 hover:underline">{claim.name}</Link>
              </h2>
              <span className="text-slate-700">
                {plural(claim.documentCount, "document")}, {plural(claim.mentionCount, "mention")}
                {claim.firstSeen ? ` · since ${claim.firstSeen}` : ""}
                {claim.lastSeen && claim.lastSeen !== claim.firstSeen ? `, last ${claim.lastSeen}` : ""}
              </span>
            </div>
            {claim.description ? <p className="whitespace-pre-wrap text-slate-800">{claim.description}</p> : null}
            {claim.mentionsTruncated ? (
              <p className="text-slate-600">
                Wordings, claimants and documents below are from the first {plural(claim.mentions.length, "mention")};{" "}
                <Link href={`/projects/${projectId}/knowledge/${claim.id}`} className="text-blue-800 underline">see all {claim.mentionCount.toLocaleString("en")}</Link>.
              </p>
            ) : null}
            <div className="grid gap-3 md:grid-cols-3">
              <div>
                <h3 className="font-medium">Wordings</h3>
                {claim.wordings.length ? (
                  <ul className="mt-1 space-y-1">
                    {claim.wordings.map((w) => (
                      <li key={w.text} dir="auto">
                        “{w.text}” <span className="text-slate-600">({plural(w.documentCount, "document")})</span>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="text-slate-600">No mentions linked yet.</p>
                )}
              </div>
              <div>
                <h3 className="font-medium">Claimants</h3>
                {claim.claimants.length ? (
                  <ul className="mt-1 space-y-1">
                    {claim.claimants.map((c) => (
                      <li key={`${c.canonicalId ?? ""}:${c.name}`}>
                        {c.canonicalId ? (
                          <Link href={`/projects/${projectId}/knowledge/${c.canonicalId}`} className="text-blue-800 underline">{c.name}</Link>
                        ) : (
                          c.name
                        )}{" "}
                        <span className="text-slate-600">({plural(c.mentionCount, "time")})</span>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="text-slate-600">Not recorded.</p>
                )}
                {Object.keys(claim.stances).length ? (
                  <p className="mt-1 text-slate-700">Stance: {Object.entries(claim.stances).map(([s, n]) => `${s} ${n}`).join(", ")}</p>
                ) : null}
              </div>
              <div>
                <h3 className="font-medium">Documents</h3>
                <ul className="mt-1 space-y-1">
                  {claim.documents.map((d) => {
                    const mention = firstMention(d.id);
                    return (
                      <li key={d.id}>
                        <Link href={mention ? `/documents/${d.id}?annotation=${mention.annotationId}` : `/documents/${d.id}`} className="text-blue-800 underline">
                          {d.title}
                        </Link>
                        <span className="text-slate-600"> · {d.publishedOn ?? "undated"}</span>
                      </li>
                    );
                  })}
                </ul>
              </div>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
