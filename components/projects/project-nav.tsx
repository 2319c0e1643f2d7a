import Link from "next/link";

export function ProjectNav({ projectId, name, current }: { projectId: string; name: string; current: "documents" | "assignments" | "review" | "agreement" | "dashboard" | "search" | "knowledge" | "timeline" | "claims" | "export" | "members" | "labels" | "settings" }) {
  const tabs = [
    { key: "documents", href: `/projects/${projectId}`, label: "Documents" },
    { key: "assignments", href: `/projects/${projectId}/assignments`, label: "Assignments" },
    { key: "review", href: `/projects/${projectId}/review`, label: "Review" },
    { key: "agreement", href: `/projects/${projectId}/agreement`, label: "Agreement" },
    { key: "dashboard", href: `/projects/${projectId}/dashboard`, label: "Dashboard" },
    { key: "search", href: `/projects/${projectId}/search`, label: "Search" },
    { key: "knowledge", href: `/projects/${projectId}/knowledge`, label: "Knowledge base" },
    { key: "timeline", href: `/projects/${projectId}/timeline`, label: "Timeline" },
    { key: "claims", href: `/projects/${projectId}/claims`, label: "Claims" },
    { key: "export", href: `/projects/${projectId}/export`, label: "Export & import" },
    { key: "members", href: `/projects/${projectId}/members`, label: "Members" },
    { key: "labels", href: `/projects/${projectId}/labels`, label: "Label scheme" },
    { key: "settings", href: `/projects/${projectId}/settings`, label: "Settings" },
  ] as const;
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">
        <Link href="/projects" className="hover:underline">Projects</Link> /
      </p>
      <h1 className="text-2xl font-semibold">{name}</h1>
      <nav aria-label="Project" className="flex flex-wrap gap-1 border-b border-slate-200">
        {tabs.map((t) => (
          <Link
            key={t.key}
            href={t.href}
            aria-current={current === t.key ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm ${current === t.key ? "border-blue-700 font-medium text-blue-800" : "border-transparent text-slate-700 hover:text-slate-900"}`}
          >
            {t.label}
          </Link>
        ))}
      </nav>
    </div>
  );
}
