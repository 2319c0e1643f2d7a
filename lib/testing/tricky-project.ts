// A small project whose text has everything offsets get wrong — emoji (astral, with modifiers
// and flags), CJK, combining marks NFC cannot compose, right-to-left script, and line ends that
// arrived as CRLF — annotated by two annotators with every kind, relations, reviews, comments and
// a gold layer. Server tests import it after pointing lib/db at a test database.
import { uuidv7 } from "@/lib/ids";
import { asUser, documentAccessOf, projectAccessOf } from "@/lib/testing/access";

// Annotators (and viewers) see each other's work here, as these tests assume; lib/server/visibility.test.ts covers the default.
const SHARED = { annotatorsSee: "EVERYONE", viewersSee: "EVERYONE" } as const;

/** As uploaded: CRLF line ends, which the canonical text turns into LF. */
export const TRICKY_UPLOAD = [
  "🇰🇵 Kim Jong Un 👍🏽 met Vladimir Putin in Vladivostok.",
  "金正恩 visited the Vostochny cosmodrome; the q\u0307uote has a combining dot.",
  "The treaty (معاهدة) was signed in Pyongyang on 19 June 2024.",
].join("\r\n");

const cp = (text: string, needle: string, from = 0) => {
  const at = text.indexOf(needle, from);
  if (at < 0) throw new Error(`"${needle}" not in the tricky text`);
  const start = [...text.slice(0, at)].length;
  return { start, end: start + [...needle].length, exact: needle };
};

export async function createTrickyProject(suffix: string) {
  const { db } = await import("@/lib/db");
  const { createProject } = await import("@/lib/server/projects/create-project");
  const { importDocuments } = await import("@/lib/server/documents/import-documents");
  const { createAnnotation } = await import("@/lib/server/annotations/create-annotation");
  const { reviewAnnotation } = await import("@/lib/server/reviews/review-annotation");
  const { addComment } = await import("@/lib/server/comments/annotation-comments");
  const { mergeAgreed } = await import("@/lib/server/curation/curate-document");
  const { createRelation } = await import("@/lib/server/relations/relations");

  const [owner, amina, bruno] = await Promise.all(
    ["owner", "amina", "bruno"].map((name) => db.user.create({ data: { email: `${name}-${suffix}@tricky.test`, name: `${name} ${suffix}` } })),
  );
  const project = await createProject(owner.id, { name: `Tricky ${suffix}`, description: "Offsets that peers get wrong", ...SHARED });
  await db.membership.createMany({ data: [amina, bruno].map((u) => ({ projectId: project.id, userId: u.id, role: "ANNOTATOR" as const })) });
  const imported = await importDocuments(
    await projectAccessOf(owner.id, project.id),
    [
      { name: "tricky.txt", fileName: "tricky.txt", text: TRICKY_UPLOAD, meta: { title: "Tricky text", publisher: "KCNA", publishedOn: "2024-06-19", language: "en" } },
      { name: "plain.txt", fileName: "plain.txt", text: "Putin visited Pyongyang.", meta: { title: "Plain" } },
    ],
    { trim: false, dryRun: false },
  );
  const [documentId, plainId] = imported.report.map((r) => r.documentId!);
  const { text } = await db.document.findUniqueOrThrow({ where: { id: documentId }, select: { text: true } });
  const labels = await db.label.findMany({ where: { projectId: project.id } });
  const label = (name: string) => labels.find((l) => l.name === name)!.id;
  const tag = async (user: { id: string }, needle: string, name: string, extra: { attributes?: Record<string, unknown>; note?: string; from?: number } = {}) =>
    (await createAnnotation(await documentAccessOf(user.id, documentId), { id: uuidv7(), labelId: label(name), ...cp(text, needle, extra.from), attributes: extra.attributes ?? {}, note: extra.note ?? "" })).annotation;

  const kim = await tag(amina, "Kim Jong Un", "Person", { attributes: { canonicalName: "Kim Jong Un" } });
  const putin = await tag(amina, "Vladimir Putin", "Person");
  const city = await tag(amina, "Vladivostok", "Location");
  const meeting = await tag(amina, "🇰🇵 Kim Jong Un 👍🏽 met Vladimir Putin", "Meeting/Visit", {
    attributes: { date: "2019-04", locationId: city.id, participantIds: [kim.id, putin.id] },
    note: "Summit, \"first\" meeting; see <b>notes</b>",
  });
  const kimKr = await tag(amina, "金正恩", "Person");
  // A span that crosses the (former CRLF) line break, and one over the combining mark.
  const crossing = await tag(amina, "Vladivostok.\n金正恩 visited", "Meeting/Visit");
  const combining = await tag(bruno, "q\u0307uote", "Other entity");
  await tag(bruno, "Kim Jong Un", "Person");
  await tag(bruno, "Vladivostok", "Organization");
  const claim = await tag(bruno, "The treaty (معاهدة) was signed in Pyongyang", "Claim", { attributes: { claimantId: kimKr.id, stance: "supportive", modality: "factual", claimantText: "=KCNA" } });
  const treaty = await tag(bruno, "treaty", "Agreement", { attributes: { date: "2024-06-19" }, note: '=HYPERLINK("http://evil.example","click")' });
  // A typed relation between two of Amina's events: the crossing visit is part of the meeting.
  const partOf = await db.relationType.findFirstOrThrow({ where: { projectId: project.id, name: "part of" } });
  await createRelation(await documentAccessOf(amina.id, documentId), { id: uuidv7(), typeId: partOf.id, fromId: crossing.id, toId: meeting.id });
  await reviewAnnotation(asUser(owner.id), kim.id, { decision: "ACCEPTED", comment: "", version: 1 });
  await reviewAnnotation(asUser(owner.id), claim.id, { decision: "ACCEPTED", comment: "ok", version: 1 });
  await reviewAnnotation(asUser(owner.id), city.id, { decision: "REJECTED", comment: "It is, but, \"a city\"", version: 1 });
  const thread = await addComment(asUser(bruno.id), meeting.id, { body: "Is this the 2019 summit?" });
  await addComment(asUser(amina.id), meeting.id, { body: "Yes — April 2019.", parentId: (thread as { id: string }).id });
  const { merged } = await mergeAgreed(await documentAccessOf(owner.id, documentId));
  return { owner, amina, bruno, project, documentId, plainId, text, labels, ids: { kim, putin, city, meeting, kimKr, crossing, combining, claim, treaty }, merged };
}

/** A whole export as bytes, for tests that read what a format wrote. */
export async function exportToBytes(projectId: string, query: Record<string, string>) {
  const { exportOptionsSchema } = await import("@/lib/schemas/export");
  const { exportProject } = await import("@/lib/server/export/export-project");
  const result = await exportProject(projectId, exportOptionsSchema.parse(query), "https://wb.example");
  const chunks: Uint8Array[] = [];
  for await (const chunk of result.body) chunks.push(chunk);
  return { ...result, bytes: new Uint8Array(Buffer.concat(chunks)), summary: result.summary() };
}
