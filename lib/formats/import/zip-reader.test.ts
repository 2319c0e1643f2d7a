// Zips made by real tools: Info-ZIP's `zip` and Python's zipfile (the same module behind
// `python3 -m zipfile -c`), including archives crafted to attack the reader.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { readZip, ZipError, type ZipErrorKind } from "@/lib/formats/import/zip-reader";

let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "zip-reader-"));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes `files` under a fresh folder and zips them with `zip -r` (extra flags first). */
function infoZip(name: string, files: Record<string, string | Buffer>, flags: string[] = []): Buffer {
  const root = fs.mkdtempSync(path.join(dir, "src-"));
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
  const out = path.join(dir, name);
  execFileSync("zip", ["-q", "-r", ...flags, out, "."], { cwd: root });
  return fs.readFileSync(out);
}

/** Runs a Python snippet with `zipfile` imported and `out` the path to write; returns the zip. */
function pythonZip(name: string, body: string): Buffer {
  const out = path.join(dir, name);
  execFileSync("python3", ["-c", `import zipfile\nout = ${JSON.stringify(out)}\n${body}`]);
  return fs.readFileSync(out);
}

function refusal(zip: Uint8Array, limits = {}): { kind: ZipErrorKind; message: string } {
  try {
    readZip(zip, limits);
  } catch (error) {
    if (error instanceof ZipError) return { kind: error.kind, message: error.message };
    throw error;
  }
  throw new Error("the zip was accepted");
}

test("reads deflated and stored files made by zip, with folders, UTF-8 names and CRLF kept byte for byte", () => {
  const text = "Kim Jong Un met Putin 🤝 in Vladivostok.\r\n".repeat(200);
  const zip = infoZip("corpus.zip", { "corpus/a.txt": text, "corpus/a.ann": "T1\tPerson 0 11\tKim Jong Un\n", "corpus/données/é.txt": "é", "corpus/empty.txt": "" });
  const entries = readZip(zip);
  const byPath = Object.fromEntries(entries.map((e) => [e.path, Buffer.from(e.data).toString("utf8")]));
  expect(Object.keys(byPath).sort()).toEqual(["corpus/a.ann", "corpus/a.txt", "corpus/données/é.txt", "corpus/empty.txt"]);
  expect(byPath["corpus/a.txt"]).toBe(text);
  expect(byPath["corpus/données/é.txt"]).toBe("é");
  expect(byPath["corpus/empty.txt"]).toBe("");
  // Stored (zip -0) as well as deflated.
  const stored = readZip(infoZip("stored.zip", { "x.txt": "plain" }, ["-0"]));
  expect(stored.map((e) => [e.path, Buffer.from(e.data).toString("utf8")])).toEqual([["x.txt", "plain"]]);
});

test("reads zips written by Python's zipfile, as `python3 -m zipfile -c` makes them", () => {
  const zip = pythonZip("py.zip", `with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:\n  z.writestr("doc.txt", "金正恩 😀\\n" * 100)\n  z.writestr("./doc.ann", "T1\\tX 0 3\\t金正恩\\n")\n  z.writestr("sub/", "")`);
  const entries = readZip(zip);
  expect(entries.map((e) => e.path)).toEqual(["doc.txt", "doc.ann"]);
  expect(Buffer.from(entries[0].data).toString("utf8")).toBe("金正恩 😀\n".repeat(100));
});

test("a 200 MB bomb of zeros is refused from its declared size, at once", () => {
  const bomb = pythonZip(
    "bomb.zip",
    `with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:\n  with z.open("zeros.txt", "w") as f:\n    chunk = bytes(1 << 20)\n    for _ in range(200): f.write(chunk)`,
  );
  expect(bomb.length).toBeLessThan(1024 * 1024);
  const started = performance.now();
  const { kind, message } = refusal(bomb);
  expect(performance.now() - started).toBeLessThan(200);
  expect(kind).toBe("too-large");
  expect(message).toMatch(/"zeros\.txt" would unpack to 200 MB; one file may be at most 50 MB/);
  // Under a larger size limit, the compression ratio still gives it away.
  expect(refusal(bomb, { maxEntryBytes: 500 * 1024 * 1024, maxTotalBytes: 500 * 1024 * 1024 })).toMatchObject({ kind: "too-large", message: expect.stringMatching(/compressed \d+ to 1/) });
});

test("a bomb that lies about its size stops inflating at the size it declared", () => {
  const bomb = Buffer.from(
    pythonZip("liar.zip", `with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:\n  with z.open("zeros.txt", "w") as f:\n    chunk = bytes(1 << 20)\n    for _ in range(200): f.write(chunk)`),
  );
  // Claim 1,000 bytes in both the local header and the central directory.
  const central = bomb.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  bomb.writeUInt32LE(1000, central + 24);
  bomb.writeUInt32LE(1000, 22);
  const started = performance.now();
  expect(refusal(bomb)).toMatchObject({ kind: "too-large", message: expect.stringMatching(/unpacks to more than the 1,000 bytes it declares/) });
  expect(performance.now() - started).toBeLessThan(200);
});

test("total size and number of entries are limited before anything is inflated", () => {
  const files = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`f${i}.txt`, `file ${i} `.repeat(1000)]));
  const zip = infoZip("five.zip", files);
  expect(readZip(zip)).toHaveLength(5);
  expect(refusal(zip, { maxEntries: 4 })).toEqual({ kind: "too-large", message: "the zip has 5 entries; at most 4 are allowed" });
  expect(refusal(zip, { maxTotalBytes: 30_000 })).toMatchObject({ kind: "too-large", message: expect.stringMatching(/^the zip would unpack to more than 30 KB, the most allowed$/) });
  expect(refusal(zip, { maxEntryBytes: 5_000 })).toMatchObject({ kind: "too-large", message: expect.stringMatching(/one file may be at most/) });
});

test("paths that are absolute or climb out with .. are refused, with either slash", () => {
  for (const name of ["../evil.txt", "/etc/passwd", "..\\\\win.txt", "C:/Windows/x.txt", "a/../../b.txt"]) {
    const zip = pythonZip("path.zip", `with zipfile.ZipFile(out, "w") as z:\n  z.writestr("ok.txt", "fine")\n  z.writestr(${JSON.stringify(name)}, "x")`);
    expect(refusal(zip), name).toMatchObject({ kind: "unsafe-path", message: expect.stringMatching(/absolute path|climbs out/) });
  }
});

test("password-protected entries are refused, not read as garbage", () => {
  const zip = infoZip("secret.zip", { "a.txt": "secret text" }, ["-P", "hunter2"]);
  expect(refusal(zip)).toEqual({ kind: "encrypted", message: 'the zip entry "a.txt" is encrypted; upload an archive without a password' });
});

test("compression methods other than deflate are refused by name", () => {
  const zip = pythonZip("bz.zip", `with zipfile.ZipFile(out, "w", zipfile.ZIP_BZIP2) as z:\n  z.writestr("a.txt", "x" * 1000)`);
  expect(refusal(zip)).toMatchObject({ kind: "unsupported", message: expect.stringMatching(/compressed with bzip2/) });
});

test("entries that share their bytes (the overlapping-files bomb) are refused", () => {
  const zip = Buffer.from(pythonZip("two.zip", `with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:\n  z.writestr("a.txt", "a" * 100)\n  z.writestr("b.txt", "a" * 100)`));
  const first = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  const second = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), first + 4);
  zip.writeUInt32LE(0, second + 42); // b.txt's data now points at a.txt's
  expect(refusal(zip)).toMatchObject({ kind: "corrupt", message: expect.stringMatching(/overlap/) });
});

test("damaged archives and other files get a clear refusal", () => {
  expect(refusal(Buffer.from("just some text, not a zip at all"))).toMatchObject({ kind: "not-a-zip" });
  expect(refusal(new Uint8Array(5))).toMatchObject({ kind: "not-a-zip" });
  const zip = infoZip("crc.zip", { "a.txt": "stored text" }, ["-0"]);
  const damaged = Buffer.from(zip);
  damaged[damaged.indexOf("stored text")] ^= 1;
  expect(refusal(damaged)).toEqual({ kind: "corrupt", message: 'the zip is damaged: "a.txt" fails its checksum' });
  // Cut in the middle: the central directory is gone.
  expect(refusal(zip.subarray(0, Math.floor(zip.length / 2)))).toMatchObject({ kind: "not-a-zip" });
});
