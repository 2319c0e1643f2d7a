// Presence is kept once per document and broadcast at most twice a second: 2,000 people opening
// one document cost one update each and one list per stream, not a list per stream per notice.
import { afterEach, expect, test, vi } from "vitest";

vi.mock("@/lib/server/live/change-listener", () => ({ onPresence: () => () => undefined }));
const { heardPresence, subscribePresence } = await import("@/lib/server/live/document-presence");

afterEach(() => vi.useRealTimers());

test("2,000 people arriving on one document: each stream gets one list of the others, not one per arrival", () => {
  vi.useFakeTimers();
  const documentId = "doc-many";
  const sends: number[] = [];
  const streams = Array.from({ length: 2_000 }, (_, i) => subscribePresence(documentId, `user-${i}`, (people) => sends.push(people.length)));
  for (let i = 0; i < 2_000; i++) heardPresence({ documentId, userId: `user-${i}`, name: `Person ${i}`, connectionId: `c-${i}`, state: "here" });
  expect(sends).toHaveLength(0);
  vi.advanceTimersByTime(600);
  expect(sends).toHaveLength(2_000);
  expect(sends.every((n) => n === 1_999)).toBe(true);

  // Someone leaves: one more list each, without them.
  heardPresence({ documentId, userId: "user-7", name: "Person 7", connectionId: "c-7", state: "gone" });
  vi.advanceTimersByTime(600);
  expect(sends.slice(2_000)).toHaveLength(2_000);
  expect(sends[2_001]).toBe(1_998);
  streams.forEach((s) => s.unsubscribe());
});

test("a notice about a document nobody here watches is ignored; a viewer who stops announcing is dropped after 40 s", () => {
  vi.useFakeTimers();
  heardPresence({ documentId: "unwatched", userId: "u", name: "U", connectionId: "c", state: "here" });
  const seen: string[][] = [];
  const mine = subscribePresence("doc-ttl", "me", (people) => seen.push(people.map((p) => p.name)));
  heardPresence({ documentId: "doc-ttl", userId: "other", name: "Other", connectionId: "c-other", state: "here" });
  vi.advanceTimersByTime(600);
  expect(seen.at(-1)).toEqual(["Other"]);
  vi.advanceTimersByTime(41_000);
  mine.refresh();
  vi.advanceTimersByTime(600);
  expect(seen.at(-1)).toEqual([]);
  mine.unsubscribe();
});
