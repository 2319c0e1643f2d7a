import "server-only";
import { z } from "zod";
import { callModelServer, endpoint, ModelServerError } from "@/lib/server/recommenders/model-server";
import type { ForeignProposal, ModelLabel, RunDocument } from "@/lib/server/recommenders/run-types";

// Any OpenAI-compatible chat endpoint (OpenAI, vLLM, Ollama, llama.cpp's server …): one prompt per
// document and label kind, with the labels' names and descriptions, asking for exact quotes in
// JSON. Models are poor at offsets, so only quotes are asked for; anchoring them is the caller's.

const KIND_WORDS = { ENTITY: "named entities", EVENT: "events", CLAIM: "claims" } as const;

export function promptFor(kind: ModelLabel["kind"], labels: ModelLabel[], text: string) {
  const list = labels.map((l) => `- ${l.name}${l.description ? `: ${l.description}` : ""}`).join("\n");
  return [
    {
      role: "system" as const,
      content:
        `You annotate ${KIND_WORDS[kind]} in texts. Labels:\n${list}\n` +
        `Answer only with JSON: {"spans": [{"label": "<one of the labels>", "quote": "<exact text copied from the text>"}]}. ` +
        "Copy each quote character for character; list a quote once even if it occurs several times.",
    },
    { role: "user" as const, content: text },
  ];
}

const answer = z.object({ choices: z.array(z.object({ message: z.object({ content: z.string().nullable() }) })).min(1) });
const spans = z.object({ spans: z.array(z.object({ label: z.string(), quote: z.string(), score: z.number().min(0).max(1).optional() })) });

/** The JSON inside a model's message, also when it wrapped it in a Markdown code fence. */
function jsonIn(content: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(content);
  return JSON.parse((fenced ? fenced[1] : content).trim());
}

/** Every place each quote occurs (the model was asked to list a quote once), at most `max` of them and 1,000. */
function everyOccurrence(text: string, quote: string, max: number): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  if (!quote) return found;
  const limit = Math.min(max, 1000);
  for (let at = text.indexOf(quote); at >= 0 && found.length < limit; at = text.indexOf(quote, at + quote.length)) found.push({ start: at, end: at + quote.length });
  return found;
}

/**
 * `maxPerDocument` bounds what one document's answers may become: a 20 MB answer repeating a
 * one-letter quote would otherwise become every occurrence of it, a thousand times over, before
 * any later cap — hundreds of millions of objects on the server's one thread.
 */
export async function proposeWithChat(
  config: { url: string; model: string | null; apiKey: string | null },
  documents: RunDocument[],
  labels: ModelLabel[],
  timeoutMs: number,
  maxPerDocument: number,
): Promise<{ proposals: ForeignProposal[]; unanchored: number; badAnswers: number; overCap: number }> {
  const proposals: ForeignProposal[] = [];
  let unanchored = 0;
  let badAnswers = 0;
  let overCap = 0;
  const kinds = [...new Set(labels.map((l) => l.kind))];
  for (const document of documents) {
    let ofDocument = 0;
    // A quote listed twice with the same label is one proposal per place, not two.
    const seen = new Set<string>();
    for (const kind of kinds) {
      const ofKind = labels.filter((l) => l.kind === kind);
      const raw = await callModelServer(endpoint(config.url, "/chat/completions"), {
        method: "POST",
        timeoutMs,
        headers: config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {},
        body: { model: config.model ?? "default", temperature: 0, messages: promptFor(kind, ofKind, document.text) },
      });
      const parsed = answer.safeParse(raw);
      if (!parsed.success) throw new ModelServerError("POST /chat/completions answered without choices[0].message.content");
      let found: z.infer<typeof spans>;
      try {
        found = spans.parse(jsonIn(parsed.data.choices[0].message.content ?? ""));
      } catch {
        badAnswers++;
        continue;
      }
      for (const s of found.spans) {
        const quote = s.quote.normalize("NFC");
        const key = `${s.label}\u0000${quote}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (ofDocument >= maxPerDocument) {
          overCap++;
          continue;
        }
        const at = everyOccurrence(document.text, quote, maxPerDocument - ofDocument);
        if (at.length === 0) unanchored++;
        ofDocument += at.length;
        // UTF-16 positions of an exact match; the caller's anchoring turns them into code points.
        for (const o of at) proposals.push({ documentId: document.id, label: s.label, start: o.start, end: o.end, text: quote, score: s.score ?? null, utf16: true });
      }
    }
  }
  return { proposals, unanchored, badAnswers, overCap };
}
