import Link from "next/link";
import { auth } from "@/lib/auth";
import { findInvitation, INVALID_INVITATION, invitationRefusal } from "@/lib/server/members/find-invitation";
import { invitationPath } from "@/lib/server/members/invitation-secret";
import { AcceptInvitationButton } from "@/components/members/accept-invitation-button";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { Alert } from "@/components/ui/form";

export const metadata = { title: "Invitation" };

// Opening the link changes nothing (link previews and mail scanners open links too): joining is a button.
export default async function InvitationPage({ params }: { params: Promise<{ secret: string }> }) {
  const { secret } = await params;
  const invitation = await findInvitation(secret);
  const session = await auth();
  const user = session?.user;

  if (!invitation) {
    return (
      <Page title="Invitation not found">
        <Alert>{INVALID_INVITATION}</Alert>
      </Page>
    );
  }
  const role = invitation.role.toLowerCase();
  if (invitation.state === "ACCEPTED" && user?.id && invitation.acceptedById === user.id) {
    return (
      <Page title={`You joined ${invitation.projectName}`}>
        <Link href={`/projects/${invitation.projectId}`} className="text-blue-800 underline">Open the project</Link>
      </Page>
    );
  }
  const refusal = invitationRefusal(invitation);
  if (refusal) {
    const title = { EXPIRED: "Invitation expired", REVOKED: "Invitation revoked", ACCEPTED: "Invitation already used", PENDING: "" }[invitation.state];
    return (
      <Page title={title}>
        <Alert>{refusal}</Alert>
      </Page>
    );
  }
  const here = invitationPath(secret);
  const title = `Join ${invitation.projectName}`;
  if (!user?.id) {
    return (
      <Page title={title}>
        <p>
          You were invited to join <strong>{invitation.projectName}</strong> as {role}, as <strong>{invitation.email}</strong>.
        </p>
        <p className="flex flex-wrap gap-4">
          <Link href={`/signin?callbackUrl=${encodeURIComponent(here)}`} className="rounded bg-blue-700 px-3 py-2 text-white">Sign in to accept</Link>
          <Link href={`/signup?invitation=${encodeURIComponent(secret)}`} className="rounded border border-slate-300 px-3 py-2">Create an account</Link>
        </p>
      </Page>
    );
  }
  if ((user.email ?? "").toLowerCase() !== invitation.email) {
    return (
      <Page title={title}>
        <Alert>
          This invitation is for {invitation.email}, and you are signed in as {user.email}. Sign out, then sign in (or sign up) with {invitation.email} to
          accept it.
        </Alert>
        <SignOutButton />
      </Page>
    );
  }
  return (
    <Page title={title}>
      <p>
        You were invited to join <strong>{invitation.projectName}</strong> as {role}.
      </p>
      <AcceptInvitationButton secret={secret} projectName={invitation.projectName} />
    </Page>
  );
}

function Page({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="mx-auto max-w-lg space-y-4">
      <h1 className="text-2xl font-semibold">{title}</h1>
      {children}
    </div>
  );
}
