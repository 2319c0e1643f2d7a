// The event timeline and the claim tracker on a real PostgreSQL.
import { beforeAll, expect, test } from "vitest";
import { uuidv7 } from "@/lib/ids";
import { useTestDatabase } from "@/lib/testing/test-database";
import { asUser, ownerAccessOf, ownerDocumentAccessOf } from "@/lib/testing/access";

let db: typeof import("@/lib/db").db;
let createAnnotation: typeof import("@/lib/server/annotations/create-annotation").createAnnotation;
let createProject: typeof import("@/lib/server/projects/create-project").createProject;
let createItem: typeof import("@/lib/server/knowledge/create-canonical-item").createCanonicalItem;
let link: typeof import("@/lib/server/knowledge/link-annotation").linkAnnotationToCanonical;
let listTimeline: typeof import("@/lib/server/knowledge/list-timeline").listTimeline;
let listClaims: typeof import("@/lib/server/knowledge/list-claim-tracker").listClaimTracker;

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  ({ createAnnotation } = await import("@/lib/server/annotations/create-annotation"));
  ({ createProject } = await import("@/lib/server/projects/create-project"));
  ({ createCanonicalItem: createItem } = await import("@/lib/server/knowledge/create-canonical-item"));
  ({ linkAnnotationToCanonical: link } = await import("@/lib/server/knowledge/link-annotation"));
  ({ listTimeline } = await import("@/lib/server/knowledge/list-timeline"));
  ({ listClaimTracker: listClaims } = await import("@/lib/server/knowledge/list-claim-tracker"));
});

const DOCS = [
  {
    title: "One year on",
    publishedOn: "2020-04-25",
    text: "Kim Jong Un met Vladimir Putin in Vladivostok on April 25, 2019. The DPRK-Russia friendship is developing steadily, KCNA said. Relations were established in 1948.",
  },
  {
    title: "Moscow Declaration",
    publishedOn: "2024-08-04",
    text: "In 2001 Kim Jong Il visited Moscow. Kim Jong Un held talks with President Putin in April 2019. Friendship between the DPRK and Russia keeps developing, Kim Jong Un stressed.",
  },
  { title: "Undated", publishedOn: null, text: "The friendship between the two countries develops. A future visit is planned." },
];

async function setup() {
  const owner = await db.user.create({ data: { email: `owner-${uuidv7()}@tl.test`, name: "owner" } });
  const project = await createProject(owner.id, { name: "Timeline", description: "" });
  const documents: { id: string; title: string; text: string }[] = [];
  for (const [i, d] of DOCS.entries()) {
    documents.push(await db.document.create({ data: { projectId: project.id, title: d.title, publishedOn: d.publishedOn, text: d.text, contentHash: `${project.id}-${i}`, length: [...d.text].length } }));
  }
  const labels = await db.label.findMany({ where: { projectId: project.id } });
  const label = (name: string) => labels.find((l) => l.name === name)!.id;
  const tag = async (doc: number, needle: string, labelName: string, attributes: Record<string, unknown> = {}, canonicalId?: string) => {
    const d = documents[doc];
    const start = [...d.text.slice(0, d.text.indexOf(needle))].length;
    const access = await ownerDocumentAccessOf(d.id);
    const { annotation } = await createAnnotation(access, { id: uuidv7(), labelId: label(labelName), start, end: start + [...needle].length, exact: needle, attributes, note: "" });
    if (canonicalId) await link(asUser(access.userId), annotation.id, canonicalId);
    return annotation;
  };
  return { owner, project, documents, tag };
}

test("the timeline orders events by their partial dates, takes undated items' dates from mentions, and filters by participant", async () => {
  const { project, tag } = await setup();
  const kim = await createItem(await ownerAccessOf(project.id), { kind: "ENTITY", name: "Kim Jong Un", aliases: [], description: "" });
  const putin = await createItem(await ownerAccessOf(project.id), { kind: "ENTITY", name: "Vladimir Putin", aliases: [], description: "" });
  const jongIl = await createItem(await ownerAccessOf(project.id), { kind: "ENTITY", name: "Kim Jong Il", aliases: [], description: "" });
  const city = await createItem(await ownerAccessOf(project.id), { kind: "ENTITY", name: "Vladivostok", aliases: [], description: "" });
  const summit = await createItem(await ownerAccessOf(project.id), { kind: "EVENT", name: "Vladivostok summit", aliases: [], date: "2019-04-25", description: "" });
  const moscow = await createItem(await ownerAccessOf(project.id), { kind: "EVENT", name: "Moscow visit", aliases: [], description: "" });
  const relations = await createItem(await ownerAccessOf(project.id), { kind: "EVENT", name: "Diplomatic relations", aliases: [], date: "1948", description: "" });
  const year = await createItem(await ownerAccessOf(project.id), { kind: "EVENT", name: "Year of friendship", aliases: [], date: "2019", description: "" });
  const month = await createItem(await ownerAccessOf(project.id), { kind: "EVENT", name: "April talks", aliases: [], date: "2019-04", description: "" });
  const planned = await createItem(await ownerAccessOf(project.id), { kind: "EVENT", name: "Future visit", aliases: [], description: "" });

  const kim0 = await tag(0, "Kim Jong Un", "Person", {}, kim.id);
  const putin0 = await tag(0, "Vladimir Putin", "Person", {}, putin.id);
  const city0 = await tag(0, "Vladivostok", "Location", {}, city.id);
  await tag(0, "Kim Jong Un met Vladimir Putin in Vladivostok", "Meeting/Visit", { date: "2019-04-25", participantIds: [kim0.id, putin0.id], locationId: city0.id }, summit.id);
  const kim1 = await tag(1, "Kim Jong Un", "Person", {}, kim.id);
  const putin1 = await tag(1, "President Putin", "Person");
  await tag(1, "Kim Jong Un held talks with President Putin", "Meeting/Visit", { date: "2019-04", participantIds: [kim1.id, putin1.id] }, summit.id);
  const jongIl1 = await tag(1, "Kim Jong Il", "Person", {}, jongIl.id);
  // The Moscow visit has no date of its own: the mentions' dates, the precise one within the year.
  await tag(1, "In 2001 Kim Jong Il visited Moscow", "Meeting/Visit", { date: "2001", participantIds: [jongIl1.id] }, moscow.id);
  await tag(1, "Kim Jong Il visited Moscow", "Meeting/Visit", { date: "2001-08-04" }, moscow.id);
  await tag(2, "A future visit is planned", "Meeting/Visit", {}, planned.id);

  const timeline = await listTimeline(await ownerAccessOf(project.id));
  expect(timeline.events.map((e) => [e.name, e.date, e.precision])).toEqual([
    ["Diplomatic relations", "1948", "year"],
    ["Moscow visit", "2001-08-04", "day"],
    ["Year of friendship", "2019", "year"],
    ["April talks", "2019-04", "month"],
    ["Vladivostok summit", "2019-04-25", "day"],
  ]);
  expect(timeline.undated.map((e) => e.name)).toEqual(["Future visit"]);
  const s = timeline.events.find((e) => e.id === summit.id)!;
  expect(s).toMatchObject({ dateSource: "item", period: { start: "2019-04-25", end: "2019-04-25" }, mentionCount: 2, locations: ["Vladivostok"], unlinkedParticipants: ["President Putin"] });
  expect(s.participants.map((p) => p.name)).toEqual(["Kim Jong Un", "Vladimir Putin"]);
  expect(s.documents.map((d) => d.title)).toEqual(["One year on", "Moscow Declaration"]);
  expect(timeline.events.find((e) => e.id === moscow.id)).toMatchObject({ dateSource: "mentions" });
  expect(timeline.events.find((e) => e.id === relations.id)!.period).toEqual({ start: "1948-01-01", end: "1948-12-31" });
  expect(timeline.events.find((e) => e.id === year.id)!.mentionCount).toBe(0);
  expect(timeline.events.find((e) => e.id === month.id)!.period).toEqual({ start: "2019-04-01", end: "2019-04-30" });
  expect(timeline.participants.map((p) => p.name)).toEqual(["Kim Jong Il", "Kim Jong Un", "Vladimir Putin"]);

  expect((await listTimeline(await ownerAccessOf(project.id), { participant: kim.id })).events.map((e) => e.name)).toEqual(["Vladivostok summit"]);
  const withJongIl = await listTimeline(await ownerAccessOf(project.id), { participant: jongIl.id });
  expect(withJongIl.events.map((e) => e.name)).toEqual(["Moscow visit"]);
  expect(withJongIl.undated).toEqual([]);
});

test("the claim tracker groups claims by canonical claim with wordings, claimants, documents and since when", async () => {
  const { project, tag } = await setup();
  const kim = await createItem(await ownerAccessOf(project.id), { kind: "ENTITY", name: "Kim Jong Un", aliases: [], description: "" });
  const friendship = await createItem(await ownerAccessOf(project.id), { kind: "CLAIM", name: "DPRK–Russia friendship keeps developing", aliases: [], description: "" });
  const once = await createItem(await ownerAccessOf(project.id), { kind: "CLAIM", name: "Relations date from 1948", aliases: [], description: "" });
  const never = await createItem(await ownerAccessOf(project.id), { kind: "CLAIM", name: "Nobody said this", aliases: [], description: "" });
  const kimSaid = await tag(1, "Kim Jong Un stressed", "Person", {}, kim.id);
  await tag(0, "The DPRK-Russia friendship is developing steadily", "Claim", { claimantText: "KCNA", stance: "supportive" }, friendship.id);
  await tag(1, "Friendship between the DPRK and Russia keeps developing", "Claim", { claimantId: kimSaid.id, stance: "supportive" }, friendship.id);
  await tag(2, "The friendship between the two countries develops", "Claim", {}, friendship.id);
  await tag(0, "Relations were established in 1948", "Claim", {}, once.id);

  const { claims } = await listClaims(await ownerAccessOf(project.id));
  expect(claims.map((c) => [c.name, c.documentCount, c.mentionCount])).toEqual([
    ["DPRK–Russia friendship keeps developing", 3, 3],
    ["Relations date from 1948", 1, 1],
    ["Nobody said this", 0, 0],
  ]);
  const [tracked] = claims;
  expect(tracked).toMatchObject({ id: friendship.id, firstSeen: "2020-04-25", lastSeen: "2024-08-04", stances: { supportive: 2 } });
  expect(tracked.wordings.map((w) => w.text).sort()).toEqual([
    "Friendship between the DPRK and Russia keeps developing",
    "The DPRK-Russia friendship is developing steadily",
    "The friendship between the two countries develops",
  ]);
  expect(tracked.claimants).toEqual([
    { name: "KCNA", canonicalId: null, mentionCount: 1 },
    { name: "Kim Jong Un", canonicalId: kim.id, mentionCount: 1 },
  ]);
  // In publication order, the undated document last.
  expect(tracked.documents.map((d) => [d.title, d.publishedOn])).toEqual([["One year on", "2020-04-25"], ["Moscow Declaration", "2024-08-04"], ["Undated", null]]);
  expect(claims[2]).toMatchObject({ id: never.id, firstSeen: null, wordings: [], claimants: [] });
});

test("an event with no date of its own or in its mentions is placed by the articles that report it", async () => {
  const { project, tag } = await setup();
  const friendship = await createItem(await ownerAccessOf(project.id), { kind: "EVENT", name: "Friendship develops", aliases: [], description: "" });
  // Reported in "Moscow Declaration" (2024-08-04) and "One year on" (2020-04-25), neither mention dated.
  await tag(1, "Friendship between the DPRK and Russia keeps developing", "Meeting/Visit", {}, friendship.id);
  await tag(0, "The DPRK-Russia friendship is developing steadily", "Meeting/Visit", {}, friendship.id);
  const timeline = await listTimeline(await ownerAccessOf(project.id));
  expect(timeline.events.find((e) => e.id === friendship.id)).toMatchObject({ date: "2020-04-25", dateSource: "reports", precision: "day" });
  expect(timeline.undated.map((e) => e.name)).not.toContain("Friendship develops");
});
