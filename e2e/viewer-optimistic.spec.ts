import { expect, test } from "@playwright/test";
import { expectHighlight, newUser, projectWithDocument, selectText, signIn, signUpViaApi } from "./fixtures";

const TEXT = "Kim Jong Un met Vladimir Putin in Vladivostok.\n\nThe talks were historic.";

// A change is painted the moment it is made and stored in the outbox (IndexedDB) beside it; the
// outbox guarantee holds: a change the browser cannot store is taken back, said so, and never sent.
test("a tag the browser cannot store is taken back with a message and never reaches the server; the next one is kept", async ({ page, request }) => {
  const user = newUser("unstored");
  await signUpViaApi(request, user);
  await signIn(page, user);
  const { documentId } = await projectWithDocument(page, `Unstored ${user.name}`, TEXT);
  await page.goto(`/documents/${documentId}`);
  await expect(page.getByTestId("live-status")).toHaveText("Live");

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
