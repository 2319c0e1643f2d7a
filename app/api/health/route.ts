// GET /api/health — is the app up, can it reach its database, is that database migrated, and is it hearing live changes?
import { db } from "@/lib/db";
import { schemaStatus } from "@/lib/server/db/schema-status";
import { isDatabaseUnavailable } from "@/lib/server/db/unavailable";
import { json } from "@/lib/server/http/route";
import { liveState } from "@/lib/server/live/change-listener";

export const dynamic = "force-dynamic";

export async function GET() {
  const started = performance.now();
  // "listening", or "reconnecting" after the database went away (its retries are under way);
  // "idle" until the first viewer opened a live stream on this instance.
  const live = liveState();
  try {
    await db.$queryRaw`SELECT 1`;
    const database = { status: "ok", latencyMs: Math.round(performance.now() - started) };
    const schema = await schemaStatus();
    if (schema.status === "behind") {
      const error = `The database is missing ${schema.pending.length} migration(s): run \`npm run db:migrate\` with this DATABASE_URL.`;
      return json({ status: "degraded", database, schema: { ...schema, error }, live }, 503);
    }
    return json({ status: "ok", database, schema, live });
  } catch (error) {
    // A short reason for operators and load balancers; the driver's text can carry host names and stack details.
    const status = isDatabaseUnavailable(error) ? "unreachable" : "failing";
    if (status === "failing") console.error("Health check query failed", error);
    return json({ status: "degraded", database: { status, error: status === "unreachable" ? "The database cannot be reached." : "The database answered with an error." }, live }, 503, { "retry-after": "5" });
  }
}
