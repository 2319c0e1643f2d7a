import { listInvitations } from "@/lib/server/members/list-invitations";
import { can } from "@/lib/server/authz";
import { listMembers } from "@/lib/server/members/list-members";
import { getProject } from "@/lib/server/projects/get-project";
import { pageProjectAccess, pageUser } from "@/lib/server/session/page-user";
import { ProjectNav } from "@/components/projects/project-nav";
import { InvitationPanel } from "@/components/members/invitation-panel";
import { MemberManager } from "@/components/members/member-manager";
import { ImportedAuthors } from "@/components/members/imported-authors";
import { listImportedAuthors } from "@/lib/server/members/imported-authors";

export const metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await pageUser(`/projects/${id}/members`);
  const access = await pageProjectAccess(user.id, id);
  const isOwner = can(access, "manage-members");
  const [project, members, invitations, importedAuthors] = await Promise.all([
    getProject(access),
    listMembers(access),
    isOwner ? listInvitations(access) : [],
    isOwner ? listImportedAuthors(access) : [],
  ]);
  return (
    <div className="space-y-6">
      <ProjectNav access={access} name={project.name} current="members" />
      <MemberManager
        projectId={project.id}
        canManage={can(access, "manage-members")}
        showEmails={can(access, "see-member-emails")}
        currentUserId={user.id}
        members={members.map((m) => ({ userId: m.userId, name: m.name, email: m.email, role: m.role }))}
      />
      {isOwner ? <InvitationPanel projectId={project.id} invitations={invitations} /> : null}
      <ImportedAuthors projectId={project.id} authors={importedAuthors} members={members.map((m) => ({ userId: m.userId, name: m.name }))} />
    </div>
  );
}
