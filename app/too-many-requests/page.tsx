import Link from "next/link";
import { safeReturnPath } from "@/lib/server/session/return-path";

export const metadata = { title: "Too many requests" };

// Where pageUser sends a page render over the account's session request limit. It does not count
// against the limit itself (no pageUser here), reads nothing from the database, and only links
// back to a same-origin path.
export default async function TooManyRequestsPage({ searchParams }: { searchParams: Promise<{ wait?: string; from?: string }> }) {
  const { wait, from } = await searchParams;
  const seconds = Math.max(1, Math.min(86_400, Number.parseInt(wait ?? "", 10) || 60));
  const back = safeReturnPath(from);
  return (
    <div className="mx-auto max-w-lg space-y-4" role="alert">
      <h1 className="text-2xl font-semibold">Too many requests</h1>
      <p className="text-slate-800">
        Your account has made more requests than the server allows in a short time. Wait {seconds} second{seconds === 1 ? "" : "s"}, then{" "}
        <Link href={back} className="text-blue-800 underline">try again</Link>.
      </p>
    </div>
  );
}
