import { can } from "@/lib/server/authz";
import { listAssignments } from "@/lib/server/assignments/list-assignments";
import { getProject } from "@/lib/server/projects/get-project";
import { pageProjectAccess, pageUser } from "@/lib/server/session/page-user";
import { AssignmentBoard } from "@/components/assignments/assignment-board";
import { ProjectNav } from "@/components/projects/project-nav";
import { Pager } from "@/components/ui/pager";
import { assignmentsQuery } from "@/lib/schemas/page-query";

export const metadata = { title: "Assignments" };

export default async function AssignmentsPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams?: Promise<{ offset?: string }> }) {
  const { id } = await params;
  // A hand-edited offset that is not a number shows the first page rather than an error.
  const page = assignmentsQuery.safeParse({ offset: (await searchParams)?.offset }).data ?? assignmentsQuery.parse({});
  const user = await pageUser(`/projects/${id}/assignments`);
  const access = await pageProjectAccess(user.id, id);
  const [project, assignments] = await Promise.all([getProject(access), listAssignments(access, page)]);
  const pager = (
    <Pager
      label="Pages of documents"
      noun="documents"
      offset={assignments.offset}
      limit={assignments.limit}
      shown={assignments.documents.length}
      total={assignments.total}
      href={(offset) => `/projects/${project.id}/assignments${offset ? `?offset=${offset}` : ""}`}
    />
  );
  const canEdit = can(access, "curate");
  return (
    <div className="space-y-6">
      <ProjectNav access={access} name={project.name} current="assignments" />
      <p className="max-w-3xl text-sm text-slate-700">
        Each annotator sees the documents assigned to them under “My documents” on the project page and marks each one
        finished when done. A document finished without any annotation counts as “nothing to tag here” in agreement.
        {canEdit ? " Tick a box to assign a document to someone by hand, or spread the documents evenly." : ""}
      </p>
      {assignments.total === 0 ? (
        <p className="text-slate-700">No documents yet.</p>
      ) : (
        <>
          {pager}
          <AssignmentBoard projectId={project.id} members={assignments.members} documents={assignments.documents} canEdit={canEdit} />
        </>
      )}
    </div>
  );
}
