// The per-document annotation tallies (kept by statement triggers on "Annotation") always equal a
// fresh count of the live annotations, whatever sequence of single and bulk inserts, edits,
// soft deletes, restores, gold changes, hard deletes and document deletions made them.
import { beforeAll, expect, test } from "vitest";
import fc from "fast-check";
import { uuidv7 } from "@/lib/ids";
import { useTestDatabase } from "@/lib/testing/test-database";

let db: typeof import("@/lib/db").db;
let sqlPool: typeof import("@/lib/server/db/sql-pool").sqlPool;
let createProject: typeof import("@/lib/server/projects/create-project").createProject;

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  ({ sqlPool } = await import("@/lib/server/db/sql-pool"));
  ({ createProject } = await import("@/lib/server/projects/create-project"));
});

type Step =
  | { kind: "insert"; doc: number; author: number; gold: boolean; count: number }
  | { kind: "softDelete" | "restore" | "toggleGold" | "note" | "hardDelete"; doc: number; author: number }
  | { kind: "deleteDocument"; doc: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant("insert" as const), doc: fc.nat(2), author: fc.nat(1), gold: fc.boolean(), count: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ kind: fc.constantFrom("softDelete" as const, "restore" as const, "toggleGold" as const, "note" as const, "hardDelete" as const), doc: fc.nat(2), author: fc.nat(1) }),
  fc.record({ kind: fc.constant("deleteDocument" as const), doc: fc.nat(2) }),
);

async function tallies(projectId: string) {
  const { rows } = await sqlPool().query<{ k: string; n: number }>(
    `SELECT "documentId" || '/' || "authorId" || '/' || gold AS k, n FROM "AnnotationTally" WHERE "projectId" = $1 AND n <> 0 ORDER BY k`, [projectId]);
  return rows;
}
async function counted(projectId: string) {
  const { rows } = await sqlPool().query<{ k: string; n: number }>(
    `SELECT "documentId" || '/' || "authorId" || '/' || gold AS k, count(*)::int AS n FROM "Annotation" WHERE "projectId" = $1 AND "deletedAt" IS NULL GROUP BY 1 ORDER BY k`, [projectId]);
  return rows;
}

test("tallies equal a fresh count after any sequence of changes", async () => {
  await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
    const owner = await db.user.create({ data: { email: `tally-${uuidv7()}@t.local`, name: "Owner" } });
    const other = await db.user.create({ data: { email: `tally-b-${uuidv7()}@t.local`, name: "Other" } });
    const authors = [owner.id, other.id];
    const project = await createProject(owner.id, { name: "Tally", description: "" });
    // The steps write the same tag many times over (tallies count rows, not distinct tags).
    await db.project.update({ where: { id: project.id }, data: { allowStackedTags: true } });
    const labelId = (await db.label.findFirstOrThrow({ where: { projectId: project.id } })).id;
    const docs: string[] = [];
    for (let i = 0; i < 3; i++) docs.push((await db.document.create({ data: { projectId: project.id, title: `D${i}`, text: "abcdef", length: 6, contentHash: `${project.id}-${i}` } })).id);
    const live = new Set<number>([0, 1, 2]);
    for (const s of steps) {
      if (!live.has(s.doc)) continue;
      const where = { documentId: docs[s.doc], authorId: s.kind === "deleteDocument" ? undefined : authors[s.author] };
      switch (s.kind) {
        case "insert":
          // One statement for many rows, as the bulk imports write them.
          await db.annotation.createMany({ data: Array.from({ length: s.count }, () => ({ id: uuidv7(), projectId: project.id, documentId: docs[s.doc], labelId, authorId: authors[s.author], gold: s.gold, start: 0, end: 1, exact: "a", prefix: "", suffix: "bcdef" })) });
          break;
        case "softDelete": await db.annotation.updateMany({ where: { ...where, deletedAt: null }, data: { deletedAt: new Date() } }); break;
        case "restore": await db.annotation.updateMany({ where: { ...where, deletedAt: { not: null } }, data: { deletedAt: null } }); break;
        case "toggleGold": {
          const first = await db.annotation.findFirst({ where, select: { id: true, gold: true } });
          if (first) await db.annotation.update({ where: { id: first.id }, data: { gold: !first.gold } });
          break;
        }
        case "note": await db.annotation.updateMany({ where, data: { note: "edited" } }); break;
        case "hardDelete": {
          const first = await db.annotation.findFirst({ where, select: { id: true } });
          if (first) await db.annotation.delete({ where: { id: first.id } });
          break;
        }
        case "deleteDocument": await db.document.delete({ where: { id: docs[s.doc] } }); live.delete(s.doc); break;
      }
    }
    expect(await tallies(project.id)).toEqual(await counted(project.id));
  }), { numRuns: 40 });
});

test("a project deleted with its annotations leaves no tallies behind", async () => {
  const owner = await db.user.create({ data: { email: `tally-p-${uuidv7()}@t.local`, name: "Owner" } });
  const project = await createProject(owner.id, { name: "Gone", description: "" });
  const labelId = (await db.label.findFirstOrThrow({ where: { projectId: project.id } })).id;
  const doc = await db.document.create({ data: { projectId: project.id, title: "D", text: "abc", length: 3, contentHash: `${project.id}-0` } });
  await db.annotation.create({ data: { id: uuidv7(), projectId: project.id, documentId: doc.id, labelId, authorId: owner.id, start: 0, end: 1, exact: "a", prefix: "", suffix: "bc" } });
  expect(await tallies(project.id)).toEqual([{ k: `${doc.id}/${owner.id}/false`, n: 1 }]);
  await db.project.delete({ where: { id: project.id } });
  const { rows } = await sqlPool().query(`SELECT 1 FROM "AnnotationTally" WHERE "projectId" = $1`, [project.id]);
  expect(rows).toEqual([]);
});
