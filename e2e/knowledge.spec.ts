import { expect, test } from "@playwright/test";
import { labelIds, newUser, projectWithDocument, signIn, signUpViaApi, uuidv7, openProjectPage } from "./fixtures";

// The knowledge base (issue 6): one leader mentioned in two articles becomes one canonical entity
// with both mentions on its page; a dated event appears on the timeline; a repeated claim is
// grouped; a new article gets suggestions of the known entity.

const FIRST = "Kim Jong Un met Vladimir Putin in Vladivostok on April 25, 2019. The friendship between the two countries is developing.";
const SECOND = "🇰🇵 A year later, Kim Jong Un recalled the talks. DPRK-Russia friendship keeps developing, KCNA said.";
const THIRD = "Comrade KIM JONG UN sent a message of greeting to Vladimir Putin.";
const span = (text: string, needle: string) => {
  const at = text.indexOf(needle);
  const start = [...text.slice(0, at)].length;
  return { start, end: start + [...needle].length, exact: needle };
};

test("link a leader's mentions across documents, see them on the entity page, a dated event on the timeline, a grouped claim and suggestions", async ({ page, request }) => {
  const owner = newUser("kb");
  await signUpViaApi(request, owner);
  await signIn(page, owner);
  const { projectId, documentId: firstId } = await projectWithDocument(page, `Knowledge ${owner.name}`, FIRST);
  const imported = await page.request.post(`/api/projects/${projectId}/documents`, {
    data: { documents: [{ text: SECOND, title: "A year later", publishedOn: "2020-04-25" }] },
  });
  expect(imported.status(), await imported.text()).toBe(201);
  const secondId = (await imported.json()).report[0].documentId as string;
  const label = await labelIds(page, projectId);
  const tag = async (documentId: string, text: string, needle: string, labelName: string, attributes: Record<string, unknown> = {}) => {
    const response = await page.request.post(`/api/documents/${documentId}/annotations`, {
      data: { id: uuidv7(), labelId: label(labelName), ...span(text, needle), attributes },
    });
    expect(response.status(), await response.text()).toBe(201);
    return (await response.json()).id as string;
  };
  const kimFirst = await tag(firstId, FIRST, "Kim Jong Un", "Person");
  const kimSecond = await tag(secondId, SECOND, "Kim Jong Un", "Person");

  // Create the canonical entity on the knowledge page.
  await page.goto(`/projects/${projectId}/knowledge`);
  await page.getByRole("navigation", { name: "Project" }).getByRole("button", { name: "Annotate · Knowledge base" }).click();
  await expect(page.getByRole("link", { name: "Knowledge base", exact: true })).toHaveAttribute("aria-current", "page");
  await page.getByLabel("Name", { exact: true }).fill("Kim Jong Un");
  await page.getByLabel("Aliases").fill("the Supreme Leader");
  await page.getByRole("button", { name: "Add to knowledge base" }).click();
  await expect(page.getByRole("status")).toContainText("Added Kim Jong Un");
  const { items } = await (await page.request.get(`/api/projects/${projectId}/knowledge?kind=ENTITY`)).json();
  expect(items).toHaveLength(1);
  const kimId = items[0].id as string;
  expect(items[0].aliases).toEqual(["the Supreme Leader"]);

  // "Link to…": the candidates for a differently written mention, then link both mentions.
  const candidates = await (await page.request.get(`/api/projects/${projectId}/knowledge/candidates?q=${encodeURIComponent("Kim Jong-un")}&kind=ENTITY`)).json();
  expect(candidates.candidates[0]).toMatchObject({ id: kimId, match: "exact" });
  for (const annotationId of [kimFirst, kimSecond]) {
    const linked = await page.request.put(`/api/annotations/${annotationId}/canonical`, { data: { canonicalId: kimId } });
    expect(linked.status(), await linked.text()).toBe(200);
    expect((await linked.json()).annotation).toMatchObject({ id: annotationId, canonicalId: kimId, version: 1 });
  }

  // The entity page: both mentions, in context, with both documents.
  await page.reload();
  const row = page.getByRole("row", { name: /Kim Jong Un/ });
  await expect(row).toContainText("2");
  await row.getByRole("link", { name: "Kim Jong Un" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Kim Jong Un" })).toBeVisible();
  await expect(page.getByTestId("mention-count")).toHaveText("2");
  const mentions = page.getByRole("table", { name: "Mentions" });
  await expect(mentions.getByRole("row")).toHaveCount(3);
  await expect(mentions).toContainText(`Knowledge ${owner.name}`);
  await expect(mentions).toContainText("A year later");
  await expect(mentions.getByRole("row", { name: /A year later/ })).toContainText("recalled the talks");
  const documents = page.getByRole("list", { name: "Documents it occurs in" });
  await expect(documents.getByRole("link")).toHaveText(["A year later", `Knowledge ${owner.name}`]);
  await expect(mentions.getByRole("link", { name: "Open in context" }).first()).toHaveAttribute("href", `/documents/${secondId}?annotation=${kimSecond}`);

  // A dated event, created on the knowledge page, with a mention whose participant is Kim.
  await page.goto(`/projects/${projectId}/knowledge`);
  await page.getByLabel("Kind").selectOption("EVENT");
  await page.getByLabel("Name", { exact: true }).fill("Vladivostok summit");
  await page.getByLabel("Date").fill("2019-04-25");
  await page.getByRole("button", { name: "Add to knowledge base" }).click();
  await expect(page.getByRole("status")).toContainText("Added Vladivostok summit");
  const events = (await (await page.request.get(`/api/projects/${projectId}/knowledge?kind=EVENT`)).json()).items;
  const summitId = events[0].id as string;
  const meeting = await tag(firstId, FIRST, "Kim Jong Un met Vladimir Putin in Vladivostok", "Meeting/Visit", { participantIds: [kimFirst] });
  expect((await page.request.put(`/api/annotations/${meeting}/canonical`, { data: { canonicalId: summitId } })).status()).toBe(200);
  // A person cannot be linked to an event.
  expect((await page.request.put(`/api/annotations/${kimFirst}/canonical`, { data: { canonicalId: summitId } })).status()).toBe(409);

  await openProjectPage(page, "Analyse", "Timeline");
  const timeline = page.getByRole("list", { name: "Events in time order" });
  await expect(timeline.getByRole("button", { name: "Vladivostok summit" })).toBeVisible();
  await expect(timeline).toContainText("25 April 2019");
  await page.getByLabel("Participant").selectOption({ label: "Kim Jong Un" });
  await timeline.getByRole("button", { name: "Vladivostok summit" }).click();
  await expect(timeline.getByRole("link", { name: `Knowledge ${owner.name}` })).toHaveAttribute("href", `/documents/${firstId}?annotation=${meeting}`);

  // A claim repeated in both articles, grouped under one canonical claim.
  const claim = await page.request.post(`/api/projects/${projectId}/knowledge`, { data: { kind: "CLAIM", name: "DPRK–Russia friendship keeps developing" } });
  expect(claim.status()).toBe(201);
  const claimId = (await claim.json()).id as string;
  for (const [documentId, text, needle] of [
    [firstId, FIRST, "The friendship between the two countries is developing"],
    [secondId, SECOND, "DPRK-Russia friendship keeps developing"],
  ]) {
    const id = await tag(documentId, text, needle, "Claim", needle.startsWith("DPRK") ? { claimantText: "KCNA" } : {});
    expect((await page.request.put(`/api/annotations/${id}/canonical`, { data: { canonicalId: claimId } })).status()).toBe(200);
  }
  await openProjectPage(page, "Analyse", "Claims");
  const tracked = page.getByRole("list", { name: "Claims, the most repeated first" }).getByRole("listitem").first();
  await expect(tracked).toContainText("DPRK–Russia friendship keeps developing");
  await expect(tracked).toContainText("2 documents, 2 mentions");
  await expect(tracked).toContainText("since 2020-04-25");
  await expect(tracked).toContainText("KCNA");

  // A newly imported article: the known leader is suggested (the import queues a suggestions job;
  // the scan is also a button on the knowledge page), and accepting makes a linked annotation.
  const third = await page.request.post(`/api/projects/${projectId}/documents`, { data: { documents: [{ text: THIRD, title: "Greetings" }] } });
  expect(third.status()).toBe(201);
  const thirdId = (await third.json()).report[0].documentId as string;
  await page.goto(`/projects/${projectId}/knowledge`);
  await page.getByRole("button", { name: "Find mentions in all documents" }).click();
  await expect(page.getByRole("status").filter({ hasText: "suggestion" })).toBeVisible();
  const { suggestions } = await (await page.request.get(`/api/documents/${thirdId}/suggestions`)).json();
  expect(suggestions).toHaveLength(1);
  expect(suggestions[0]).toMatchObject({ ...span(THIRD, "KIM JONG UN"), item: { id: kimId, name: "Kim Jong Un" }, label: { name: "Person" } });
  const accepted = await page.request.post(`/api/suggestions/${suggestions[0].id}`, { data: { decision: "accept" } });
  expect(accepted.status(), await accepted.text()).toBe(200);
  expect((await accepted.json()).annotation).toMatchObject({ exact: "KIM JONG UN", canonicalId: kimId });
  expect((await page.request.post(`/api/suggestions/${suggestions[0].id}`, { data: { decision: "reject" } })).status()).toBe(409);
  expect((await (await page.request.get(`/api/documents/${thirdId}/suggestions`)).json()).suggestions).toEqual([]);
});

test("in the viewer: link a mention to a new knowledge-base entity, then accept a suggestion of it in a new article with one key", async ({ page, request }) => {
  const owner = newUser("kbv");
  await signUpViaApi(request, owner);
  await signIn(page, owner);
  const text = "Kim Jong Un met Vladimir Putin.";
  const { projectId, documentId } = await projectWithDocument(page, `Viewer KB ${owner.name}`, text);
  const label = await labelIds(page, projectId);
  const made = await page.request.post(`/api/documents/${documentId}/annotations`, { data: { id: uuidv7(), labelId: label("Person"), ...span(text, "Kim Jong Un") } });
  const kimId = (await made.json()).id as string;

  await page.goto(`/documents/${documentId}?annotation=${kimId}`);
  const knowledge = page.getByTestId("annotation-knowledge");
  await expect(knowledge).toContainText("Not linked to an entity of the knowledge base");
  await expect(knowledge.getByLabel("Find in the knowledge base")).toHaveValue("Kim Jong Un");
  await knowledge.getByRole("button", { name: "Add “Kim Jong Un” and link" }).click();
  await expect(knowledge.getByRole("link", { name: "Kim Jong Un" })).toBeVisible();

  // A new article: the known entity is suggested; A accepts it as an annotation linked to the entity.
  const later = "🇷🇺 Later, Kim Jong Un visited Moscow.";
  const imported = await page.request.post(`/api/projects/${projectId}/documents`, { data: { documents: [{ text: later, title: "Later" }] } });
  const laterId = (await imported.json()).report[0].documentId as string;
  await page.goto(`/documents/${laterId}`);
  // The knowledge base is one recommender among the others: one list, and the string matcher's
  // proposal of the same span as Person is not listed a second time.
  const suggestion = page.getByRole("listitem", { name: "Proposal: “Kim Jong Un” is Kim Jong Un (Person), by the knowledge base" });
  await expect(suggestion).toBeVisible();
  await expect(page.getByRole("listitem", { name: /“Kim Jong Un”/ })).toHaveCount(1);
  await suggestion.focus();
  await page.keyboard.press("a");
  await expect(page.getByRole("heading", { name: "Proposed by recommenders (0)" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Accepted “Kim Jong Un” (Kim Jong Un, from the knowledge base)." })).toBeVisible();
  const annotations = (await (await page.request.get(`/api/documents/${laterId}/annotations`)).json()).annotations as { exact: string; start: number; canonicalId: string }[];
  expect(annotations).toHaveLength(1);
  expect(annotations[0]).toMatchObject({ exact: "Kim Jong Un", start: [...later.slice(0, later.indexOf("Kim"))].length });
  expect(annotations[0].canonicalId).toBeTruthy();
  // Suggestions never leave as annotations of their own: the export holds just the accepted one.
  const jsonl = await (await page.request.get(`/api/projects/${projectId}/export?format=jsonl&layers=mixed&documents=${laterId}`)).text();
  expect(JSON.parse(jsonl.trim()).label).toHaveLength(1);

  // The knowledge base is a recommender like the others: its own card on the settings page (no
  // score to set, nothing to remove) and its figures there and on the dashboard.
  await page.goto(`/projects/${projectId}/settings`);
  const card = page.getByRole("region", { name: "Knowledge base", exact: true });
  await expect(card.getByRole("table", { name: "Results of Knowledge base" }).getByRole("row", { name: /Person/ }).getByRole("cell")).toHaveText(["Person", "1", "1", "0", "100%"]);
  await expect(card.getByLabel("Minimum score")).toHaveCount(0);
  await expect(card.getByRole("button", { name: "Remove" })).toHaveCount(0);
  await page.goto(`/projects/${projectId}/dashboard`);
  const dashboard = page.getByRole("table", { name: "Recommender results" });
  await expect(dashboard.getByRole("row", { name: /Knowledge base/ }).getByRole("cell")).toHaveText(["Person", "1", "1", "0", "100%"]);
  // Switched off, it offers nothing.
  const third = await page.request.post(`/api/projects/${projectId}/documents`, { data: { documents: [{ text: "Kim Jong Un returned.", title: "Third" }] } });
  const thirdId = (await third.json()).report[0].documentId as string;
  const offered = async () => ((await (await page.request.get(`/api/documents/${thirdId}/suggestions`)).json()).suggestions as unknown[]).length;
  await expect.poll(offered).toBe(1);
  await page.goto(`/projects/${projectId}/settings`);
  await card.getByLabel("On", { exact: true }).uncheck();
  await card.getByRole("button", { name: "Save" }).click();
  await expect(card.getByText("Saved.")).toBeVisible();
  expect(await offered()).toBe(0);
});
