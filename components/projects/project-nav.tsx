import Link from "next/link";
import type { ProjectAccess } from "@/lib/server/authz";
import { projectNavigation, type ProjectPage } from "@/lib/server/projects/project-navigation";
import { ProjectNavMenus } from "@/components/projects/project-nav-menus";

/** A project page's heading and its navigation, grouped by what people do, showing only what the member may use. */
export async function ProjectNav({ access, name, current }: { access: ProjectAccess; name: string; current: ProjectPage }) {
  const groups = await projectNavigation(access);
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">
        <Link href="/projects" className="hover:underline">Projects</Link> /
      </p>
      <h1 className="text-2xl font-semibold">{name}</h1>
      <ProjectNavMenus groups={groups} current={current} />
    </div>
  );
}
