// fast-check generators of what a careless or hostile client sends: values of the wrong type,
// strings PostgreSQL cannot store (NUL) or JavaScript cannot encode (lone surrogates), numbers
// outside every column's range, JSON that is not JSON, bodies of the wrong content type, and
// uploads of random bytes, broken zips and zip bombs. Used by the property tests of the API.
import fc from "fast-check";
import { buildZip } from "@/lib/testing/zip-builder";

const loneSurrogateUnit = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const anyUtf16Unit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

/** Strings that break naive code: NUL, lone surrogates, astral and combining characters, injections, and lengths past every limit. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "", " ", "\u0000", "a\u0000b", "\ud800", "x\udfffy", "👍🏽", "🇰🇵", "q\u0307uote", "\u202eevil", "\ufeff", "\r\n", "\t",
    "<script>alert(1)</script>", "'; DROP TABLE \"User\"; --", "%00", "../../etc/passwd", "null", "NaN", "Infinity", "-1", "1e999",
    "00000000-0000-0000-0000-000000000000", "ACCEPTED", "OWNER", "ENTITY", "take", "accept", "#e11d48", "2019-02-30", "0000",
  ),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.string({ unit: anyUtf16Unit, maxLength: 20 }),
  fc.string({ unit: loneSurrogateUnit, minLength: 1, maxLength: 3 }),
  fc.string({ maxLength: 10 }).map((s) => `${s}\u0000${s}`),
  fc.constantFrom(5_001, 70_000, 300_001).map((n) => "é".repeat(n)),
);

/** Numbers at and past the edges: negative, fractional, beyond int4 and beyond safe integers. JSON turns NaN and ±Infinity into null. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(-1, 0, -0, 0.5, 1, 2, 50, 51, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, Number.MAX_VALUE, -Number.MAX_VALUE, 1e-300, NaN, Infinity),
  fc.integer(),
  fc.double(),
);

/** Any value of any type, biased towards the ones above. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 3, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom(null, [], {}) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.array(hostileNumber, { maxLength: 3 }) },
);

const DROP = Symbol("drop");

/**
 * `sample` (a valid body) with some fields replaced by hostile values or left out, recursively,
 * sometimes with an extra field; `extra` are values worth trying in any field (other ids).
 */
export function mutated(sample: unknown, extra: readonly unknown[] = [], depth = 0): fc.Arbitrary<unknown> {
  const replacement = extra.length ? fc.oneof({ weight: 3, arbitrary: hostileValue }, { weight: 1, arbitrary: fc.constantFrom(...extra) }) : hostileValue;
  if (depth > 2 || sample === null || typeof sample !== "object") return fc.oneof({ weight: 1, arbitrary: fc.constant(sample) }, { weight: 2, arbitrary: replacement });
  if (Array.isArray(sample)) {
    return fc.oneof(
      { weight: 3, arbitrary: sample.length ? fc.tuple(...sample.map((item) => mutated(item, extra, depth + 1))) : fc.constant([]) },
      { weight: 1, arbitrary: fc.array(replacement, { maxLength: 4 }) },
      { weight: 1, arbitrary: replacement },
    );
  }
  const entries = Object.entries(sample as Record<string, unknown>);
  const field = (value: unknown) =>
    fc.oneof({ weight: 3, arbitrary: fc.constant(value) }, { weight: 1, arbitrary: fc.constant(DROP) }, { weight: 3, arbitrary: mutated(value, extra, depth + 1) });
  return fc
    .tuple(
      entries.length ? fc.tuple(...entries.map(([, v]) => field(v))) : fc.constant([] as unknown[]),
      // One time in four, an extra field.
      fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.tuple(fc.constantFrom("__proto__", "constructor", "extra", "", "\u0000"), replacement) }),
    )
    .map(([values, added]) => {
      const out: Record<string, unknown> = {};
      entries.forEach(([k], i) => {
        if (values[i] !== DROP) out[k] = values[i];
      });
      // defineProperty, so "__proto__" becomes a plain key that JSON.stringify writes out.
      if (added) Object.defineProperty(out, added[0], { value: added[1], enumerable: true, configurable: true, writable: true });
      return out;
    });
}

export type RawBody = { contentType: string | null; body: string | Uint8Array };

/** Bodies that are not the JSON the endpoint wants: broken JSON, other content types, invalid UTF-8, nothing at all. */
export const rawBody: fc.Arbitrary<RawBody> = fc.record({
  contentType: fc.constantFrom(
    "application/json", "application/json", "text/plain", null, "application/x-www-form-urlencoded",
    "multipart/form-data", "multipart/form-data; boundary=xyz", "application/json; charset=utf-16", "application/octet-stream",
  ),
  body: fc.oneof(
    fc.constantFrom("", "{", "}", "null", "[]", '"x"', "0", "-1", "true", '{"a":', "\ufeff{}", "{} {}", "NaN", "undefined", "{'a':1}", "[".repeat(5000) + "]".repeat(5000), '{"__proto__":{"x":1}}', "--xyz\r\n\r\n--xyz--", "a=1&b=2"),
    fc.string({ maxLength: 50 }),
    fc.uint8Array({ maxLength: 64 }),
  ),
});

/** Route parameter values that are not the id of anything the caller may touch. */
export function hostileParam(foreignIds: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom("", "nope", "1", "-1", "' OR 1=1 --", "%00", "\u0000", "../../etc", "00000000-0000-0000-0000-000000000000", "x".repeat(10_000), "ＡＢＣ", "🙂"),
    fc.uuid(),
    fc.uuid().map((u) => u.toUpperCase()),
    fc.uuid().map((u) => `${u}\u0000`),
    fc.constantFrom(...foreignIds),
  );
}

/** Bytes of a file upload: random, random text, JSON (hostile or shaped like `samples`), or zips — honest, broken or bombs. */
export function uploadBytes(samples: readonly unknown[] = []): fc.Arbitrary<Uint8Array> {
  const encode = (s: string) => new Uint8Array(Buffer.from(s, "utf8"));
  const json = (v: unknown) => encode(JSON.stringify(v) ?? "null");
  const text = fc.oneof(hostileString, fc.string({ unit: "binary", maxLength: 200 }));
  const entry = fc.record({
    name: fc.oneof(fc.constantFrom("a.txt", "a.ann", "doc.json", "sub/b.txt", "sub/b.ann", "../x.txt", "/abs.txt", "inner.zip", "a\u0000.txt", "", "dir/"), fc.string({ maxLength: 12 })),
    data: fc.oneof(text.map(encode), fc.uint8Array({ maxLength: 300 })),
    method: fc.constantFrom<0 | 8>(0, 8),
    // One entry in four lies about its size.
    declaredSize: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.oneof(fc.nat({ max: 400 }), fc.constantFrom(0, 2 ** 32 - 1, 60 * 1024 * 1024)) }),
  });
  const zip = fc.array(entry, { maxLength: 4 }).map((entries) => buildZip(entries));
  const flipped = fc.tuple(zip, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 })).map(([bytes, flips]) => {
    const out = new Uint8Array(bytes);
    for (const [at, value] of flips) out[at % out.length] = value;
    return out;
  });
  return fc.oneof(
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 500 }) },
    { weight: 2, arbitrary: text.map(encode) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map(json) },
    ...(samples.length ? [{ weight: 4, arbitrary: fc.constantFrom(...samples).chain((s) => mutated(s)).map(json) }] : []),
    { weight: 2, arbitrary: zip },
    { weight: 2, arbitrary: flipped },
  );
}
