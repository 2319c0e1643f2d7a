import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { createProject, newUser, signIn, signUpViaApi } from "./fixtures";

const CORPUS = path.resolve(import.meta.dirname, "..", "prisma", "seed", "corpus");

/** A news page as a browser saves it: navigation, a cookie banner, the article, related links, a footer. */
const SAVED_PAGE = `<!doctype html><html lang="en"><head><title>Rail link opens | Example Daily</title>
<meta property="og:title" content="Rail link opens between Tumangang and Khasan">
<meta property="og:site_name" content="Example Daily">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2024-06-21T09:00:00Z">
<link rel="canonical" href="https://daily.example.org/2024/06/rail-link"></head>
<body><div class="cookie-banner">We use cookies. <button>Accept</button></div>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Rail link opens between Tumangang and Khasan</h1>
<p>A renewed rail link between Tumangang and Khasan opened on Friday, officials of both countries said at a ceremony near the border.</p>
<p>The line will carry freight and, from next year, passengers between the two countries, according to the transport ministries.</p>
<p>Both governments described the opening as a sign of the growing cooperation agreed at the summit earlier this month in Pyongyang.</p></article>
<aside><h2>Related</h2><ul><li><a href="/x">Trade rises again</a></li></ul></aside>
<footer>© 2024 Example Daily</footer></body></html>`;

test("the five sample articles and a saved web page come in with titles, publishers and dates; one title is corrected before import", async ({ page, request }) => {
  const owner = newUser("corpus");
  await signUpViaApi(request, owner);
  await signIn(page, owner);
  const projectId = await createProject(page, `Corpus ${owner.name}`);

  const files = fs.readdirSync(CORPUS).filter((f) => f.endsWith(".txt")).sort();
  await page.getByLabel("Files to import").setInputFiles([
    ...files.map((name) => ({ name, mimeType: "text/plain", buffer: fs.readFileSync(path.join(CORPUS, name)) })),
    { name: "rail-link.html", mimeType: "text/html", buffer: Buffer.from(SAVED_PAGE) },
  ]);
  await page.getByRole("button", { name: "Preview import" }).click();

  // Article 002: the site's header lines are offered for cutting, and the metadata is found in the text.
  const article = page.getByRole("group", { name: /Metadata for 002_/ });
  await expect(article.getByLabel("Title")).toHaveValue("Korea-Russia Friendship Gains Momentum on the Road of Independence and Justice");
  await expect(article.getByLabel("Publisher")).toHaveValue("Ministry of Foreign Affairs");
  await expect(article.getByLabel("Published")).toHaveValue("2024-08-04");
  await expect(article.getByText(/From the line “Date: 04\/08\/2024.*read as 4 August: the text mentions August 4/)).toBeVisible();
  await expect(page.getByLabel("Cut the site's lines at the top (3 lines)")).toBeChecked();
  const page001 = page.getByRole("group", { name: /Metadata for 001_/ });
  await expect(page001.getByLabel("Publisher")).toHaveValue("Rodong Sinmun");
  await expect(page001.getByLabel("Published")).toHaveValue("2020-04-23");
  const html = page.getByRole("group", { name: "Metadata for rail-link.html — found in the text; correct anything before importing" });
  await expect(html.getByLabel("Title")).toHaveValue("Rail link opens between Tumangang and Khasan");
  await expect(html.getByLabel("Author")).toHaveValue("Jane Roe");
  await expect(html.getByLabel("Published")).toHaveValue("2024-06-21");
  await expect(html.getByLabel("Source URL")).toHaveValue("https://daily.example.org/2024/06/rail-link");

  // Article 000 has no headline: the proposal is the start of its first sentence; the researcher corrects it.
  const first = page.getByRole("group", { name: /Metadata for 000_/ });
  await expect(first.getByLabel("Title")).toHaveValue(/^April 25 is a meaningful day .*…$/);
  await first.getByLabel("Title").fill("5th anniversary of the first DPRK–Russia summit");
  // A date that is not one is explained next to nothing written.
  await first.getByLabel("Published").fill("25 April");
  await page.getByRole("button", { name: "Import 6 documents" }).click();
  await expect(page.getByRole("region", { name: "Import documents" }).getByRole("alert")).toContainText('for "000_ae8d796d95327752.txt", publishedOn: not a date like 2019, 2019-04 or 2019-04-25');
  let list = await (await page.request.get(`/api/projects/${projectId}/documents`)).json();
  expect(list.documents).toEqual([]);

  await page.getByRole("button", { name: "Preview import" }).click();
  await page.getByRole("group", { name: /Metadata for 000_/ }).getByLabel("Title").fill("5th anniversary of the first DPRK–Russia summit");
  await page.getByRole("button", { name: "Import 6 documents" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Imported 6/ })).toBeVisible();

  const table = page.getByRole("table");
  for (const title of ["5th anniversary of the first DPRK–Russia summit", "Historic DPRK-Russia milestone", "DPRK, Russia promote traditional friendship", "Rail link opens between Tumangang and Khasan"]) {
    await expect(table.getByRole("link", { name: title })).toBeVisible();
  }
  list = await (await page.request.get(`/api/projects/${projectId}/documents`)).json();
  const byTitle = Object.fromEntries(list.documents.map((d: { title: string }) => [d.title, d]));
  expect(byTitle["5th anniversary of the first DPRK–Russia summit"]).toMatchObject({ publishedOn: "2024-04-25" });
  expect(byTitle["DPRK, Russia promote traditional friendship"]).toMatchObject({ publisher: "The Pyongyang Times", publishedOn: "2022-10-12" });

  // The document page: the text starts at the headline; the cut lines and the web page are kept alongside.
  await table.getByRole("link", { name: "Korea-Russia Friendship Gains Momentum on the Road of Independence and Justice" }).click();
  await expect(page.getByTestId("document-text")).not.toContainText("Read original version at source");
  await page.getByText("Show the original text as imported, before trimming").click();
  await expect(page.getByText(/July 05, 2025Jul 05, 2025/)).toBeVisible();
  await page.goto(`/projects/${projectId}`);
  await page.getByRole("table").getByRole("link", { name: "Rail link opens between Tumangang and Khasan" }).click();
  await expect(page.getByText("Author: Jane Roe")).toBeVisible();
  await expect(page.getByTestId("document-text")).not.toContainText("cookies");
  await page.getByText("Show the source of the web page this text was read from").click();
  await expect(page.getByText(/<meta name="author" content="Jane Roe">/)).toBeVisible();
});
