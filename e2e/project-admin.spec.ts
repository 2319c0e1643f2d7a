import { expect, test, type Page } from "@playwright/test";
import { addMember, createProject, newUser, signedInPage, signIn, signUpViaApi, openProjectPage } from "./fixtures";

/** On the members page: invites `email` and waits for the link to show. */
async function inviteThroughPage(page: Page, email: string, role: string) {
  const form = page.getByRole("form", { name: "Invite someone" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Role").selectOption(role);
  await form.getByRole("button", { name: "Create invitation link" }).click();
  await expect(page.getByRole("heading", { name: `Invitation for ${email}` })).toBeVisible();
  await expect(page.getByLabel("Invitation link")).toHaveValue(/\/invitations\/[A-Za-z0-9_-]{43}$/);
}

test("an owner manages members and the label scheme; a label in use cannot be deleted", async ({ page, request, browser }) => {
  const owner = newUser("own");
  const colleague = newUser("col");
  await signUpViaApi(request, owner);
  await signUpViaApi(request, colleague);
  await signIn(page, owner);
  const projectId = await createProject(page, `Admin ${owner.name}`);

  await openProjectPage(page, "Manage", "Members");
  await inviteThroughPage(page, colleague.email, "ANNOTATOR");
  const colleaguePage = await (await browser.newContext()).newPage();
  await signIn(colleaguePage, colleague);
  await colleaguePage.goto(await page.getByLabel("Invitation link").inputValue());
  await colleaguePage.getByRole("button", { name: `Join Admin ${owner.name}` }).click();
  await expect(colleaguePage).toHaveURL(new RegExp(`/projects/${projectId}$`));
  await page.reload();
  await expect(page.getByRole("cell", { name: colleague.email })).toBeVisible();
  await page.getByLabel(`Role of ${colleague.name}`).selectOption("CURATOR");
  await expect(page.getByText(`${colleague.name} is now curator.`)).toBeVisible();
  // The only owner cannot demote themselves.
  await page.getByLabel(`Role of ${owner.name}`).selectOption("VIEWER");
  await expect(page.getByRole("main").getByRole("alert")).toContainText("at least one owner");

  await openProjectPage(page, "Manage", "Label scheme");
  for (const heading of ["Claims", "Events", "Entities"]) await expect(page.getByRole("heading", { name: heading })).toBeVisible();
  await page.getByRole("button", { name: "Edit Person" }).click();
  await page.getByLabel("Name", { exact: true }).fill("Person or title");
  await page.getByRole("radio", { name: "violet" }).check({ force: true });
  await page.getByRole("button", { name: "Save label" }).click();
  await expect(page.getByText("Person or title", { exact: true })).toBeVisible();

  // Tag something with "Person or title" through the API, then try to delete the label.
  const imported = await page.request.post(`/api/projects/${projectId}/documents`, { data: { documents: [{ text: "Kim Jong Un met Vladimir Putin." }] } });
  const documentId = (await imported.json()).report[0].documentId;
  const labels = (await (await page.request.get(`/api/projects/${projectId}/labels`)).json()).labels;
  const person = labels.find((l: { name: string }) => l.name === "Person or title");
  expect(person.color).toBe("#c4b5fd");
  const id = "01936b7e-0000-7000-8000-" + Date.now().toString(16).padStart(12, "0").slice(-12);
  const created = await page.request.post(`/api/documents/${documentId}/annotations`, { data: { id, labelId: person.id, start: 0, end: 11, exact: "Kim Jong Un" } });
  expect(created.status()).toBe(201);
  await page.reload();
  await expect(page.getByText("used 1 time", { exact: true })).toBeVisible();
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Delete Person or title" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText('"Person or title" is used by 1 annotation(s) and cannot be removed');
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Delete Other entity" }).click();
  await expect(page.getByText("Other entity", { exact: true })).toHaveCount(0);
});

test("invitations: the same answer with or without an account, sign up through the link, wrong account, revoked link", async ({ page, request, browser }) => {
  const owner = newUser("own");
  const member = newUser("mem");
  const newcomer = newUser("new");
  await signUpViaApi(request, owner);
  await signUpViaApi(request, member);
  await signIn(page, owner);
  const name = `Invites ${owner.name}`;
  const projectId = await createProject(page, name);
  await page.goto(`/projects/${projectId}/members`);

  // An address with an account and one without get the same: a link, listed with role and expiry.
  await inviteThroughPage(page, member.email, "VIEWER");
  const memberLink = await page.getByLabel("Invitation link").inputValue();
  await inviteThroughPage(page, newcomer.email, "ANNOTATOR");
  const newcomerLink = await page.getByLabel("Invitation link").inputValue();
  const open = page.getByRole("table").filter({ has: page.getByRole("columnheader", { name: "Expires" }) });
  await expect(open.getByRole("row")).toHaveCount(3);
  await expect(open.getByRole("row", { name: member.email })).toContainText("viewer");
  await expect(open.getByRole("row", { name: newcomer.email })).toContainText("annotator");

  // The member's link opened by someone signed in with another address cannot be accepted.
  const stranger = newUser("str");
  await signUpViaApi(request, stranger);
  const strangerPage = await (await browser.newContext()).newPage();
  await signIn(strangerPage, stranger);
  await strangerPage.goto(memberLink);
  await expect(strangerPage.getByRole("main").getByRole("alert")).toContainText(`This invitation is for ${member.email}`);
  await expect(strangerPage.getByRole("button", { name: `Join ${name}` })).toHaveCount(0);

  // A newcomer opens the link signed out, signs up with the address filled in, and lands in the project.
  const newcomerPage = await (await browser.newContext()).newPage();
  await newcomerPage.goto(newcomerLink);
  await expect(newcomerPage.getByRole("heading", { name: `Join ${name}` })).toBeVisible();
  await newcomerPage.getByRole("link", { name: "Create an account" }).click();
  await expect(newcomerPage.getByLabel("Email")).toHaveValue(newcomer.email);
  await newcomerPage.getByLabel("Name").fill(newcomer.name);
  await newcomerPage.getByLabel("Password").fill(newcomer.password);
  await newcomerPage.getByRole("button", { name: "Create account" }).click();
  await expect(newcomerPage).toHaveURL(new RegExp(`/projects/${projectId}$`));

  // Revoked: the link says so, and the list no longer shows it.
  await page.reload();
  await page.getByRole("button", { name: `Revoke invitation for ${member.email}` }).click();
  await expect(page.getByText(`The invitation for ${member.email} was revoked.`)).toBeVisible();
  await expect(page.getByRole("row", { name: member.email })).toHaveCount(0);
  await expect(page.getByRole("cell", { name: newcomer.email })).toBeVisible();
  const memberPage = await (await browser.newContext()).newPage();
  await memberPage.goto(memberLink);
  await expect(memberPage.getByRole("heading", { name: "Invitation revoked" })).toBeVisible();
  await signIn(memberPage, member);
  await memberPage.goto(memberLink);
  await expect(memberPage.getByRole("main").getByRole("alert")).toContainText("revoked by the project's owner");
  expect((await memberPage.request.get(`/api/projects/${projectId}`)).status()).toBe(404);
});

test("members' email addresses: owners and curators see them on the Members page; an annotator who opens it by its address sees names and roles, and only their own address", async ({ page, request, browser }) => {
  const owner = newUser("own");
  const curator = newUser("cur");
  const annotator = newUser("ann");
  for (const u of [owner, curator, annotator]) await signUpViaApi(request, u);
  await signIn(page, owner);
  const projectId = await createProject(page, `Addresses ${owner.name}`);
  await addMember(page, projectId, curator, "CURATOR");
  await addMember(page, projectId, annotator, "ANNOTATOR");

  const table = (p: Page) => p.getByRole("table", { name: "Project members" });
  await page.goto(`/projects/${projectId}/members`);
  for (const u of [owner, curator, annotator]) await expect(table(page).getByRole("cell", { name: u.email })).toBeVisible();
  const curatorPage = await signedInPage(browser, curator);
  await curatorPage.goto(`/projects/${projectId}/members`);
  for (const u of [owner, curator, annotator]) await expect(table(curatorPage).getByRole("cell", { name: u.email })).toBeVisible();

  const annotatorPage = await signedInPage(browser, annotator);
  await annotatorPage.goto(`/projects/${projectId}/members`);
  await expect(table(annotatorPage).getByRole("row")).toHaveCount(4);
  for (const u of [owner, curator]) await expect(table(annotatorPage).getByRole("row", { name: new RegExp(u.name) })).toBeVisible();
  await expect(table(annotatorPage).getByRole("columnheader", { name: "Email" })).toHaveCount(0);
  const html = await annotatorPage.content();
  for (const u of [owner, curator]) expect(html).not.toContain(u.email);
  const api = (await (await annotatorPage.request.get(`/api/projects/${projectId}/members`)).json()).members as { name: string; email?: string }[];
  expect(api.map((m) => m.email ?? null)).toEqual([null, null, annotator.email]);
  await curatorPage.context().close();
  await annotatorPage.context().close();
});
