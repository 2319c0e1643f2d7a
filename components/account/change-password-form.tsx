"use client";
import { useRef } from "react";
import { Alert, Button, Field, Input } from "@/components/ui/form";
import { useApiAction } from "@/components/ui/use-api-action";
import { api } from "@/lib/api-client";

/** Change your password: the current one is asked for; your other browsers are signed out and your API tokens revoked. */
export function ChangePasswordForm() {
  const { run, error, notice, pending } = useApiAction();
  const formRef = useRef<HTMLFormElement>(null);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void run(
      async () => {
        const { endedSessions } = await api<{ endedSessions: number }>("/api/account/password", {
          method: "POST",
          json: { currentPassword: form.get("currentPassword"), newPassword: form.get("newPassword") },
        });
        return endedSessions;
      },
      { success: "Your password was changed. Every other browser signed in to this account was signed out, and every API token of the account was revoked.", after: () => formRef.current?.reset() },
    );
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} className="max-w-sm space-y-4" noValidate>
      {error ? <Alert>{error}</Alert> : null}
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      <Field label="Current password">
        <Input name="currentPassword" type="password" autoComplete="current-password" required />
      </Field>
      <Field label="New password" hint="At least 10 characters, and not easy to guess: a few unrelated words work well.">
        <Input name="newPassword" type="password" autoComplete="new-password" minLength={10} required />
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}
