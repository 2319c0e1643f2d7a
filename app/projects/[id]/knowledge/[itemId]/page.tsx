import Link from "next/link";
import { can } from "@/lib/server/authz";
import { ITEM_DOCUMENTS_SHOWN, getCanonicalItem } from "@/lib/server/knowledge/get-canonical-item";
import { itemMentionsQuery } from "@/lib/schemas/page-query";
import { Pager } from "@/components/ui/pager";
import { getProject } from "@/lib/server/projects/get-project";
import { pageAccess, pageProjectAccess, pageUser } from "@/lib/server/session/page-user";
import { ItemEditor } from "@/components/knowledge/item-editor";
import { KIND_WORDS } from "@/components/knowledge/knowledge-types";
import { MentionTable } from "@/components/knowledge/mention-table";
import { ProjectNav } from "@/components/projects/project-nav";

export const metadata = { title: "Knowledge base" };

export default async function KnowledgeItemPage({ params, searchParams }: { params: Promise<{ id: string; itemId: string }>; searchParams?: Promise<{ offset?: string }> }) {
  const { id, itemId } = await params;
  // A hand-edited offset that is not a number shows the first page rather than an error.
  const page = itemMentionsQuery.safeParse({ offset: (await searchParams)?.offset }).data ?? itemMentionsQuery.parse({});
  const user = await pageUser(`/projects/${id}/knowledge/${itemId}`);
  const access = await pageProjectAccess(user.id, id);
  const [project, { item, mentions, documents, openSuggestions, offset, limit }] = await Promise.all([
    getProject(access),
    pageAccess(() => getCanonicalItem(access, itemId, page)),
  ]);
  const canCurate = can(access, "curate");
  return (
    <div className="space-y-6">
      <ProjectNav access={access} name={project.name} current="knowledge" />
      <div className="space-y-1">
        <p className="text-sm text-slate-600">
          <Link href={`/projects/${project.id}/knowledge`} className="hover:underline">Knowledge base</Link> / {KIND_WORDS[item.kind]}
        </p>
        <h2 className="text-xl font-semibold">{item.name}</h2>
        <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm text-slate-700">
          {item.date ? (<div><dt className="inline font-medium">Date: </dt><dd className="inline tabular-nums">{item.date}</dd></div>) : null}
          {item.aliases.length ? (<div><dt className="inline font-medium">Also: </dt><dd className="inline">{item.aliases.join("; ")}</dd></div>) : null}
          {item.externalIds.length ? (<div><dt className="inline font-medium">Elsewhere: </dt><dd className="inline" data-testid="external-ids">{item.externalIds.join("; ")}</dd></div>) : null}
          <div><dt className="inline font-medium">Mentions: </dt><dd className="inline" data-testid="mention-count">{item.mentionCount}</dd></div>
          <div><dt className="inline font-medium">Documents: </dt><dd className="inline">{item.documentCount}</dd></div>
          {openSuggestions ? (<div><dt className="inline font-medium">Open suggestions: </dt><dd className="inline">{openSuggestions}</dd></div>) : null}
        </dl>
        {item.description ? <p className="max-w-3xl whitespace-pre-wrap text-sm text-slate-800">{item.description}</p> : null}
      </div>
      {canCurate ? (
        <ItemEditor
          projectId={project.id}
          item={{ id: item.id, kind: item.kind, name: item.name, aliases: item.aliases, date: item.date, description: item.description, mentionCount: item.mentionCount, documentCount: item.documentCount }}
        />
      ) : null}
      <section aria-labelledby="documents-heading" className="space-y-2">
        <h3 id="documents-heading" className="text-lg font-semibold">Documents ({item.documentCount})</h3>
        {item.documentCount > documents.length ? (
          <p className="text-sm text-slate-600">The first {documents.length.toLocaleString("en")} of {item.documentCount.toLocaleString("en")} by publication date ({ITEM_DOCUMENTS_SHOWN} at most).</p>
        ) : null}
        {documents.length ? (
          <ul className="list-inside list-disc text-sm" aria-label="Documents it occurs in">
            {documents.map((d) => (
              <li key={d.id}>
                <Link href={`/documents/${d.id}`} className="text-blue-800 hover:underline">{d.title}</Link>
                {d.publishedOn ? <span className="text-slate-600"> · {d.publishedOn}</span> : null}
                <span className="text-slate-600"> · {d.mentionCount} mention{d.mentionCount === 1 ? "" : "s"}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-600">Not mentioned in any document yet.</p>
        )}
      </section>
      <section aria-labelledby="mentions-heading" className="space-y-2">
        <h3 id="mentions-heading" className="text-lg font-semibold">Mentions ({item.mentionCount})</h3>
        <Pager
          label="Pages of mentions"
          noun="mentions"
          offset={offset}
          limit={limit}
          shown={mentions.length}
          total={item.mentionCount}
          href={(n) => `/projects/${project.id}/knowledge/${item.id}${n ? `?offset=${n}` : ""}`}
        />
        <MentionTable
          projectId={project.id}
          itemId={item.id}
          canSplit={canCurate}
          mentions={mentions.map((m) => ({
            annotationId: m.annotationId, documentId: m.documentId, documentTitle: m.documentTitle, publishedOn: m.publishedOn,
            prefix: m.prefix, exact: m.exact, suffix: m.suffix, author: m.author, label: m.label, gold: m.gold,
          }))}
        />
      </section>
    </div>
  );
}
