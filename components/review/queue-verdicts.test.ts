import { expect, test } from "vitest";
import { matchesFilters, withLaterVerdicts, type GivenVerdict } from "@/components/review/queue-verdicts";

type Card = { id: string; documentId: string; reviewState: string; label: { id: string }; author: { id: string } };
const card = (id: string, author: string, reviewState = "PENDING"): Card => ({ id, documentId: "d1", reviewState, label: { id: "person" }, author: { id: author } });
const ALL_PENDING = { state: "PENDING", documentId: "", labelId: "", authorId: "" };
const BRUNO_PENDING = { ...ALL_PENDING, authorId: "bruno" };
const accepted = (c: Card, load: number): GivenVerdict<Card> => ({ before: c, after: { ...c, reviewState: "ACCEPTED" }, load });

const [kimA, vladA, kimB, vladB] = [card("kim-a", "amina"), card("vlad-a", "amina"), card("kim-b", "bruno"), card("vlad-b", "bruno")];
const shown = [kimA, vladA, kimB, vladB];

test("a list asked for before a verdict, answered with the card still pending, shows the verdict", () => {
  const list = withLaterVerdicts([kimB, vladB], 2, [accepted(vladB, 2)], shown, BRUNO_PENDING);
  expect(list.map((c) => [c.id, c.reviewState])).toEqual([["kim-b", "PENDING"], ["vlad-b", "ACCEPTED"]]);
});

test("a list asked for before a verdict, answered without the card (the server saw the verdict), keeps the decided card where it stood", () => {
  expect(withLaterVerdicts([kimB], 2, [accepted(vladB, 2)], shown, BRUNO_PENDING).map((c) => [c.id, c.reviewState])).toEqual([["kim-b", "PENDING"], ["vlad-b", "ACCEPTED"]]);
  expect(withLaterVerdicts([kimB], 2, [accepted(kimA, 2)], shown, ALL_PENDING).map((c) => c.id)).toEqual(["kim-a", "kim-b"]);
  expect(withLaterVerdicts([kimA, kimB], 2, [accepted(vladA, 2)], shown, ALL_PENDING).map((c) => c.id)).toEqual(["kim-a", "vlad-a", "kim-b"]);
});

test("a card the filters leave out stays out, decided or not", () => {
  expect(withLaterVerdicts([kimB, vladB], 2, [accepted(vladA, 2)], shown, BRUNO_PENDING).map((c) => c.id)).toEqual(["kim-b", "vlad-b"]);
  // Asked for the rejected ones: a pending card just accepted was never one of them.
  expect(withLaterVerdicts([], 2, [accepted(vladB, 2)], shown, { ...ALL_PENDING, state: "REJECTED" })).toEqual([]);
  expect(withLaterVerdicts([], 2, [accepted(vladB, 2)], shown, { ...ALL_PENDING, state: "ALL" }).map((c) => c.id)).toEqual(["vlad-b"]);
});

test("a list asked for after the verdict is shown as the server answered it", () => {
  expect(withLaterVerdicts([kimB], 3, [accepted(vladB, 2)], shown, BRUNO_PENDING)).toEqual([kimB]);
  const page = [kimB, vladB];
  expect(withLaterVerdicts(page, 3, [], shown, BRUNO_PENDING)).toBe(page);
});

test("the filters as the server applies them", () => {
  expect(matchesFilters(vladB, BRUNO_PENDING)).toBe(true);
  expect(matchesFilters(vladB, { ...BRUNO_PENDING, labelId: "place" })).toBe(false);
  expect(matchesFilters(vladB, { ...BRUNO_PENDING, documentId: "d2" })).toBe(false);
  expect(matchesFilters({ ...vladB, reviewState: "REJECTED" }, BRUNO_PENDING)).toBe(false);
});
