import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { expectHighlight, newUser, projectWithDocument, selectText, signIn, signUpViaApi } from "./fixtures";

const TEXT = "Kim Jong Un met Vladimir Putin in Vladivostok.\n\nThe talks were historic.";

/** A new member with a project of their own holding TEXT, its document open in the viewer and live. */
async function openAsNewMember(page: Page, request: APIRequestContext, name: string, project: string) {
  const user = newUser(name);
  await signUpViaApi(request, user);
  await signIn(page, user);
  const { documentId } = await projectWithDocument(page, `${project} ${user.name}`, TEXT);
  await page.goto(`/documents/${documentId}`);
  await expect(page.getByTestId("live-status")).toHaveText("Live");
  return { documentId };
}

// A change is painted the moment it is made and stored in the outbox (IndexedDB) beside it; the
// outbox guarantee holds: a change the browser cannot store is taken back, said so, and never sent.
test("a tag the browser cannot store is taken back with a message and never reaches the server; the next one is kept", async ({ page, request }) => {
  const { documentId } = await openAsNewMember(page, request, "unstored", "Unstored");

  // Every outbox write aborts after its request succeeded, as a full disk or a closing browser does.
  await page.evaluate(() => {
    const w = window as unknown as { realPut?: IDBObjectStore["put"] };
    w.realPut = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore["put"]>) {
      const req = w.realPut!.apply(this, args);
      const tx = this.transaction;
      req.addEventListener("success", () => tx.abort());
      return req;
    };
  });
  await selectText(page, "Vladivostok");
  await page.keyboard.press("p");
  await expect(page.getByTestId("unstored-change")).toContainText("could not be stored in this browser");
  await expectHighlight(page, "Vladivostok", { present: false });
  await expect(page.getByRole("list", { name: "Annotation list" }).getByRole("listitem")).toHaveCount(0);
  await expect(page.getByTestId("save-status")).toHaveText("All changes saved");
  expect((await (await page.request.get(`/api/documents/${documentId}/annotations`)).json()).annotations).toEqual([]);

  // Storage works again: the next tag is painted, kept and saved.
  await page.evaluate(() => {
    IDBObjectStore.prototype.put = (window as unknown as { realPut: IDBObjectStore["put"] }).realPut;
  });
  await selectText(page, "Kim Jong Un");
  await page.keyboard.press("p");
  await expectHighlight(page, "Kim Jong Un");
  await expect(page.getByTestId("save-status")).toHaveText("All changes saved");
  const saved = (await (await page.request.get(`/api/documents/${documentId}/annotations`)).json()).annotations as { exact: string }[];
  expect(saved.map((a) => a.exact)).toEqual(["Kim Jong Un"]);
});

// Issue 15: "one frame per action". A tag and a delete are painted in the task of the keypress
// itself, before the page renders anything else (the annotations live outside React state and the
// painter listens to them); the list and the details panel follow after that frame.
test("a tag and a delete by key are painted in the keypress's own task; the list and the details follow", async ({ page, request }) => {
  const { documentId } = await openAsNewMember(page, request, "oneframe", "One frame");

  // What the browser was given to paint by the time the key's event returns, before any later task or microtask.
  const paintedInTask = (key: string, text: string) =>
    page.locator(".viewer-text").evaluate(
      (root, [key, text]) => {
        const heard: string[] = [];
        const listen = (e: Event) => {
          const d = (e as CustomEvent<{ added: string[]; changed: string[]; removed: string[] }>).detail;
          heard.push(...d.added.map(() => "added"), ...d.removed.map(() => "removed"));
        };
        root.addEventListener("highlightschange", listen);
        root.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true }));
        root.removeEventListener("highlightschange", listen);
        const ranges = [...CSS.highlights].filter(([name]) => !/-(selected|flash)$/.test(name)).flatMap(([, h]) => [...h] as (AbstractRange & { annotationId?: string })[]);
        const shown = (r: AbstractRange) => {
          const live = document.createRange();
          live.setStart(r.startContainer, r.startOffset);
          live.setEnd(r.endContainer, r.endOffset);
          return live.toString();
        };
        return { heard, painted: ranges.some((r) => r.annotationId && shown(r) === text) };
      },
      [key, text] as const,
    );

  await selectText(page, "Vladivostok");
  await expect(page.getByRole("toolbar", { name: "Tag the selection" })).toBeVisible();
  expect(await paintedInTask("p", "Vladivostok")).toEqual({ heard: ["added"], painted: true });
  // The list and the details of the new annotation follow.
  await expect(page.getByRole("list", { name: "Annotation list" }).getByRole("button", { name: /“Vladivostok”/ })).toBeVisible();
  await expect(page.getByTestId("annotation-details")).toContainText("Vladivostok");
  await expect(page.getByTestId("save-status")).toHaveText("All changes saved");

  // Relabelled in the details panel: repainted in the change's own task, the dropdown showing the
  // label chosen throughout; the rest of the panel renders after that frame, then shows it too.
  const details = page.getByTestId("annotation-details");
  const labelSelect = details.getByRole("combobox", { name: "Label" });
  const relabel = await labelSelect.evaluate((select: HTMLSelectElement) => {
    const root = document.querySelector(".viewer-text")!;
    const panel = document.querySelector('[data-testid="annotation-details"]')!;
    const before = panel.textContent;
    const next = [...select.options].find((o) => o.value !== select.value)!;
    const heard: string[] = [];
    const listen = (e: Event) => heard.push(...(e as CustomEvent<{ changed: string[] }>).detail.changed.map(() => "changed"));
    root.addEventListener("highlightschange", listen);
    select.value = next.value;
    select.dispatchEvent(new Event("change", { bubbles: true }));
    root.removeEventListener("highlightschange", listen);
    return { heard, chosenShown: select.value === next.value, panelRendered: panel.textContent !== before, next: next.value, name: next.textContent!.split(": ")[1] };
  });
  expect(relabel).toMatchObject({ heard: ["changed"], chosenShown: true, panelRendered: false });
  await expect(labelSelect).toHaveValue(relabel.next);
  await expect(details).toContainText(`${relabel.name} by`);
  await expect(page.getByTestId("save-status")).toHaveText("All changes saved");

  // Deleted with the Delete key: gone from the text in that same task, then from the list and the panel.
  await page.locator(".viewer-text").focus();
  expect(await paintedInTask("Delete", "Vladivostok")).toEqual({ heard: ["removed"], painted: false });
  await expect(page.getByRole("list", { name: "Annotation list" }).getByRole("listitem")).toHaveCount(0);
  await expect(page.getByTestId("annotation-details")).toHaveCount(0);
  await expect(page.getByTestId("save-status")).toHaveText("All changes saved");
  expect((await (await page.request.get(`/api/documents/${documentId}/annotations`)).json()).annotations).toEqual([]);
});

test("two choices in the details panel before it has rendered the first both stay: the second builds on the first", async ({ page, request }) => {
  const { documentId } = await openAsNewMember(page, request, "twochoices", "Two choices");
  await selectText(page, "Vladivostok");
  await expect(page.getByRole("toolbar", { name: "Tag the selection" })).toBeVisible();
  await page.keyboard.press("c");
  const details = page.getByTestId("annotation-details");
  const stance = details.getByRole("combobox", { name: "Stance toward the subject" });
  const modality = details.getByRole("combobox", { name: "Modality" });
  await expect(stance).toBeVisible();
  await expect(page.getByTestId("save-status")).toHaveText("All changes saved");
  // Both in one task: the panel renders a change after its frame, so it has not shown the first yet.
  await page.evaluate(
    ([a, b]) => {
      for (const [select, value] of [[a, "critical"], [b, "predictive"]] as const) {
        select.value = value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
    },
    [(await stance.elementHandle()) as unknown as HTMLSelectElement, (await modality.elementHandle()) as unknown as HTMLSelectElement] as const,
  );
  await expect(stance).toHaveValue("critical");
  await expect(modality).toHaveValue("predictive");
  await expect(page.getByTestId("save-status")).toHaveText("All changes saved");
  const saved = (await (await page.request.get(`/api/documents/${documentId}/annotations`)).json()).annotations;
  expect(saved).toHaveLength(1);
  expect(saved[0].attributes).toMatchObject({ stance: "critical", modality: "predictive" });
});

test("a second span selected and tagged before the first tag's frame is tagged too; the same span twice is not", async ({ page, request }) => {
  const { documentId } = await openAsNewMember(page, request, "quicktags", "Quick tags");
  // All in one task, as a fast hand on a busy machine does it within one frame.
  await page.locator(".viewer-text").evaluate((root) => {
    const select = (word: string) => {
      const p = [...root.querySelectorAll("p")].find((p) => p.textContent!.includes(word))!;
      const at = p.textContent!.indexOf(word);
      const range = document.createRange();
      range.setStart(p.firstChild!, at);
      range.setEnd(p.firstChild!, at + word.length);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    };
    const press = (key: string) => root.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true }));
    (root as HTMLElement).focus();
    select("Vladivostok");
    press("l");
    press("l");
    select("Putin");
    press("p");
  });
  await expect(page.getByTestId("save-status")).toHaveText("All changes saved");
  const saved = (await (await page.request.get(`/api/documents/${documentId}/annotations`)).json()).annotations as { exact: string }[];
  expect(saved.map((a) => a.exact).sort()).toEqual(["Putin", "Vladivostok"]);
});
