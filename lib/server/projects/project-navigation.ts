import "server-only";
import { db } from "@/lib/db";
import { can, reviewAction, type Action, type ProjectAccess } from "@/lib/server/authz";

// The project's pages grouped by what people do with them, each shown only to members whose role
// may use it: the permission named here is the one the page itself needs to be of use (a page a
// role could open but only read as a bystander — the review queue without the right to review,
// progress figures, member administration — is left out of that role's navigation).

export type ProjectPage =
  | "documents" | "assignments" | "knowledge" | "review" | "agreement" | "search" | "dashboard" | "timeline" | "claims"
  | "labels" | "members" | "export" | "settings";

type PageEntry = { key: ProjectPage; path: string; label: string; action: Action | "review-queue" };

export const PROJECT_PAGE_GROUPS: readonly { name: string; pages: readonly PageEntry[] }[] = [
  {
    name: "Annotate",
    pages: [
      { key: "documents", path: "", label: "Documents", action: "read" },
      // A queue of one's own: only members who can be assigned documents have one.
      { key: "assignments", path: "/assignments", label: "Assignments", action: "annotate" },
      { key: "knowledge", path: "/knowledge", label: "Knowledge base", action: "read" },
    ],
  },
  {
    name: "Review",
    pages: [
      { key: "review", path: "/review", label: "Review queue", action: "review-queue" },
      { key: "agreement", path: "/agreement", label: "Agreement", action: "see-progress" },
    ],
  },
  {
    name: "Analyse",
    pages: [
      { key: "search", path: "/search", label: "Search", action: "read" },
      { key: "dashboard", path: "/dashboard", label: "Dashboard", action: "see-progress" },
      { key: "timeline", path: "/timeline", label: "Timeline", action: "read" },
      { key: "claims", path: "/claims", label: "Claims", action: "read" },
    ],
  },
  {
    name: "Manage",
    pages: [
      // Annotators read the scheme's descriptions while tagging; only curators change it.
      { key: "labels", path: "/labels", label: "Label scheme", action: "read" },
      { key: "export", path: "/export", label: "Export & import", action: "export" },
      { key: "members", path: "/members", label: "Members", action: "curate" },
      { key: "settings", path: "/settings", label: "Settings", action: "see-progress" },
    ],
  },
];

export type NavGroup = { name: string; pages: { key: ProjectPage; href: string; label: string }[] };

/** The groups of pages this member may use (groups left empty are left out). */
export async function projectNavigation(access: ProjectAccess): Promise<NavGroup[]> {
  const { peerReview } = await db.project.findUniqueOrThrow({ where: { id: access.projectId }, select: { peerReview: true } });
  const may = (action: PageEntry["action"]) => can(access, action === "review-queue" ? reviewAction(peerReview) : action);
  return PROJECT_PAGE_GROUPS.map((group) => ({
    name: group.name,
    pages: group.pages
      .filter((p) => may(p.action))
      .map((p) => ({ key: p.key, href: `/projects/${access.projectId}${p.path}`, label: p.label })),
  })).filter((group) => group.pages.length > 0);
}
