// COPY … FROM STDIN and COPY … TO STDOUT over a plain `pg` client, without pg-copy-streams (not a
// dependency): `client.query()` accepts any object with `submit(connection)` and hands it the
// protocol messages of its query (the same hook pg-copy-streams uses). Benchmarks only.
import type { Writable } from "node:stream";
import type pg from "pg";

// The parts of pg's internal Connection these two use.
type Connection = {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
  stream: NodeJS.ReadableStream & NodeJS.WritableStream & { writableNeedDrain?: boolean };
};

type Settled = { resolve: (value: number) => void; reject: (error: Error) => void };

const rowsOf = (commandTag: string | undefined) => Number(/(\d+)$/.exec(commandTag ?? "")?.[1] ?? NaN);

/** COPY … FROM STDIN fed from chunks in PostgreSQL's text format; resolves to the rows copied. */
export function copyFrom(client: pg.Client, sql: string, chunks: AsyncIterable<string | Buffer>): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let rows = NaN;
    let failed: Error | null = null;
    const settled: Settled = { resolve, reject };
    const submittable = {
      submit(connection: Connection) {
        connection.query(sql);
      },
      handleCopyInResponse(connection: Connection) {
        void (async () => {
          try {
            for await (const chunk of chunks) {
              if (failed) break;
              connection.sendCopyFromChunk(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
              if (connection.stream.writableNeedDrain) await new Promise((r) => connection.stream.once("drain", r));
            }
            connection.endCopyFrom();
          } catch (error) {
            connection.sendCopyFail(String(error));
          }
        })();
      },
      handleCommandComplete(message: { text?: string }) {
        rows = rowsOf(message.text);
      },
      handleReadyForQuery() {
        if (failed) settled.reject(failed);
        else settled.resolve(rows);
      },
      handleError(error: Error) {
        failed = error;
        settled.reject(error);
      },
    };
    client.query(submittable as unknown as pg.Submittable);
  });
}

/**
 * COPY … TO STDOUT into a writable (a file), pausing the socket while the writable is full.
 * Resolves to the row count PostgreSQL reports and the bytes received.
 */
export function copyTo(client: pg.Client, sql: string, sink: Writable): Promise<{ rows: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    let rows = NaN;
    let bytes = 0;
    let failed: Error | null = null;
    const submittable = {
      submit(connection: Connection) {
        connection.query(sql);
      },
      handleCopyData(message: { chunk: Buffer }, connection: Connection) {
        bytes += message.chunk.length;
        if (!sink.write(message.chunk)) {
          connection.stream.pause();
          sink.once("drain", () => connection.stream.resume());
        }
      },
      handleCommandComplete(message: { text?: string }) {
        rows = rowsOf(message.text);
      },
      handleReadyForQuery() {
        if (failed) reject(failed);
        else resolve({ rows, bytes });
      },
      handleError(error: Error) {
        failed = error;
        reject(error);
      },
    };
    client.query(submittable as unknown as pg.Submittable);
  });
}

/** A value in COPY's text format: backslash, tab, newline and carriage return escaped. */
export function copyText(value: string | number | boolean | null): string {
  if (value === null) return "\\N";
  if (typeof value !== "string") return String(value);
  return value.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}

export const copyLine = (values: (string | number | boolean | null)[]) => values.map(copyText).join("\t") + "\n";
