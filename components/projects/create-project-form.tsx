"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { Alert, Button, Field, Input, TextArea } from "@/components/ui/form";
import { api } from "@/lib/api-client";

export function CreateProjectForm() {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(undefined);
    try {
      const project = await api<{ id: string }>("/api/projects", {
        method: "POST",
        json: { name: form.get("name"), description: form.get("description") ?? "" },
      });
      router.push(`/projects/${project.id}`);
    } catch (e) {
      setError((e as Error).message);
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-3">
      {error ? <Alert>{error}</Alert> : null}
      <Field label="Project name">
        <Input name="name" required maxLength={200} />
      </Field>
      <Field label="Description">
        <TextArea name="description" rows={2} maxLength={5000} />
      </Field>
      <Button type="submit" disabled={pending}>{pending ? "Creating…" : "Create project"}</Button>
    </form>
  );
}
