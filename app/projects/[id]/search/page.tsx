import { listLabels } from "@/lib/server/labels/list-labels";
import { listProjectAuthors } from "@/lib/server/members/list-members";
import { getProject } from "@/lib/server/projects/get-project";
import { searchProject } from "@/lib/server/search/search-project";
import { pageProjectAccess, pageUser } from "@/lib/server/session/page-user";
import { searchQuerySchema } from "@/lib/schemas/search";
import { ProjectNav } from "@/components/projects/project-nav";
import { SearchPanel } from "@/components/search/search-panel";

export const metadata = { title: "Search" };

const FORM_FIELDS = ["q", "scope", "labelId", "authorId", "reviewState", "dateFrom", "dateTo"] as const;

export default async function SearchPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  // The URL holds the search (?q=treaty&scope=…), so a search can be bookmarked, shared, reloaded
  // and gone back to; it runs here.
  const raw = await searchParams;
  const form = Object.fromEntries(FORM_FIELDS.map((key) => [key, [raw[key]].flat()[0] ?? ""])) as Record<(typeof FORM_FIELDS)[number], string>;
  const search = new URLSearchParams(Object.entries(form).filter(([, v]) => v)).toString();
  const user = await pageUser(`/projects/${id}/search${search ? `?${search}` : ""}`);
  const access = await pageProjectAccess(user.id, id);
  form.scope ||= "all";
  const parsed = form.q ? searchQuerySchema.safeParse(form) : undefined;
  const [project, labels, members, initial] = await Promise.all([
    getProject(access),
    listLabels(access),
    listProjectAuthors(access),
    parsed?.success ? searchProject(access, parsed.data) : undefined,
  ]);
  const initialError = parsed && !parsed.success ? parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") : undefined;
  return (
    <div className="space-y-6">
      <ProjectNav access={access} name={project.name} current="search" />
      <SearchPanel
        // A new search (a new URL) starts with fresh state.
        key={search}
        projectId={project.id}
        labels={labels.map((l) => ({ id: l.id, name: l.name }))}
        members={members.map((m) => ({ userId: m.userId, name: m.name }))}
        initialForm={form}
        initialResult={initial}
        initialError={initialError}
      />
    </div>
  );
}
