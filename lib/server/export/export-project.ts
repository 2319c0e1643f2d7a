import "server-only";
import { createBratWriter } from "@/lib/formats/brat";
import { createConllWriter } from "@/lib/formats/conll";
import { createCsvWriter } from "@/lib/formats/csv";
import { createDoccanoWriter } from "@/lib/formats/doccano-jsonl";
import { createNativeWriter } from "@/lib/formats/native";
import { createW3cWriter } from "@/lib/formats/w3c";
import { streamFiles, streamText, type ExportSummary, type TextExportWriter } from "@/lib/formats/writer";
import { zipStream } from "@/lib/formats/zip-writer";
import { exportFilterOf, MIXED_LAYERS_WARNING, type ExportFilter, type ExportLayers, type ExportOptions } from "@/lib/schemas/export";
import { authorize, type ProjectAccess } from "@/lib/server/authz";
import { countExportAnnotations, exportProjectInfo, listExportLayers, readExportBatches, type ExportLayer } from "@/lib/server/export/read-export-batches";
import { readNativeDocuments, readNativeHeader } from "@/lib/server/export/read-native";
import { runInSlices, slicer } from "@/lib/run-in-slices";
import { isHighSurrogate } from "@/lib/anchoring/segment-long";

// One export, whatever the format: a byte stream produced as the database is read (nothing is
// assembled in memory), its file name and type, and the format's summary once the stream ended.
//
// Layers (`layers`, lib/schemas/export.ts) are kept apart by default, each format the way its own
// tools expect: doccano JSONL and CoNLL as one file per annotator in a zip (doccano's own export is
// `<username>.jsonl` per annotator), brat as one folder per annotator, CSV and W3C as one file
// whose every record names its annotator (CSV `annotator` + `annotator_id`, W3C `creator`). The
// gold layer comes only when asked for; `mixed` puts everything in one file, with a warning.

async function* encode(chunks: AsyncIterable<string>): AsyncGenerator<Uint8Array> {
  // Small chunks are gathered so a stream of many tiny documents is not a stream of tiny writes.
  // (Buffer.from encodes ASCII-heavy JSON about twice as fast as TextEncoder on Node 20.)
  let pending = "";
  for await (const chunk of chunks) {
    pending += chunk;
    if (pending.length >= 64 * 1024) {
      yield* pieces(pending);
      pending = "";
    }
  }
  if (pending) yield* pieces(pending);
}

/** Encoded and handed on a megabyte at a time: a long document's 20 MB of JSON is not encoded, compressed and written in one go. */
const PIECE = 1 << 20;

function* pieces(text: string): Generator<Uint8Array> {
  for (let at = 0; at < text.length; ) {
    let end = Math.min(text.length, at + PIECE);
    // Never between the two halves of a surrogate pair, which would each be encoded as U+FFFD.
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
    yield Buffer.from(text.slice(at, end), "utf8");
    at = end;
  }
}

const slug = (name: string, fallback = "project") =>
  name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "").toLowerCase().slice(0, 60) || fallback;

/** What the export holds of one layer; `file` and `written` when the layer has a file (or folder) of its own. */
export type LayerSummary = {
  layer: "annotator" | "gold";
  /** The annotator: display name and user id (the id stays when the name changes). */
  annotator?: { id: string; name: string };
  /** The layer's annotations the filter chose. */
  annotations: number;
  /** Its file (doccano, CoNLL) or folder (brat) in the archive. */
  file?: string;
  /** The writer's counters for that file: what it wrote and what the format made it leave out. */
  written?: ExportSummary;
};

export type ProjectExportSummary = ExportSummary & {
  [counter: string]: unknown;
  /** The `layers` option the export was made with. */
  layout: ExportLayers;
  layers: LayerSummary[];
  /** Set when every layer is mixed into one file (spans may repeat with conflicting labels). */
  warning?: string;
};

export type ProjectExport = {
  fileName: string;
  contentType: string;
  body: AsyncGenerator<Uint8Array>;
  /** Counters (documents, annotations and what the format had to leave out); complete after `body` ended. */
  summary: () => ExportSummary | ProjectExportSummary;
};

type NamedLayer = ExportLayer & { file: string };

/**
 * File (or folder) names for the layers: the annotator's name in a file-system-safe form, as
 * doccano names its `<username>.jsonl`; a clash (two people with one name, or someone named
 * "Gold") gets the end of the user id, which is random in a UUIDv7.
 */
export function layerFileNames(layers: ExportLayer[]): NamedLayer[] {
  const used = new Set(["gold", "layers"]);
  return layers.map((layer) => {
    if (layer.gold) return { ...layer, file: "gold" };
    const base = slug(layer.annotator.name, "annotator");
    let file = base;
    if (used.has(file)) file = `${base}-${layer.annotator.id.replace(/-/g, "").slice(-8)}`;
    for (let n = 2; used.has(file); n++) file = `${base}-${layer.annotator.id.replace(/-/g, "").slice(-8)}-${n}`;
    used.add(file);
    return { ...layer, file };
  });
}

function layerSummary(layer: NamedLayer, withFile: boolean, written?: ExportSummary): LayerSummary {
  return {
    layer: layer.gold ? "gold" : "annotator",
    ...(layer.gold ? {} : { annotator: layer.annotator }),
    annotations: layer.annotations,
    ...(withFile ? { file: layer.file } : {}),
    ...(written ? { written } : {}),
  };
}

/** The filter that reads one layer's annotations, in the documents that layer annotated. */
function layerFilter(filter: ExportFilter, layer: ExportLayer): ExportFilter {
  return layer.gold ? { ...filter, layer: "gold", annotatedOnly: true } : { ...filter, layer: "annotators", author: layer.annotator.id, annotatedOnly: true };
}

function textWriter(options: ExportOptions, project: { id: string; name: string; description: string }, baseUrl: string, layer?: ExportLayer): TextExportWriter | null {
  const doccanoLayer = !layer ? undefined : layer.gold ? { gold: true as const } : { annotator: layer.annotator };
  switch (options.format) {
    case "w3c": return createW3cWriter({ baseUrl, project, embedText: options.embedText });
    case "jsonl": return createDoccanoWriter({ variant: "plain", offsets: options.offsets, layer: doccanoLayer });
    case "jsonl-rich": return createDoccanoWriter({ variant: "rich", offsets: options.offsets, layer: doccanoLayer });
    case "csv": return createCsvWriter({ bom: options.bom, guardFormulas: options.guard });
    case "conll": return createConllWriter();
    default: return null;
  }
}

/** Formats that cannot name an annotator per span: each layer gets a file of its own. */
const FILE_PER_LAYER = new Set<ExportOptions["format"]>(["jsonl", "jsonl-rich", "conll"]);

/**
 * A member's export: what the routes call. The engine below takes a bare project id because the
 * operator's command-line backup runs it with no signed-in person.
 */
export async function exportProjectFor(access: ProjectAccess, options: ExportOptions, baseUrl: string): Promise<{ result: ProjectExport; count: number }> {
  authorize(access, "export");
  const info = await exportProjectInfo(access.projectId);
  const [result, count] = await Promise.all([
    exportProject(access.projectId, options, baseUrl, info, access),
    countExportAnnotations(access.projectId, { ...(options.format === "native" ? { layer: "all", review: "all" } : exportFilterOf(options)), sees: access.sees }, info.labels),
  ]);
  return { result, count };
}

export async function exportProject(
  projectId: string,
  options: ExportOptions,
  baseUrl: string,
  info?: Awaited<ReturnType<typeof exportProjectInfo>>,
  // A member's export holds only the annotations they may see; the operator's backup (no access) all.
  reader?: ProjectAccess,
): Promise<ProjectExport> {
  const { project, labels } = info ?? (await exportProjectInfo(projectId));
  const stem = `${slug(project.name)}-${options.format}`;

  // The backup holds every layer whatever `layers` says: each annotation keeps its authorId and
  // gold flag, and the users table gives each author's name, so the layers stay apart in it.
  if (options.format === "native") {
    const writer = createNativeWriter(await readNativeHeader(projectId, reader));
    async function* chunks() {
      yield writer.header();
      for await (const document of readNativeDocuments(projectId, reader)) yield* await runInSlices(writer.documentSteps(document));
      yield writer.footer();
    }
    return { fileName: `${stem}.json`, contentType: writer.contentType, body: encode(chunks()), summary: writer.summary };
  }

  const filter: ExportFilter = { ...exportFilterOf(options), sees: reader?.sees };
  const layers = layerFileNames(await listExportLayers(projectId, filter, labels));
  const mixed = options.layers === "mixed";
  const common = { layout: options.layers, ...(mixed ? { warning: MIXED_LAYERS_WARNING } : {}) };

  if (options.format === "brat") {
    const writer = createBratWriter();
    const batches = readExportBatches(projectId, mixed ? filter : { ...filter, annotatedOnly: true }, labels);
    async function* entries() {
      if (mixed) {
        for await (const file of streamFiles(writer, batches)) yield { name: `${stem}/${file.name}`, content: file.content };
        return;
      }
      // One folder per layer, each holding the documents that layer annotated.
      for await (const batch of batches) {
        const byLayer = layers
          .map((layer) => ({ folder: layer.file, annotations: batch.annotations.filter((a) => (layer.gold ? a.gold : !a.gold && a.authorId === layer.annotator.id)) }))
          .filter((l) => l.annotations.length > 0);
        if (byLayer.length === 0) continue; // every span of the document was filtered out
        for (const file of await runInSlices(writer.batchInFoldersSteps(batch, byLayer))) yield { name: `${stem}/${file.name}`, content: file.content };
      }
      for (const file of writer.footer()) yield { name: `${stem}/${file.name}`, content: file.content };
    }
    return {
      fileName: `${stem}.zip`,
      contentType: "application/zip",
      body: zipStream(entries()),
      summary: () => ({ ...writer.summary(), ...common, layers: layers.map((l) => layerSummary(l, !mixed)) }),
    };
  }

  if (FILE_PER_LAYER.has(options.format) && !mixed && options.layers !== "gold") {
    // One pass over the database per layer, each streamed into its own archive entry: the
    // archive's entries follow one another, so a layer's file cannot wait for the others'.
    const written = new Map<string, ExportSummary>();
    const documents = new Set<string>();
    let extension = "";
    async function* entries() {
      for (const layer of layers) {
        const writer = textWriter(options, project, baseUrl, layer)!;
        extension = writer.extension;
        async function* counted() {
          for await (const batch of readExportBatches(projectId, layerFilter(filter, layer), labels)) {
            documents.add(batch.document.id);
            yield batch;
          }
        }
        yield { name: `${stem}/${layer.file}.${writer.extension}`, content: streamText(writer, counted()) };
        written.set(layer.file, writer.summary());
      }
      // Which file is whose, for scripts: the names are readable, the ids are what stays.
      yield { name: `${stem}/layers.json`, content: JSON.stringify(layers.map((l) => ({ file: `${l.file}.${extension}`, ...layerSummary(l, false) })), null, 2) + "\n" };
    }
    return {
      fileName: `${stem}.zip`,
      contentType: "application/zip",
      body: zipStream(entries()),
      summary: () => {
        const totals: Record<string, number> = {};
        for (const summary of written.values()) {
          for (const [key, value] of Object.entries(summary)) if (typeof value === "number") totals[key] = (totals[key] ?? 0) + value;
        }
        return {
          ...totals,
          documents: documents.size,
          annotations: totals.annotations ?? 0,
          ...common,
          layers: layers.map((l) => layerSummary(l, true, written.get(l.file))),
        };
      },
    };
  }

  // One file: the gold layer alone, every layer mixed, or a format whose every record names its
  // annotator (CSV's annotator columns, W3C's creator), which keeps the layers apart in one file.
  const only = options.layers === "gold" ? layers.find((l) => l.gold) ?? { gold: true as const, annotations: 0 } : undefined;
  const writer = textWriter(options, project, baseUrl, only)!;
  // The gold layer alone is a layer's file like the others: the documents it has annotations in.
  const batches = readExportBatches(projectId, only ? { ...filter, annotatedOnly: true } : filter, labels);
  return {
    fileName: `${stem}${only ? "-gold" : mixed && FILE_PER_LAYER.has(options.format) ? "-mixed" : ""}.${writer.extension}`,
    contentType: writer.contentType,
    body: encode(streamText(writer, batches)),
    summary: () => ({ ...writer.summary(), ...common, layers: layers.map((l) => layerSummary(l, false)) }),
  };
}

/** A web ReadableStream over an export, pulled as the client reads (backpressure), closed on cancel. */
export function exportResponseStream(body: AsyncGenerator<Uint8Array>): ReadableStream<Uint8Array> {
  // A reader that takes every chunk at once (no wait for the socket to drain) would otherwise run
  // the whole export in one task: other requests get a turn between chunks once 4 ms have passed.
  const pause = slicer();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        await pause();
        const { value, done } = await body.next();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        console.error("Export failed while streaming", error);
        controller.error(error);
      }
    },
    async cancel() {
      await body.return(undefined);
    },
  });
}
