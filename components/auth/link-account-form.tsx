"use client";
import { useState } from "react";
import { signIn } from "next-auth/react";
import { Alert, Button, Field, Input } from "@/components/ui/form";
import { api } from "@/lib/api-client";

/** Proves the existing account's password once; then the external sign-in is repeated and joins it. */
export function LinkAccountForm({ token, provider }: { token: string; provider: { id: string; name: string } }) {
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(undefined);
    try {
      await api("/api/account/link", { method: "POST", json: { token, password: form.get("password") } });
      await signIn(provider.id, { redirectTo: "/projects" });
    } catch (e) {
      setError((e as Error).message);
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {error ? <Alert>{error}</Alert> : null}
      <Field label="Workbench password">
        <Input name="password" type="password" autoComplete="current-password" required />
      </Field>
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Linking…" : `Link and sign in with ${provider.name}`}
      </Button>
    </form>
  );
}
