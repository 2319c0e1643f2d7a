// A run of the English-entities recommender answers in its request, on the server's one thread:
// the stall benchmark (`ner` row) found it holding that thread 0.36–0.39 s at its end, encoding the
// 10,000 proposals' parameters for one Prisma statement; now plain pg statements of 1,000 rows.
import { beforeAll, expect, test } from "vitest";
import { uuidv7 } from "@/lib/ids";
import { projectAccessOf } from "@/lib/testing/access";
import { withTimerBeside } from "@/lib/testing/event-loop-pauses";
import { useTestDatabase } from "@/lib/testing/test-database";

let db: typeof import("@/lib/db").db;

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
});

test("an English-entities run over an 800,000-character text stores its 10,000 proposals without holding the thread", async () => {
  const { createProject } = await import("@/lib/server/projects/create-project");
  const { importDocuments } = await import("@/lib/server/documents/import-documents");
  const { runRecommender } = await import("@/lib/server/recommenders/run-recommender");
  const { findEnglishEntities } = await import("@/lib/server/recommenders/english-ner");
  const owner = await db.user.create({ data: { email: `owner-${uuidv7()}@ner-request.test`, name: "Owner" } });
  const project = await createProject(owner.id, { name: `NER in request ${uuidv7().slice(-6)}`, description: "" });
  const access = await projectAccessOf(owner.id, project.id);
  const line = "Later, Vladimir Putin flew to Vladivostok 🇰🇵, where Kim Jong Un met him. Microsoft said nothing.\n";
  const text = line.repeat(Math.ceil(800_000 / line.length));
  const imported = await importDocuments(access, [{ name: "entities.txt", fileName: "entities.txt", text, meta: { title: "Entities" } }], { trim: false, dryRun: false });
  const documentId = imported.report[0].documentId!;
  const ner = await db.recommender.create({ data: { projectId: project.id, name: "English entities", kind: "ENGLISH_NER" } });
  // The library's first call loads its lexicon (a fifth of a second, once per process): not this test's subject.
  findEnglishEntities(line.repeat(50));

  const { value: report, longest } = await withTimerBeside(() => runRecommender(access, ner.id, {}));
  expect(report.proposals).toBe(10_000);
  expect(await db.proposal.count({ where: { documentId, recommenderId: ner.id } })).toBe(10_000);
  console.log("longest", longest);
  expect(longest).toBeLessThan(250);
}, 120_000);
