import { db } from "@/lib/db";
import { can, reviewAction } from "@/lib/server/authz";
import { listDocumentChoices } from "@/lib/server/documents/list-documents-page";
import { listLabels } from "@/lib/server/labels/list-labels";
import { listProjectAuthors } from "@/lib/server/members/list-members";
import { getProject } from "@/lib/server/projects/get-project";
import { listReviewQueue } from "@/lib/server/reviews/list-review-queue";
import { pageProjectAccess, pageUser } from "@/lib/server/session/page-user";
import { ProjectNav } from "@/components/projects/project-nav";
import { ReviewQueue } from "@/components/review/review-queue";

export const metadata = { title: "Review" };

export default async function ReviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await pageUser(`/projects/${id}/review`);
  const access = await pageProjectAccess(user.id, id);
  const [project, documents, labels, members, queue, settings] = await Promise.all([
    getProject(access),
    listDocumentChoices(access),
    listLabels(access),
    listProjectAuthors(access),
    listReviewQueue(access, { state: "PENDING" }),
    db.project.findUniqueOrThrow({ where: { id: access.projectId }, select: { peerReview: true } }),
  ]);
  const canReview = can(access, reviewAction(settings.peerReview));
  return (
    <div className="space-y-6">
      <ProjectNav access={access} name={project.name} current="review" />
      <ReviewQueue
        projectId={project.id}
        me={user.id}
        canReview={canReview}
        documents={documents.map((d) => ({ id: d.id, title: d.title }))}
        labels={labels.map((l) => ({ id: l.id, name: l.name }))}
        members={members.map((m) => ({ userId: m.userId, name: m.name }))}
        initial={queue.items}
        initialNextOffset={queue.nextOffset}
      />
    </div>
  );
}
