import { listTimeline } from "@/lib/server/knowledge/list-timeline";
import { getProject } from "@/lib/server/projects/get-project";
import { pageProjectAccess, pageUser } from "@/lib/server/session/page-user";
import { TimelineView } from "@/components/knowledge/timeline-view";
import { ProjectNav } from "@/components/projects/project-nav";

export const metadata = { title: "Timeline" };

export default async function TimelinePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ participant?: string }> }) {
  const { id } = await params;
  const { participant } = await searchParams;
  const user = await pageUser(`/projects/${id}/timeline`);
  const access = await pageProjectAccess(user.id, id);
  const [project, timeline] = await Promise.all([getProject(access), listTimeline(access)]);
  return (
    <div className="space-y-6">
      <ProjectNav access={access} name={project.name} current="timeline" />
      <p className="max-w-3xl text-sm text-slate-700">
        The knowledge base’s events across the corpus, placed by their dates: an event’s own date, or else the earliest date
        its mentions give. A date known only to the year or month covers that whole period. Open an event to see its mentions.
      </p>
      <TimelineView
        projectId={project.id}
        events={timeline.events}
        undated={timeline.undated}
        participants={timeline.participants}
        initialParticipant={typeof participant === "string" ? participant : ""}
      />
    </div>
  );
}
