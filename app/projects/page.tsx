import { sessionCaller } from "@/lib/server/authz";
import Link from "next/link";
import { listProjects } from "@/lib/server/projects/list-projects";
import { pageUser } from "@/lib/server/session/page-user";
import { CreateProjectForm } from "@/components/projects/create-project-form";
import { RestoreProjectForm } from "@/components/projects/restore-project-form";

export const metadata = { title: "Projects" };

export default async function ProjectsPage() {
  const user = await pageUser("/projects");
  const projects = await listProjects(sessionCaller(user.id));
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold">Projects</h1>
      {projects.length === 0 ? (
        <p className="text-slate-700">You are not in any project yet. Create one, or ask a project owner to add you.</p>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2" aria-label="Your projects">
          {projects.map((p) => (
            <li key={p.id} className="rounded border border-slate-200 bg-white p-4 shadow-sm">
              <Link href={`/projects/${p.id}`} className="text-lg font-medium text-blue-800 hover:underline">
                {p.name}
              </Link>
              <p className="mt-1 line-clamp-2 text-sm text-slate-700">{p.description}</p>
              <p className="mt-2 text-xs text-slate-600">
                {p.documentCount} document{p.documentCount === 1 ? "" : "s"} · {p.memberCount} member{p.memberCount === 1 ? "" : "s"} · you are {p.role.toLowerCase()}
              </p>
            </li>
          ))}
        </ul>
      )}
      <section aria-labelledby="new-project" className="max-w-md space-y-3">
        <h2 id="new-project" className="text-lg font-semibold">New project</h2>
        <CreateProjectForm />
      </section>
      <section aria-labelledby="restore-project" className="max-w-md space-y-3">
        <h2 id="restore-project" className="text-lg font-semibold">Restore a project</h2>
        <p className="text-sm text-slate-700">From a workbench JSON export (a backup, or a project moved from another instance). Every id is kept.</p>
        <RestoreProjectForm />
      </section>
    </div>
  );
}
