import { can } from "@/lib/server/authz";
import { getProject } from "@/lib/server/projects/get-project";
import { pageProjectAccess, pageUser } from "@/lib/server/session/page-user";
import { ProjectNav } from "@/components/projects/project-nav";
import { ProjectSettingsForm } from "@/components/projects/project-settings-form";
import { RecommenderSettings } from "@/components/recommenders/recommender-settings";
import { listRecommenders } from "@/lib/server/recommenders/save-recommender";
import { listLabels } from "@/lib/server/labels/list-labels";
import { RecommenderFiguresTable } from "@/components/recommenders/recommender-figures-table";
import { recommenderFigures } from "@/lib/server/recommenders/recommender-figures";

export const metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await pageUser(`/projects/${id}/settings`);
  const access = await pageProjectAccess(user.id, id);
  const project = await getProject(access);
  const canEdit = can(access, "manage-project");
  return (
    <div className="space-y-6">
      <ProjectNav access={access} name={project.name} current="settings" />
      {canEdit ? null : <p className="text-sm text-slate-700">Only owners change these settings.</p>}
      <ProjectSettingsForm projectId={project.id} settings={project} canEdit={canEdit} />
      {can(access, "see-progress") ? (
        <RecommenderSettings
          projectId={project.id}
          recommenders={await listRecommenders(access)}
          labels={(await listLabels(access)).map((l) => ({ id: l.id, name: l.name }))}
          canEdit={can(access, "curate")}
        />
      ) : can(access, "annotate") ? (
        <section aria-labelledby="recommenders-heading" className="max-w-3xl space-y-3">
          <h2 id="recommenders-heading" className="text-lg font-semibold">Recommenders: your results</h2>
          <RecommenderFiguresTable figures={await recommenderFigures(access)} caption="Your recommender results" />
        </section>
      ) : null}
    </div>
  );
}
