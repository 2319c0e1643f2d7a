// Runs once when the server starts (Next.js instrumentation hook).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { installPeerAddress } = await import("@/lib/server/http/peer-address");
    await installPeerAddress();
    const { schedulePurge } = await import("@/lib/server/documents/purge-schedule");
    schedulePurge();
  }
}
