import { listClaimTracker } from "@/lib/server/knowledge/list-claim-tracker";
import { getProject } from "@/lib/server/projects/get-project";
import { pageProjectAccess, pageUser } from "@/lib/server/session/page-user";
import { ClaimTracker } from "@/components/knowledge/claim-tracker";
import { ProjectNav } from "@/components/projects/project-nav";

export const metadata = { title: "Claims" };

export default async function ClaimsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await pageUser(`/projects/${id}/claims`);
  const access = await pageProjectAccess(user.id, id);
  const [project, claims] = await Promise.all([getProject(access), listClaimTracker(access)]);
  return (
    <div className="space-y-6">
      <ProjectNav access={access} name={project.name} current="claims" />
      <p className="max-w-3xl text-sm text-slate-700">
        Claims that assert the same thing in different documents, grouped under one canonical claim of the knowledge base: how
        often and since when each is repeated, in which wordings and by whom. Group a claim by linking its claim annotations to
        the same canonical claim.
      </p>
      <ClaimTracker projectId={project.id} claims={claims} />
    </div>
  );
}
