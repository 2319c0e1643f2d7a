"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { Alert, Button, Field, Input } from "@/components/ui/form";
import { api } from "@/lib/api-client";

export function SignUpForm({ invitation }: { invitation?: { secret: string; email: string } }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = { name: form.get("name"), email: form.get("email"), password: form.get("password") };
    setPending(true);
    setError(undefined);
    try {
      await api("/api/users", { method: "POST", json: input });
      const result = await signIn("credentials", { email: input.email, password: input.password, redirect: false });
      if (result?.error) throw new Error("Your account was created, but signing in failed. Try signing in.");
      if (invitation) {
        const { projectId } = await api<{ projectId: string }>("/api/invitations/accept", { method: "POST", json: { secret: invitation.secret } }).catch(() => {
          // The account exists and is signed in; the invitation's own page says what went wrong.
          router.push(`/invitations/${encodeURIComponent(invitation.secret)}`);
          return { projectId: null };
        });
        if (!projectId) return;
        router.push(`/projects/${projectId}`);
        router.refresh();
        return;
      }
      router.push("/projects");
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {error ? <Alert>{error}</Alert> : null}
      <Field label="Name">
        <Input name="name" autoComplete="name" required />
      </Field>
      <Field label="Email">
        <Input name="email" type="email" autoComplete="email" required defaultValue={invitation?.email} readOnly={!!invitation} />
      </Field>
      <Field label="Password" hint="At least 10 characters, and not easy to guess: a few unrelated words work well.">
        <Input name="password" type="password" autoComplete="new-password" minLength={10} required />
      </Field>
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Creating account…" : "Create account"}
      </Button>
    </form>
  );
}
