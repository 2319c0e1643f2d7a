"use client";
import { useState } from "react";
import { signOut } from "next-auth/react";
import { Alert, Button } from "@/components/ui/form";
import { api } from "@/lib/api-client";

/** Ends every session of the account on the server (other browsers, copied cookies), then this one. */
export function SignOutEverywhere() {
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);

  async function onClick() {
    setPending(true);
    setError(undefined);
    try {
      await api("/api/account/sessions", { method: "DELETE" });
      await signOut({ redirectTo: "/signin" });
    } catch (e) {
      setError((e as Error).message);
      setPending(false);
    }
  }

  return (
    <div className="space-y-2">
      {error ? <Alert>{error}</Alert> : null}
      <Button variant="danger" disabled={pending} onClick={() => void onClick()}>
        {pending ? "Signing out…" : "Sign out everywhere"}
      </Button>
    </div>
  );
}
