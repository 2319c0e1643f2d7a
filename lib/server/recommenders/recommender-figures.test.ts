// The recommenders' figures on a real PostgreSQL, from real accepts and rejects: per recommender
// and label, proposals, accepted, rejected, precision; curators see everyone's decisions, an
// annotator only their own; deleted documents stop counting.
import { beforeAll, expect, test } from "vitest";
import { useTestDatabase } from "@/lib/testing/test-database";
import { documentAccessOf, projectAccessOf } from "@/lib/testing/access";
import { uuidv7 } from "@/lib/ids";

let db: typeof import("@/lib/db").db;
let figuresOf: typeof import("@/lib/server/recommenders/recommender-figures").recommenderFigures;

beforeAll(async () => {
  await useTestDatabase();
  process.env.AUTH_SECRET ??= "recommender-figures-test-secret";
  ({ db } = await import("@/lib/db"));
  ({ recommenderFigures: figuresOf } = await import("@/lib/server/recommenders/recommender-figures"));
});

const TEXTS = ["Kim Jong Un met Putin in Vladivostok.", "Later Kim Jong Un spoke in Pyongyang; Kim Jong Un again, and Kim Jong Un once more.", "Kim Jong Un and Kim Jong Un in Vladivostok."];
const cp = (text: string, needle: string, from = 0) => [...text.slice(0, text.indexOf(needle, from))].length;

test("per recommender and label: proposals, accepted, rejected and precision — everyone's for curators, their own for an annotator", async () => {
  const suffix = `fig-${Date.now()}`;
  const { createProject } = await import("@/lib/server/projects/create-project");
  const { importDocuments } = await import("@/lib/server/documents/import-documents");
  const { createAnnotation } = await import("@/lib/server/annotations/create-annotation");
  const { listDocumentProposals } = await import("@/lib/server/recommenders/list-document-proposals");
  const { decideProposal } = await import("@/lib/server/recommenders/decide-proposal");
  const { createRecommender, listRecommenders } = await import("@/lib/server/recommenders/save-recommender");
  const { deleteDocument } = await import("@/lib/server/documents/delete-document");
  const [owner, amina, bruno] = await Promise.all(["owner", "amina", "bruno"].map((name) => db.user.create({ data: { email: `${name}-${suffix}@fig.test`, name } })));
  const project = await createProject(owner.id, { name: `Figures ${suffix}`, description: "", annotatorsSee: "OWN", annotatorsSeeGold: false, viewersSee: "GOLD" });
  await db.membership.createMany({ data: [amina, bruno].map((u) => ({ projectId: project.id, userId: u.id, role: "ANNOTATOR" as const })) });
  const ownerProject = await projectAccessOf(owner.id, project.id);
  const imported = await importDocuments(ownerProject, TEXTS.map((text, i) => ({ name: `d${i}.txt`, fileName: `d${i}.txt`, text, meta: { title: `D${i}` } })), { trim: false, dryRun: false });
  const [first, second, third] = imported.report.map((r) => r.documentId!);
  const labels = await db.label.findMany({ where: { projectId: project.id } });
  const person = labels.find((l) => l.name === "Person")!.id;
  const location = labels.find((l) => l.name === "Location")!.id;

  // Both annotators tag the first mention; each then decides the string matcher's proposals in the second document.
  for (const user of [amina, bruno]) {
    await createAnnotation(await documentAccessOf(user.id, first), { id: uuidv7(), labelId: person, start: 0, end: 11, exact: "Kim Jong Un", attributes: {}, note: "" });
  }
  const decideAll = async (userId: string, documentId: string, verdicts: ("accept" | "reject")[]) => {
    const access = await documentAccessOf(userId, documentId);
    const proposals = (await listDocumentProposals(access)).filter((p) => p.kind === "STRING_MATCHER");
    expect(proposals.length).toBeGreaterThanOrEqual(verdicts.length);
    for (const [i, decision] of verdicts.entries()) await decideProposal(access, { decision, labelId: proposals[i].labelId, start: proposals[i].start, end: proposals[i].end });
  };
  await decideAll(amina.id, second, ["accept", "accept", "reject"]);
  await decideAll(bruno.id, second, ["reject"]);

  // A model server's proposals, stored as a run stores them: Location in the second and third documents.
  const server = await createRecommender(ownerProject, { kind: "LABEL_STUDIO", name: "Fake spaCy", url: "http://127.0.0.1:1/", enabled: true, trigger: "ON_DEMAND", labelIds: [], minScore: 0 });
  await db.proposal.createMany({
    data: [
      { documentId: second, labelId: location, ...{ start: cp(TEXTS[1], "Pyongyang"), end: cp(TEXTS[1], "Pyongyang") + 9, exact: "Pyongyang" } },
      { documentId: third, labelId: location, ...{ start: cp(TEXTS[2], "Vladivostok"), end: cp(TEXTS[2], "Vladivostok") + 11, exact: "Vladivostok" } },
    ].map((p) => ({ ...p, projectId: project.id, recommenderId: server.id, score: 0.8 })),
  });
  const aminaSecond = await documentAccessOf(amina.id, second);
  const pyongyang = (await listDocumentProposals(aminaSecond)).find((p) => p.exact === "Pyongyang")!;
  await decideProposal(aminaSecond, { decision: "accept", labelId: location, start: pyongyang.start, end: pyongyang.end });

  const figure = (f: Awaited<ReturnType<typeof figuresOf>>) => f.rows.map((r) => [r.recommender, r.label, r.proposals, r.accepted, r.rejected, r.precision]);
  const everyone = await figuresOf(ownerProject);
  expect(everyone.scope).toBe("everyone");
  expect(figure(everyone)).toEqual([
    ["String matcher", "Person", null, 2, 2, 0.5],
    ["Fake spaCy", "Location", 2, 1, 0, 1],
  ]);
  // The settings page's cards carry the same numbers.
  const cards = await listRecommenders(ownerProject);
  expect(cards.find((c) => c.id === server.id)!.stats).toEqual([{ labelId: location, proposals: 2, accepted: 1, rejected: 0, precision: 1 }]);

  // Working blind, Bruno learns nothing of Amina's decisions; Amina sees only hers.
  const brunos = await figuresOf(await projectAccessOf(bruno.id, project.id));
  expect(brunos.scope).toBe("own");
  expect(figure(brunos)).toEqual([
    ["String matcher", "Person", null, 0, 1, 0],
    ["Fake spaCy", "Location", 2, 0, 0, null],
  ]);
  expect(figure(await figuresOf(await projectAccessOf(amina.id, project.id)))).toEqual([
    ["String matcher", "Person", null, 2, 1, 2 / 3],
    ["Fake spaCy", "Location", 2, 1, 0, 1],
  ]);

  // A deleted document's proposals and decisions stop counting.
  await deleteDocument(await documentAccessOf(owner.id, second));
  expect(figure(await figuresOf(ownerProject))).toEqual([["Fake spaCy", "Location", 1, 0, 0, null]]);
});
