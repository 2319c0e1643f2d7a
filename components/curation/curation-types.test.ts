import { expect, test } from "vitest";
import { annotatorRows, competitors, differences, takeable, type Cluster, type Version } from "@/components/curation/curation-types";

const c = (key: string, start: number, end: number, labelId: string, annotationIds: string[], status: "open" | "gold" | "agreed" = "open") =>
  ({ key, start, end, labelId, exact: key, authors: [], annotationIds, attributes: {}, status });
const v = (id: string, authorId: string, attributes: Record<string, string> = {}): Version => ({ id, authorId, attributes, canonical: null, relations: [], note: "" });

// The cluster: two Meeting/Visit spans, the Person inside both already in gold, and a nested Location only one annotator tagged.
const cluster: Cluster = {
  start: 0, end: 80, state: "disagreement",
  candidates: [c("visit-long", 0, 80, "MEET", ["a1"]), c("visit-short", 10, 50, "MEET", ["b1"]), c("kim", 10, 21, "PER", ["a2", "b2"], "gold"), c("russia", 60, 80, "LOC", ["a3"])],
};
const versions = { a1: v("a1", "amina", { date: "2019-04" }), b1: v("b1", "bruno", { date: "2019-04-25" }), a2: v("a2", "amina"), b2: v("b2", "bruno"), a3: v("a3", "amina") };

test("taking a version rejects only those it competes with: same label, or same span", () => {
  expect(competitors(cluster, cluster.candidates[0])).toEqual(["visit-short"]);
  expect(competitors(cluster, cluster.candidates[3])).toEqual([]);
});

test("one row per annotator; keys number the undecided versions in row order; differing attributes are named", () => {
  const rows = annotatorRows(cluster, versions, { amina: "Amina", bruno: "Bruno" });
  expect(rows.map((r) => [r.authorId, r.versions.map((x) => x.version.id)])).toEqual([["amina", ["a1", "a2", "a3"]], ["bruno", ["b1", "b2"]]]);
  expect(takeable(rows).map((x) => x.version.id)).toEqual(["a1", "a3", "b1"]);
  expect([...differences(cluster, versions, "MEET")]).toEqual(["date"]);
  expect([...differences(cluster, versions, "PER")]).toEqual([]);
});
