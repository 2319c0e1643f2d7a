"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { Alert, Button, Field, Input } from "@/components/ui/form";

type Props = {
  callbackUrl: string;
  providers: { id: string; name: string }[];
  initialError?: string;
  /** Stay on the page after signing in (the viewer's signed-out prompt) instead of going to callbackUrl. */
  onSignedIn?: () => void;
};

export function SignInForm({ callbackUrl, providers, initialError, onSignedIn }: Props) {
  const router = useRouter();
  const [error, setError] = useState<string | undefined>(initialError);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(undefined);
    const result = await signIn("credentials", { email: form.get("email"), password: form.get("password"), redirect: false });
    setPending(false);
    if (result?.status === 429) {
      const retry = result.url ? new URL(result.url).searchParams.get("retryAfter") : null;
      setError(`Too many failed sign-ins. Try again in ${retry ?? "a few"} seconds.`);
    } else if (!result || result.error) {
      setError(result?.code === "rate_limited" ? "Too many failed sign-ins. Try again later." : "Wrong email or password.");
    } else if (onSignedIn) {
      onSignedIn();
    } else {
      router.push(callbackUrl);
      router.refresh();
    }
  }

  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        {error ? <Alert>{error}</Alert> : null}
        <Field label="Email">
          <Input name="email" type="email" autoComplete="email" required />
        </Field>
        <Field label="Password">
          <Input name="password" type="password" autoComplete="current-password" required />
        </Field>
        <Button type="submit" disabled={pending} className="w-full">
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      {providers.map((p) => (
        <Button key={p.id} variant="secondary" className="w-full" onClick={() => void signIn(p.id, { redirectTo: callbackUrl })}>
          Sign in with {p.name}
        </Button>
      ))}
    </div>
  );
}
