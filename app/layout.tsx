import type { Metadata } from "next";
import Link from "next/link";
import { auth } from "@/lib/auth";
import { SignOutButton } from "@/components/auth/sign-out-button";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Annotation workbench", template: "%s · Annotation workbench" },
  description: "Annotate claims, events and entities in texts, together.",
};

// Pages keep a readable width; a page holding a workspace (the document viewer, data-workspace)
// takes the whole width of the screen for its text and panel, and only the footer's 2.75rem follow
// it (the viewer's panel, sticky, is that much shorter than the screen so the end of the page
// never pushes it up).
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const session = await auth();
  return (
    <html lang="en">
      <body className="group/body min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
          Skip to content
        </a>
        <header className="border-b border-slate-200 bg-white">
          <nav aria-label="Main" className="mx-auto flex max-w-6xl flex-wrap items-center gap-4 px-4 py-3 group-has-[[data-workspace]]/body:max-w-none">
            <Link href="/projects" className="font-semibold text-slate-900">
              Annotation workbench
            </Link>
            {session?.user ? (
              <>
                <Link href="/projects" className="text-sm text-slate-700 hover:underline">
                  Projects
                </Link>
                <Link href="/account/tokens" className="ml-auto text-sm text-slate-700 hover:underline">
                  API tokens
                </Link>
                <Link href="/account" className="text-sm text-slate-700 hover:underline">
                  Account
                </Link>
                <span className="text-sm text-slate-600">{session.user.name ?? session.user.email}</span>
                <SignOutButton />
              </>
            ) : (
              <span className="ml-auto flex gap-3 text-sm">
                <Link href="/signin" className="hover:underline">Sign in</Link>
                <Link href="/signup" className="hover:underline">Sign up</Link>
              </span>
            )}
          </nav>
        </header>
        <main id="main" className="mx-auto max-w-6xl px-4 py-6 has-[[data-workspace]]:max-w-none has-[[data-workspace]]:pb-0">
          {children}
        </main>
        <footer className="mx-auto max-w-6xl px-4 pb-6 text-sm text-slate-600 group-has-[[data-workspace]]/body:max-w-none group-has-[[data-workspace]]/body:py-3">
          <Link href="/api-reference" className="hover:underline">API reference</Link>
        </footer>
      </body>
    </html>
  );
}
