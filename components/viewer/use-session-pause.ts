"use client";
// Sending pauses when the server says the session is gone (401) and resumes once this browser is
// signed in again as the same person — checked when they come back to the tab, when the network
// returns, every 15 s, and right after they sign in through the prompt.
import { useCallback, useEffect, useRef, useState } from "react";
import { probeSession } from "@/lib/client/session-probe";

const PROBE_EVERY_MS = 15_000;

export function useSessionPause(userId: string, onResume: () => void) {
  const [signedOut, setSignedOut] = useState(false);
  const [otherAccount, setOtherAccount] = useState(false);
  // Read by the sender between renders, so a 401 stops the very next send.
  const paused = useRef(false);
  const onResumeRef = useRef(onResume);
  useEffect(() => {
    onResumeRef.current = onResume;
  });

  const pause = useCallback(() => {
    paused.current = true;
    setSignedOut(true);
  }, []);

  /** Resumes sending if this browser is signed in as `userId` again; says whether it did. */
  const check = useCallback(async (): Promise<boolean> => {
    if (!paused.current) return true;
    const state = await probeSession(userId);
    setOtherAccount(state === "other");
    if (state !== "same" || !paused.current) return state === "same";
    paused.current = false;
    setSignedOut(false);
    onResumeRef.current();
    return true;
  }, [userId]);

  useEffect(() => {
    if (!signedOut) return;
    const probe = () => void check();
    const onVisible = () => document.visibilityState === "visible" && probe();
    window.addEventListener("focus", probe);
    window.addEventListener("online", probe);
    document.addEventListener("visibilitychange", onVisible);
    const timer = setInterval(probe, PROBE_EVERY_MS);
    return () => {
      window.removeEventListener("focus", probe);
      window.removeEventListener("online", probe);
      document.removeEventListener("visibilitychange", onVisible);
      clearInterval(timer);
    };
  }, [signedOut, check]);

  return { signedOut, otherAccount, paused, pause, check };
}
