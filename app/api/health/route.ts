// GET /api/health — is the app up and can it reach its database?
import { db } from "@/lib/db";
import { json } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

export async function GET() {
  const started = performance.now();
  try {
    await db.$queryRaw`SELECT 1`;
    return json({ status: "ok", database: { status: "ok", latencyMs: Math.round(performance.now() - started) } });
  } catch (error) {
    return json({ status: "degraded", database: { status: "unreachable", error: (error as Error).message } }, 503);
  }
}
