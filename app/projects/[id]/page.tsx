import Link from "next/link";
import { can } from "@/lib/server/authz";
import { listAttention } from "@/lib/server/feedback/list-attention";
import { listDocuments } from "@/lib/server/documents/list-documents";
import { listMyAssignments } from "@/lib/server/assignments/list-assignments";
import { getProject } from "@/lib/server/projects/get-project";
import { pageProjectAccess, pageUser } from "@/lib/server/session/page-user";
import { ProjectNav } from "@/components/projects/project-nav";
import { ImportPanel } from "@/components/documents/import-panel";
import { DetailsCsvPanel } from "@/components/documents/details-csv-panel";
import { DeletedDocumentsPanel } from "@/components/documents/deleted-documents-panel";
import { listDeletedDocuments } from "@/lib/server/documents/delete-document";
import { FinishToggle } from "@/components/assignments/finish-toggle";
import { AttentionList } from "@/components/feedback/attention-list";

export default async function ProjectPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ deleted?: string }> }) {
  const { id } = await params;
  const { deleted } = await searchParams;
  const user = await pageUser(`/projects/${id}`);
  const access = await pageProjectAccess(user.id, id);
  const [project, documents, attention, mine] = await Promise.all([
    getProject(access),
    listDocuments(access),
    listAttention(access),
    listMyAssignments(access),
  ]);
  const canImport = can(access, "curate");
  const trash = canImport ? (await listDeletedDocuments(access)).documents : [];
  return (
    <div className="space-y-6">
      <ProjectNav projectId={project.id} name={project.name} current="documents" />
      {project.description ? <p className="max-w-3xl text-slate-700">{project.description}</p> : null}
      <AttentionList key={attention.map((i) => i.key).join()} projectId={project.id} initial={attention.map((i) => ({ ...i, at: i.at.toISOString() }))} />
      {mine.length ? (
        <section aria-labelledby="mine-heading" className="space-y-2">
          <h2 id="mine-heading" className="text-lg font-semibold">
            My documents ({mine.filter((d) => d.finished).length} of {mine.length} finished)
          </h2>
          <ul className="divide-y divide-slate-100 rounded border border-slate-200 bg-white text-sm" aria-label="My documents">
            {mine.map((d) => (
              <li key={d.documentId} className="flex flex-wrap items-center gap-3 px-3 py-2">
                <Link href={`/documents/${d.documentId}`} className="text-blue-800 hover:underline">{d.title}</Link>
                <span className="text-slate-600">{d.myAnnotations} annotation{d.myAnnotations === 1 ? "" : "s"} by you</span>
                <span className={d.finished ? "text-green-800" : "text-slate-600"}>{d.finished ? "finished" : "to do"}</span>
                <span className="ml-auto"><FinishToggle documentId={d.documentId} finished={d.finished} /></span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="docs-heading" className="space-y-2">
        <h2 id="docs-heading" className="text-lg font-semibold">Documents ({documents.length})</h2>
        {documents.length === 0 ? (
          <p className="text-slate-700">No documents yet.{canImport ? " Import some below." : ""}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full divide-y divide-slate-200 rounded border border-slate-200 bg-white text-sm">
              <thead className="bg-slate-100 text-left">
                <tr>
                  <th scope="col" className="px-3 py-2">Title</th>
                  <th scope="col" className="px-3 py-2">Publisher</th>
                  <th scope="col" className="px-3 py-2">Published</th>
                  <th scope="col" className="px-3 py-2 text-right">Characters</th>
                  <th scope="col" className="px-3 py-2 text-right">Annotations</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {documents.map((d) => (
                  <tr key={d.id}>
                    <td className="px-3 py-2">
                      <Link href={`/documents/${d.id}`} className="text-blue-800 hover:underline">{d.title}</Link>
                    </td>
                    <td className="px-3 py-2 text-slate-700">{d.publisher ?? "—"}</td>
                    <td className="px-3 py-2 text-slate-700">{d.publishedOn ?? "—"}</td>
                    <td className="px-3 py-2 text-right tabular-nums">{d.length.toLocaleString("en")}</td>
                    <td className="px-3 py-2 text-right tabular-nums" data-testid="annotation-count">{d.annotationCount}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {canImport ? <ImportPanel projectId={project.id} /> : null}
      {canImport ? <DetailsCsvPanel projectId={project.id} /> : null}
      {canImport ? <DeletedDocumentsPanel projectId={project.id} documents={trash} justDeleted={deleted} /> : null}
    </div>
  );
}
