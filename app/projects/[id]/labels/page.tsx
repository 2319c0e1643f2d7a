import { can } from "@/lib/server/authz";
import { listLabels } from "@/lib/server/labels/list-labels";
import { getProject } from "@/lib/server/projects/get-project";
import { pageProjectAccess, pageUser } from "@/lib/server/session/page-user";
import { ProjectNav } from "@/components/projects/project-nav";
import { LabelScheme } from "@/components/labels/label-scheme";
import { RelationTypeScheme } from "@/components/labels/relation-type-scheme";
import { listRelationTypes } from "@/lib/server/relations/relation-types";

export const metadata = { title: "Label scheme" };

export default async function LabelsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await pageUser(`/projects/${id}/labels`);
  const access = await pageProjectAccess(user.id, id);
  const [project, labels, relationTypes] = await Promise.all([getProject(access), listLabels(access), listRelationTypes(access)]);
  const canEdit = can(access, "manage-labels");
  return (
    <div className="space-y-6">
      <ProjectNav access={access} name={project.name} current="labels" />
      <LabelScheme projectId={project.id} labels={labels} canEdit={canEdit} />
      <RelationTypeScheme projectId={project.id} types={relationTypes} canEdit={canEdit} />
    </div>
  );
}
