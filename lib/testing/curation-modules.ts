// The modules every curation test uses, loaded after the test database is up (they read
// DATABASE_URL when imported).
import { createTestDatabase } from "@/lib/testing/test-database";

export type CurationModules = {
  db: typeof import("@/lib/db").db;
  curation: typeof import("@/lib/server/curation/curate-document");
  create: typeof import("@/lib/server/annotations/create-annotation").createAnnotation;
  createProject: typeof import("@/lib/server/projects/create-project").createProject;
};

export async function loadCurationModules(): Promise<CurationModules> {
  // What useTestDatabase does (a function of this name may not call a hook-named one).
  process.env.DATABASE_URL = await createTestDatabase();
  return {
    db: (await import("@/lib/db")).db,
    curation: await import("@/lib/server/curation/curate-document"),
    create: (await import("@/lib/server/annotations/create-annotation")).createAnnotation,
    createProject: (await import("@/lib/server/projects/create-project")).createProject,
  };
}
