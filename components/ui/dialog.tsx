"use client";
// Modal dialogs on the native <dialog> element: showModal() makes the rest of the page inert (focus
// stays inside) and Escape closes it. Focus goes back to whatever opened it — browsers do this for
// showModal(), but not when the opener was re-rendered meanwhile, so it is done here explicitly.
import { useEffect, useId, useRef, type ReactNode } from "react";
import { cva, type VariantProps } from "class-variance-authority";
import { cn } from "./cn";

// m-auto: Tailwind's preflight zeroes every margin, which would pin the dialog to the top left.
export const dialogVariants = cva("m-auto rounded border border-slate-300 bg-white p-5 text-slate-900 shadow-xl backdrop:bg-slate-900/40", {
  variants: {
    size: { sm: "w-full max-w-sm", md: "w-full max-w-lg", lg: "w-full max-w-2xl" },
  },
  defaultVariants: { size: "md" },
});

export type DialogProps = VariantProps<typeof dialogVariants> & {
  open: boolean;
  /** Called when the dialog closes by itself: Escape, a click on the backdrop. */
  onClose: () => void;
  title: ReactNode;
  children: ReactNode;
  className?: string;
};

export function Dialog({ open, onClose, title, size, className, children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const headingId = useId();
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  }, [onClose]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const onNativeClose = () => {
      const back = opener.current;
      opener.current = null;
      if (back?.isConnected) back.focus();
      onCloseRef.current();
    };
    dialog.addEventListener("close", onNativeClose);
    return () => dialog.removeEventListener("close", onNativeClose);
  }, []);

  return (
    // A click on the backdrop lands on the <dialog> itself; Escape is the keyboard equivalent.
    // eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-noninteractive-element-interactions
    <dialog
      ref={ref}
      aria-labelledby={headingId}
      className={cn(dialogVariants({ size }), className)}
      onClick={(event) => {
        if (event.target === event.currentTarget) event.currentTarget.close();
      }}
    >
      <h2 id={headingId} className="mb-3 text-lg font-semibold">{title}</h2>
      {open ? children : null}
    </dialog>
  );
}
