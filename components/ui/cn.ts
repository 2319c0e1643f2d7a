// Class merging for every primitive: clsx joins conditional classes, tailwind-merge drops the
// base classes a caller's className overrides (px-2 beats px-3 whatever order Tailwind emits).
import { clsx, type ClassValue } from "clsx";
import { twMerge } from "tailwind-merge";

export function cn(...classes: ClassValue[]) {
  return twMerge(clsx(classes));
}
