// Property: whatever annotators propose (nested, overlapping, identical spans from several people)
// and whatever a curator does in whatever order (merge, take, reject, edit, delete a gold copy,
// more annotations arriving, annotators changing or deleting theirs after a decision), every candidate is either decided or listed as open on the page,
// and can still be decided there. The actions follow the server's rules in curate-document.ts.
import fc from "fast-check";
import { expect, test } from "vitest";
import { candidateKey, candidatesOf, type SourceAnnotation } from "@/lib/curation/candidates";
import { curationClusters, isDecided, mergeableCandidates, type CurationInput } from "@/lib/curation/curation-state";

const LABELS = ["PER", "LOC", "MEET"];
const span = fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 15 })).map(([start, length]) => ({ start, end: start + length }));
const annotation = fc.record({ authorId: fc.constantFrom("a", "b", "c", "d"), span, labelId: fc.constantFrom(...LABELS) });
const pick = fc.nat();
const action = fc.oneof(
  fc.record({ kind: fc.constant("merge" as const) }),
  fc.record({ kind: fc.constant("take" as const), which: pick, rejectMask: fc.nat() }),
  fc.record({ kind: fc.constant("reject" as const), which: pick, all: fc.boolean() }),
  fc.record({ kind: fc.constant("edit" as const), which: pick, span, labelId: fc.constantFrom(...LABELS), rejectMask: fc.nat() }),
  fc.record({ kind: fc.constant("delete-gold" as const), which: pick }),
  fc.record({ kind: fc.constant("annotate" as const), annotation }),
  // An annotator changes the span or label of one of their annotations, or deletes it, after decisions.
  fc.record({ kind: fc.constant("change" as const), which: pick, span, labelId: fc.constantFrom(...LABELS) }),
  fc.record({ kind: fc.constant("withdraw" as const), which: pick }),
);

test("after any sequence of merges and decisions, every candidate is decided or listed as open, and decidable", () => {
  fc.assert(
    fc.property(fc.array(annotation, { maxLength: 14 }), fc.integer({ min: 1, max: 3 }), fc.array(action, { maxLength: 20 }), (initial, threshold, actions) => {
      const sources: SourceAnnotation[] = [];
      const add = (a: (typeof initial)[number]) => sources.push({ id: String(sources.length), authorId: a.authorId, ...a.span, labelId: a.labelId, exact: "", attributes: {} });
      initial.forEach(add);
      const goldKeys = new Set<string>();
      const decisions = new Map<string, string>();
      const state = (): CurationInput => ({ candidates: candidatesOf(sources), goldKeys, decisions, threshold });
      // The server's createGold and its rejections: what is in gold or rejected stays so; a
      // version removed from gold may be taken again (or rejected); a correction stands over an
      // earlier rejection of its span and label.
      const putGold = (key: string, kind: string) => {
        if (goldKeys.has(key) || (decisions.get(key) === "REJECTED" && kind !== "EDITED")) return false;
        goldKeys.add(key);
        decisions.set(key, kind);
        return true;
      };
      const rejectOnce = (key: string) => void (goldKeys.has(key) || decisions.set(key, "REJECTED"));

      const check = () => {
        const input = state();
        const clusters = curationClusters(input);
        expect(clusters.flatMap((c) => c.candidates.map((x) => x.key)).sort()).toEqual(input.candidates.map((c) => c.key).sort());
        for (const cluster of clusters) {
          const undecided = cluster.candidates.filter((c) => !isDecided(c.status));
          // Listed: the page shows every cluster that is not settled, with its undecided candidates.
          expect(cluster.state === "settled").toBe(undecided.length === 0);
          expect(cluster.state === "disagreement").toBe(undecided.some((c) => c.status === "open" || c.status === "removed"));
          // Decidable: take refuses only a candidate in gold or rejected; the merge only takes one nobody decided.
          for (const c of undecided) expect(goldKeys.has(c.key) || decisions.get(c.key) === "REJECTED").toBe(false);
          for (const c of mergeableCandidates(input)) expect(decisions.has(c.key)).toBe(false);
        }
        return clusters;
      };

      check();
      for (const act of actions) {
        const clusters = check();
        const undecided = clusters.flatMap((c) => c.candidates.filter((x) => !isDecided(x.status)).map((x) => ({ x, cluster: c })));
        const chosen = undecided.length ? undecided[("which" in act ? act.which : 0) % undecided.length] : undefined;
        const others = (mask: number) => chosen!.cluster.candidates.filter((o, i) => o.key !== chosen!.x.key && mask & (1 << i)).map((o) => o.key);
        switch (act.kind) {
          case "merge": {
            const offered = mergeableCandidates(state()).length;
            let merged = 0;
            for (const c of mergeableCandidates(state())) if (putGold(c.key, "MERGED")) merged++;
            // The button's count is what the merge does.
            expect(merged).toBe(offered);
            expect(mergeableCandidates(state())).toEqual([]);
            break;
          }
          case "take":
            if (!chosen) break;
            expect(putGold(chosen.x.key, "TAKEN")).toBe(true);
            others(act.rejectMask).forEach(rejectOnce);
            break;
          case "reject":
            if (!chosen) break;
            // The server refuses to reject what is in gold; the page offers only undecided versions.
            for (const key of act.all ? chosen.cluster.candidates.filter((c) => !isDecided(c.status)).map((c) => c.key) : [chosen.x.key]) rejectOnce(key);
            break;
          case "edit":
            if (!chosen) break;
            {
              const key = candidateKey({ ...act.span, labelId: act.labelId });
              if (putGold(key, "EDITED")) [chosen.x.key, ...others(act.rejectMask)].filter((k) => k !== key).forEach(rejectOnce);
            }
            break;
          case "delete-gold": {
            const gold = [...goldKeys];
            if (gold.length) goldKeys.delete(gold[act.which % gold.length]);
            break;
          }
          case "annotate":
            add(act.annotation);
            break;
          case "change":
            if (sources.length) Object.assign(sources[act.which % sources.length], { ...act.span, labelId: act.labelId });
            break;
          case "withdraw":
            if (sources.length) sources.splice(act.which % sources.length, 1);
            break;
        }
      }
      check();
      // And the curator can always finish: decide what is left, and nothing stays undecided.
      for (const c of mergeableCandidates(state())) putGold(c.key, "MERGED");
      for (const cluster of curationClusters(state())) for (const c of cluster.candidates) if (c.status === "open" || c.status === "removed") decisions.set(c.key, "REJECTED");
      expect(curationClusters(state()).every((c) => c.state === "settled")).toBe(true);
    }),
    { numRuns: 500 },
  );
});
