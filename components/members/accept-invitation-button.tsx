"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { Alert, Button } from "@/components/ui/form";
import { api } from "@/lib/api-client";

export function AcceptInvitationButton({ secret, projectName }: { secret: string; projectName: string }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);

  async function accept() {
    setPending(true);
    setError(undefined);
    try {
      const { projectId } = await api<{ projectId: string }>("/api/invitations/accept", { method: "POST", json: { secret } });
      router.push(`/projects/${projectId}`);
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
      setPending(false);
    }
  }

  return (
    <div className="space-y-3">
      {error ? <Alert>{error}</Alert> : null}
      <Button onClick={() => void accept()} disabled={pending}>{pending ? "Joining…" : `Join ${projectName}`}</Button>
    </div>
  );
}
