import { listTimeline } from "@/lib/server/knowledge/list-timeline";
import { getProject } from "@/lib/server/projects/get-project";
import { pageProjectAccess, pageUser } from "@/lib/server/session/page-user";
import { TimelineView } from "@/components/knowledge/timeline-view";
import { ProjectNav } from "@/components/projects/project-nav";
import { Pager } from "@/components/ui/pager";
import { timelineQuery } from "@/lib/schemas/knowledge";

export const metadata = { title: "Timeline" };

export default async function TimelinePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ participant?: string; offset?: string }> }) {
  const { id } = await params;
  const { participant, offset } = await searchParams;
  // A hand-edited participant or offset that does not parse shows everyone from the first page rather than an error.
  const query = timelineQuery.safeParse({ participant: participant || undefined, offset }).data ?? timelineQuery.parse({});
  const user = await pageUser(`/projects/${id}/timeline`);
  const access = await pageProjectAccess(user.id, id);
  const [project, timeline] = await Promise.all([getProject(access), listTimeline(access, query)]);
  const href = (n: number) => {
    const search = new URLSearchParams({ ...(query.participant ? { participant: query.participant } : {}), ...(n ? { offset: String(n) } : {}) }).toString();
    return `/projects/${project.id}/timeline${search ? `?${search}` : ""}`;
  };
  return (
    <div className="space-y-6">
      <ProjectNav access={access} name={project.name} current="timeline" />
      <p className="max-w-3xl text-sm text-slate-700">
        The knowledge base’s events across the corpus, placed by their dates: an event’s own date, or else the earliest date
        its mentions give. A date known only to the year or month covers that whole period. Open an event to see its mentions.
      </p>
      <Pager
        label="Pages of events"
        noun="events"
        offset={timeline.offset}
        limit={timeline.limit}
        shown={timeline.events.length + timeline.undated.length}
        total={timeline.total}
        href={href}
      />
      <TimelineView
        projectId={project.id}
        events={timeline.events}
        undated={timeline.undated}
        participants={timeline.participants}
        participant={query.participant ?? ""}
        datedTotal={timeline.datedTotal}
        undatedTotal={timeline.total - timeline.datedTotal}
      />
    </div>
  );
}
