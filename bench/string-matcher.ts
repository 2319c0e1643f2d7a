// The string matcher's work for one request (lib/server/recommenders/string-matcher.ts, pure, no
// database): a 1 MB document with 10,000 occurrences of 500 texts a person tagged, with 2,000 of
// their earlier decisions and 1,000 spans to skip. Target: under 2 s (issue 18: 10,000 proposals
// for a 1 MB document). The database part (storing, serving) is not measured here.
// Usage: npx tsx bench/string-matcher.ts   (not part of npm test)
import { proposeMatches } from "../lib/server/recommenders/string-matcher";

const NAMES = Array.from({ length: 500 }, (_, i) => `Name${i.toString(36)} Person${(i * 7).toString(36)}`);
const FILLER = "the delegation discussed cooperation in many fields and agreed to continue talks ";
let text = "🇰🇵 ";
let placed = 0;
while (text.length < 1_000_000) {
  text += placed < 10_000 ? `${NAMES[placed % NAMES.length]} said: ${FILLER}` : FILLER;
  placed++;
}
const tagged = NAMES.map((exact, i) => ({ labelId: i % 3 ? "person" : "org", exact }));
const history = Array.from({ length: 2_000 }, (_, i) => ({ labelId: "person", exact: NAMES[i % NAMES.length], verdict: i % 4 ? ("ACCEPTED" as const) : ("REJECTED" as const) }));
const skip = Array.from({ length: 1_000 }, (_, i) => ({ labelId: "person", start: i * 50, end: i * 50 + 10 }));

for (let run = 1; run <= 3; run++) {
  const started = performance.now();
  const proposals = proposeMatches({ text, tagged, history, skip, minScore: 0 });
  const ms = performance.now() - started;
  console.log(`run ${run}: ${proposals.length} proposals in a ${(text.length / 1e6).toFixed(2)} MB text in ${ms.toFixed(0)} ms${ms < 2000 ? "" : "  (over the 2 s target)"}`);
}
