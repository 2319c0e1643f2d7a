import Link from "next/link";
import { can } from "@/lib/server/authz";
import { listAttention } from "@/lib/server/feedback/list-attention";
import { listDocumentsPage } from "@/lib/server/documents/list-documents-page";
import { documentListQuery } from "@/lib/schemas/document-list";
import { DocumentTable } from "@/components/documents/document-table";
import { assignableMembers, countMyAssignments, listMyAssignments } from "@/lib/server/assignments/list-assignments";

const MY_DOCUMENTS_SHOWN = 20;
import { getProject } from "@/lib/server/projects/get-project";
import { pageProjectAccess, pageUser } from "@/lib/server/session/page-user";
import { ProjectNav } from "@/components/projects/project-nav";
import { ImportPanel } from "@/components/documents/import-panel";
import { DetailsCsvPanel } from "@/components/documents/details-csv-panel";
import { DeletedDocumentsPanel } from "@/components/documents/deleted-documents-panel";
import { listDeletedDocuments } from "@/lib/server/documents/delete-document";
import { FinishToggle } from "@/components/assignments/finish-toggle";
import { AttentionList } from "@/components/feedback/attention-list";

export default async function ProjectPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await params;
  const search = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const deleted = search.deleted;
  // A bad filter in the URL (typed by hand) shows the whole list with the reason, never an error page.
  const parsed = documentListQuery.safeParse(search);
  const query = parsed.success ? parsed.data : documentListQuery.parse({});
  const listError = parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
  const user = await pageUser(`/projects/${id}`);
  const access = await pageProjectAccess(user.id, id);
  const [project, page, attention, mine, mineCount, assignees] = await Promise.all([
    getProject(access),
    listDocumentsPage(access, query),
    listAttention(access),
    // The next few to do; the whole queue is the document list filtered by assignee.
    listMyAssignments(access, { limit: MY_DOCUMENTS_SHOWN }),
    countMyAssignments(access),
    assignableMembers(access.projectId),
  ]);
  const canImport = can(access, "curate");
  const trash = can(access, "see-deleted") ? (await listDeletedDocuments(access)).documents : [];
  return (
    <div className="space-y-6">
      <ProjectNav access={access} name={project.name} current="documents" />
      {project.description ? <p className="max-w-3xl text-slate-700">{project.description}</p> : null}
      <AttentionList key={attention.map((i) => i.key).join()} projectId={project.id} initial={attention.map((i) => ({ ...i, at: i.at.toISOString() }))} />
      {mine.length ? (
        <section aria-labelledby="mine-heading" className="space-y-2">
          <h2 id="mine-heading" className="text-lg font-semibold">
            My documents ({mineCount.finished} of {mineCount.total} finished)
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
          {mineCount.total > mine.length ? (
            <p className="text-sm">
              The next {mine.length} to do are shown. <Link href={`/projects/${project.id}?assignee=${user.id}`} className="text-blue-800 underline">All {mineCount.total} in the document list</Link>
            </p>
          ) : null}
        </section>
      ) : null}
      {listError ? <p role="alert" className="text-sm text-red-800">The filters were not applied: {listError}</p> : null}
      <DocumentTable projectId={project.id} query={query} page={page} assignees={assignees} />
      {canImport ? <ImportPanel projectId={project.id} /> : null}
      {canImport ? <DetailsCsvPanel projectId={project.id} /> : null}
      {canImport ? <DeletedDocumentsPanel projectId={project.id} documents={trash} justDeleted={deleted} /> : null}
    </div>
  );
}
