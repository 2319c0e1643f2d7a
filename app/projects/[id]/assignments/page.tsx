import { can } from "@/lib/server/authz";
import { listAssignments } from "@/lib/server/assignments/list-assignments";
import { getProject } from "@/lib/server/projects/get-project";
import { pageProjectAccess, pageUser } from "@/lib/server/session/page-user";
import { AssignmentBoard } from "@/components/assignments/assignment-board";
import { ProjectNav } from "@/components/projects/project-nav";

export const metadata = { title: "Assignments" };

export default async function AssignmentsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await pageUser(`/projects/${id}/assignments`);
  const access = await pageProjectAccess(user.id, id);
  const [project, assignments] = await Promise.all([getProject(access), listAssignments(access)]);
  const canEdit = can(access, "curate");
  return (
    <div className="space-y-6">
      <ProjectNav access={access} name={project.name} current="assignments" />
      <p className="max-w-3xl text-sm text-slate-700">
        Each annotator sees the documents assigned to them under “My documents” on the project page and marks each one
        finished when done. A document finished without any annotation counts as “nothing to tag here” in agreement.
        {canEdit ? " Tick a box to assign a document to someone by hand, or spread the documents evenly." : ""}
      </p>
      {assignments.documents.length === 0 ? (
        <p className="text-slate-700">No documents yet.</p>
      ) : (
        <AssignmentBoard projectId={project.id} members={assignments.members} documents={assignments.documents} canEdit={canEdit} />
      )}
    </div>
  );
}
