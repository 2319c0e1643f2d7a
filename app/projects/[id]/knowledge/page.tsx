import { can } from "@/lib/server/authz";
import { listCanonicalItems } from "@/lib/server/knowledge/list-canonical-items";
import { getProject } from "@/lib/server/projects/get-project";
import { pageProjectAccess, pageUser } from "@/lib/server/session/page-user";
import { CreateItemForm } from "@/components/knowledge/create-item-form";
import { KnowledgeList } from "@/components/knowledge/knowledge-list";
import { SuggestScanButton } from "@/components/knowledge/suggest-scan-button";
import { ProjectNav } from "@/components/projects/project-nav";

export const metadata = { title: "Knowledge base" };

export default async function KnowledgePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await pageUser(`/projects/${id}/knowledge`);
  const access = await pageProjectAccess(user.id, id);
  const [project, items] = await Promise.all([getProject(access), listCanonicalItems(access)]);
  const canCreate = can(access, "annotate");
  const canCurate = can(access, "curate");
  return (
    <div className="space-y-6">
      <ProjectNav access={access} name={project.name} current="knowledge" />
      <p className="max-w-3xl text-sm text-slate-700">
        The people, organisations and places, events and claims that the documents mention. Link an annotation to an item in
        the document viewer; each item’s page lists every mention across the corpus in context.
        {canCurate ? " Tick several items of one kind to merge them." : ""}
      </p>
      {canCreate ? (
        <section aria-labelledby="new-item" className="space-y-2">
          <h2 id="new-item" className="text-lg font-semibold">New item</h2>
          <CreateItemForm projectId={project.id} />
        </section>
      ) : null}
      {canCurate ? <SuggestScanButton projectId={project.id} /> : null}
      <KnowledgeList
        projectId={project.id}
        canMerge={canCurate}
        items={items.map((i) => ({ id: i.id, kind: i.kind, name: i.name, aliases: i.aliases, date: i.date, description: i.description, mentionCount: i.mentionCount, documentCount: i.documentCount }))}
      />
    </div>
  );
}
