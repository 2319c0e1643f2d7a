import { listClaimTracker } from "@/lib/server/knowledge/list-claim-tracker";
import { getProject } from "@/lib/server/projects/get-project";
import { pageProjectAccess, pageUser } from "@/lib/server/session/page-user";
import { ClaimTracker } from "@/components/knowledge/claim-tracker";
import { ProjectNav } from "@/components/projects/project-nav";
import { Pager } from "@/components/ui/pager";
import { claimsQuery } from "@/lib/schemas/page-query";

export const metadata = { title: "Claims" };

export default async function ClaimsPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams?: Promise<{ offset?: string }> }) {
  const { id } = await params;
  // A hand-edited offset that is not a number shows the first page rather than an error.
  const page = claimsQuery.safeParse({ offset: (await searchParams)?.offset }).data ?? claimsQuery.parse({});
  const user = await pageUser(`/projects/${id}/claims`);
  const access = await pageProjectAccess(user.id, id);
  const [project, tracker] = await Promise.all([getProject(access), listClaimTracker(access, page)]);
  return (
    <div className="space-y-6">
      <ProjectNav access={access} name={project.name} current="claims" />
      <p className="max-w-3xl text-sm text-slate-700">
        Claims that assert the same thing in different documents, grouped under one canonical claim of the knowledge base: how
        often and since when each is repeated, in which wordings and by whom. Group a claim by linking its claim annotations to
        the same canonical claim.
      </p>
      <Pager
        label="Pages of claims"
        noun="claims"
        offset={tracker.offset}
        limit={tracker.limit}
        shown={tracker.claims.length}
        total={tracker.total}
        href={(n) => `/projects/${project.id}/claims${n ? `?offset=${n}` : ""}`}
      />
      <ClaimTracker projectId={project.id} claims={tracker.claims} />
    </div>
  );
}
