"use client";
// Shown when the server answered 401 to a queued change (session expired, signed out in another
// tab, server secret rotated): the changes wait in this browser, and the person signs in again
// here — or in a new tab, for single sign-on — after which sending resumes.
import { useEffect, useRef, useState } from "react";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Alert, Button } from "@/components/ui/form";

type Props = { signedOut: boolean; waiting: number; otherAccount: boolean; check: () => Promise<boolean> };

export function SignedOutPrompt({ signedOut, waiting, otherAccount, check }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [dismissed, setDismissed] = useState(false);
  const [checking, setChecking] = useState(false);
  // A new sign-out opens the prompt again even if the last one was closed.
  const [wasSignedOut, setWasSignedOut] = useState(signedOut);
  if (wasSignedOut !== signedOut) {
    setWasSignedOut(signedOut);
    if (!signedOut) setDismissed(false);
  }
  const open = signedOut && !dismissed;

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    else if (!open && d.open) d.close();
  }, [open]);

  const retryNow = async () => {
    setChecking(true);
    await check();
    setChecking(false);
  };
  const changes = `${waiting} change${waiting === 1 ? "" : "s"}`;

  return (
    <>
      {signedOut && dismissed ? (
        <Button className="px-2 py-1" onClick={() => setDismissed(false)}>Sign in to save {changes}</Button>
      ) : null}
      <dialog
        ref={dialog}
        aria-labelledby="signed-out-heading"
        onClose={() => setDismissed(true)}
        className="m-auto w-full max-w-md rounded bg-white p-5 shadow-xl backdrop:bg-slate-900/40"
      >
        {open ? (
          <div className="space-y-4">
            <h2 id="signed-out-heading" className="text-lg font-semibold">You are signed out</h2>
            <p className="text-sm">
              {waiting === 0
                ? "Your session ended (signed out elsewhere, or it expired). Sign in again to keep working here: live updates resume."
                : `${changes} ${waiting === 1 ? "is" : "are"} kept in this browser and will be saved as soon as you sign in again. Closing this page loses nothing.`}
            </p>
            {otherAccount ? (
              <Alert>This browser is now signed in as another account. The waiting changes are saved only in their author&apos;s name: sign in as that account.</Alert>
            ) : null}
            <SignInForm callbackUrl="/projects" providers={[]} onSignedIn={() => void retryNow()} />
            <p className="text-sm">
              Using single sign-on?{" "}
              <a href="/signin?callbackUrl=/projects" target="_blank" rel="noopener" className="text-blue-800 underline">Open sign-in in a new tab</a>, then come back here.
            </p>
            <div className="flex gap-2">
              <Button variant="secondary" disabled={checking} onClick={() => void retryNow()}>I signed in — send now</Button>
              <Button variant="secondary" onClick={() => dialog.current?.close()}>Close</Button>
            </div>
          </div>
        ) : null}
      </dialog>
    </>
  );
}
