import { can, roleMay } from "@/lib/server/authz";
import { listDocumentChoices } from "@/lib/server/documents/list-documents-page";
import { listProjectAuthors } from "@/lib/server/members/list-members";
import { getProject } from "@/lib/server/projects/get-project";
import { pageProjectAccess, pageUser } from "@/lib/server/session/page-user";
import { ProjectNav } from "@/components/projects/project-nav";
import { ExportPanel } from "@/components/export/export-panel";
import { AnnotationImportPanel } from "@/components/export/annotation-import-panel";

export const metadata = { title: "Export and import" };

export default async function ExportPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await pageUser(`/projects/${id}/export`);
  const access = await pageProjectAccess(user.id, id);
  const [project, members, documents] = await Promise.all([getProject(access), listProjectAuthors(access), listDocumentChoices(access)]);
  const annotators = members.filter((m) => roleMay(m.role, "annotate")).map((m) => ({ userId: m.userId, name: m.name }));
  return (
    <div className="space-y-8">
      <ProjectNav access={access} name={project.name} current="export" />
      <section aria-labelledby="export-heading" className="max-w-4xl space-y-3">
        <h2 id="export-heading" className="text-lg font-semibold">Export</h2>
        <ExportPanel projectId={project.id} annotators={annotators} documents={documents.map((d) => ({ id: d.id, title: d.title }))} />
      </section>
      {can(access, "curate") ? (
        <section aria-labelledby="import-heading" className="max-w-4xl space-y-3">
          <h2 id="import-heading" className="text-lg font-semibold">Import annotations</h2>
          <AnnotationImportPanel projectId={project.id} />
        </section>
      ) : null}
    </div>
  );
}
