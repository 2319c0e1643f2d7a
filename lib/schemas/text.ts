// Text the database cannot take: PostgreSQL refuses U+0000 (NUL) in text and jsonb, and Prisma's
// query engine refuses strings with an unpaired UTF-16 surrogate ("\ud800" is valid JSON but no
// Unicode text); either fails the whole statement. Input is checked for both where it enters —
// JSON bodies, uploaded files, form fields — so the client gets a clear refusal naming the field
// instead of a server error.

/** Deeper than any body or file this app reads; deeper input is refused before anything walks it recursively. */
export const MAX_JSON_DEPTH = 64;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What makes `s` unstorable, for a message ("a NUL character (\u0000)"), or null when it is fine. */
export function unstorableText(s: string): string | null {
  if (s.includes("\u0000")) return "a NUL character (\\u0000)";
  if (LONE_SURROGATE.test(s)) return "an unpaired surrogate (invalid Unicode, like \\ud800)";
  return null;
}

export type JsonScan = { unstorable: { at: string; problem: string } | null; tooDeep: boolean };

/**
 * Walks a parsed JSON value without recursion (so hostile nesting cannot overflow the stack): the
 * path ("documents.0.text", "" for the value itself) of the first string or object key that
 * cannot be stored, and whether the value nests deeper than `maxDepth`.
 */
export function scanJson(value: unknown, maxDepth = MAX_JSON_DEPTH): JsonScan {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: "", depth: 0 }];
  const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === "string") {
      const problem = unstorableText(value);
      if (problem) return { unstorable: { at: path, problem }, tooDeep: false };
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    if (depth >= maxDepth) return { unstorable: null, tooDeep: true };
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, item] = entries[i];
      const problem = unstorableText(key);
      // The key itself goes into the message escaped, so the message is storable text.
      if (problem) return { unstorable: { at: JSON.stringify(join(path, key)).slice(1, -1), problem }, tooDeep: false };
      stack.push({ value: item, path: join(path, key), depth: depth + 1 });
    }
  }
  return { unstorable: null, tooDeep: false };
}

/** The first string or key in `value` that cannot be stored: where ("" for `value` itself) and why; null when all can. */
export const findUnstorableText = (value: unknown) => scanJson(value, Infinity).unstorable;
