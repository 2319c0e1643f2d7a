// A recommender's run answers in its request, on the server's one thread. The stall benchmark's
// `ner` row found the end of an English-entities run holding that thread 0.36–0.39 s: its 10,000
// proposals went as one Prisma statement whose parameters were encoded at once. Now plain pg
// statements of 1,000 rows in one transaction, each prepared in a turn of its own.
import { beforeAll, expect, test } from "vitest";
import { uuidv7 } from "@/lib/ids";
import { withTimerBeside } from "@/lib/testing/event-loop-pauses";
import { useTestDatabase } from "@/lib/testing/test-database";

let db: typeof import("@/lib/db").db;

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
});

test("a run's 10,000 proposals are stored without holding the thread, and a second run replaces them whole", async () => {
  const { createProject } = await import("@/lib/server/projects/create-project");
  const { storeProposals } = await import("@/lib/server/recommenders/run-recommender");
  const owner = await db.user.create({ data: { email: `owner-${uuidv7()}@store-proposals.test`, name: "Owner" } });
  const project = await createProject(owner.id, { name: `Store proposals ${uuidv7().slice(-6)}`, description: "" });
  const text = "Later, Vladimir Putin flew to Vladivostok 🇰🇵, where Kim Jong Un met him. ".repeat(2_000);
  const document = await db.document.create({ data: { projectId: project.id, title: "Entities", text, length: [...text].length, contentHash: uuidv7() } });
  const label = await db.label.findFirstOrThrow({ where: { projectId: project.id } });
  const ner = await db.recommender.create({ data: { projectId: project.id, name: "English entities", kind: "ENGLISH_NER" } });
  const rows = (n: number, exact: string) =>
    Array.from({ length: n }, (_, i) => ({ documentId: document.id, labelId: label.id, start: i * 7, end: i * 7 + exact.length, exact, score: 0.5 }));

  const { longest, whole } = await withTimerBeside(() => storeProposals(project.id, ner.id, [document.id], rows(10_000, "Putin")));
  expect(await db.proposal.count({ where: { recommenderId: ner.id } })).toBe(10_000);
  // Relative (a loaded machine slows both): one statement of all of them was half of the whole at once.
  expect(longest).toBeLessThan(Math.max(60, whole / 4));

  await storeProposals(project.id, ner.id, [document.id], rows(4_000, "Kim"));
  const kept = await db.proposal.findMany({ where: { recommenderId: ner.id }, select: { exact: true } });
  expect(kept).toHaveLength(4_000);
  expect(new Set(kept.map((p) => p.exact))).toEqual(new Set(["Kim"]));
}, 60_000);
