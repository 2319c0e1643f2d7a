"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";

/**
 * Runs one change against the API at a time: tracks pending state, keeps the error message to
 * show, and re-renders the server components afterwards so the page shows the new data.
 */
export function useApiAction() {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [pending, setPending] = useState(false);

  async function run(action: () => Promise<unknown>, { success, after }: { success?: string; after?: () => void } = {}) {
    setPending(true);
    setError(undefined);
    setNotice(undefined);
    try {
      await action();
      setNotice(success);
      after?.();
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setPending(false);
    }
  }

  return { run, error, notice, pending };
}
