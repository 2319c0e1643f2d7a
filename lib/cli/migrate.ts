// `npm run db:migrate`: applies pending migrations to DATABASE_URL (the explicit production step).
import { migrate } from "@/lib/server/db/migrate";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("Set DATABASE_URL to the database to migrate.");
  process.exit(2);
}
migrate(url)
  .then((r) => console.log(r.applied.length ? `Applied: ${r.applied.join(", ")}` : `Up to date (${r.alreadyApplied} migrations).`))
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
