import "server-only";
import { z } from "zod";
import { callModelServer, endpoint, ModelServerError } from "@/lib/server/recommenders/model-server";
import type { ForeignProposal, ModelLabel, RunDocument } from "@/lib/server/recommenders/run-types";

// The Label Studio ML backend protocol, so the model servers written for it (spaCy, Hugging Face
// token classification, GLiNER, LLM-backed ones) plug in unchanged: GET /health, then POST
// /predict with tasks ({ id, data: { text } }) and a labelling config naming our labels; the answer
// holds, per task, `labels` regions with start, end, text and a score.

const xml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A labelling config with one Labels control over the text, our label names as its values. */
export const labelConfigOf = (labels: ModelLabel[]) =>
  `<View><Labels name="label" toName="text">${labels.map((l) => `<Label value="${xml(l.name)}"/>`).join("")}</Labels><Text name="text" value="$text"/></View>`;

const region = z.object({
  type: z.string().optional(),
  score: z.number().optional().nullable(),
  value: z.object({
    start: z.number().optional().nullable(),
    end: z.number().optional().nullable(),
    text: z.string().optional().nullable(),
    labels: z.array(z.string()).optional(),
  }),
});
const prediction = z.object({ result: z.array(z.unknown()).default([]), score: z.number().optional().nullable() });
// Older servers answer with the list itself, newer ones with { results: [...] }.
const predictAnswer = z.union([z.object({ results: z.array(prediction) }), z.array(prediction).transform((results) => ({ results }))]);

/** Tasks per /predict request. */
export const TASKS_PER_REQUEST = 10;

export async function checkHealth(url: string, timeoutMs: number) {
  const health = await callModelServer(endpoint(url, "/health"), { method: "GET", timeoutMs });
  const status = (health as { status?: unknown } | null)?.status;
  if (typeof status === "string" && status.toUpperCase() !== "UP") throw new ModelServerError(`GET /health says the model server is ${status}`);
}

/** At most `maxPerDocument` proposals per document are made; the rest are counted in `overCap`. */
export async function predictWithLabelStudioBackend(
  url: string,
  documents: RunDocument[],
  labels: ModelLabel[],
  timeoutMs: number,
  maxPerDocument: number,
): Promise<{ proposals: ForeignProposal[]; badRegions: number; overCap: number }> {
  const tasks = documents.map((d, i) => ({ id: i + 1, data: { text: d.text } }));
  const answer = predictAnswer.safeParse(
    await callModelServer(endpoint(url, "/predict"), { method: "POST", body: { tasks, label_config: labelConfigOf(labels), params: {} }, timeoutMs }),
  );
  if (!answer.success) throw new ModelServerError("POST /predict answered without a list of predictions (`results`)");
  if (answer.data.results.length !== documents.length) {
    throw new ModelServerError(`POST /predict answered ${answer.data.results.length} predictions for ${documents.length} tasks`);
  }
  const proposals: ForeignProposal[] = [];
  let badRegions = 0;
  let overCap = 0;
  answer.data.results.forEach((p, i) => {
    let ofDocument = 0;
    for (const raw of p.result) {
      const r = region.safeParse(raw);
      // Only `labels` regions are spans; choices, ratings and the like are not ours to propose.
      if (!r.success || (r.data.type !== undefined && r.data.type !== "labels")) {
        badRegions++;
        continue;
      }
      const { start, end, text, labels: names = [] } = r.data.value;
      for (const label of names) {
        if (ofDocument >= maxPerDocument) overCap++;
        else {
          ofDocument++;
          proposals.push({ documentId: documents[i].id, label, start, end, text, score: r.data.score ?? p.score ?? null });
        }
      }
    }
  });
  return { proposals, badRegions, overCap };
}
