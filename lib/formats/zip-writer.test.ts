import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import { afterAll, describe, expect, test } from "vitest";
import { crc32Table, zipReadable, zipStream, type ZipEntry } from "@/lib/formats/zip-writer";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zip-writer-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function has(command: string): boolean {
  try {
    execFileSync("which", [command], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

async function zipToFile(entries: ZipEntry[] | AsyncIterable<ZipEntry>, name: string): Promise<string> {
  const file = path.join(dir, name);
  const chunks: Uint8Array[] = [];
  for await (const chunk of zipStream(entries, { modified: new Date(2025, 0, 2, 3, 4, 6) })) chunks.push(chunk);
  fs.writeFileSync(file, Buffer.concat(chunks));
  return file;
}

const big = "Lorem ipsum 東京 👍🏽 ".repeat(80_000); // > 1 MiB: takes the streaming compressor
async function* chunked() {
  yield "first chunk, ";
  yield new Uint8Array([0xe2, 0x82]); // a UTF-8 sequence split across chunks…
  yield new Uint8Array([0xac]); // …completed here: "€"
  yield " last";
}

const entries = (): ZipEntry[] => [
  { name: "plain.txt", content: "hello\n" },
  { name: "東京/報告 é.ann", content: "T1\tPlace 0 2\t東京\n" },
  { name: "empty.txt", content: "" },
  { name: "binary.bin", content: Uint8Array.from({ length: 256 }, (_, i) => i) },
  { name: "big.txt", content: big },
  { name: "chunked.txt", content: chunked() },
];

const expected: Record<string, Buffer> = {
  "plain.txt": Buffer.from("hello\n"),
  "東京/報告 é.ann": Buffer.from("T1\tPlace 0 2\t東京\n"),
  "empty.txt": Buffer.alloc(0),
  "binary.bin": Buffer.from(Uint8Array.from({ length: 256 }, (_, i) => i)),
  "big.txt": Buffer.from(big),
  "chunked.txt": Buffer.from("first chunk, € last"),
};

describe("streaming ZIP writer", () => {
  test.skipIf(!has("unzip"))("unzip tests the archive and extracts the same bytes, non-ASCII names included", async () => {
    const file = await zipToFile(entries(), "a.zip");
    expect(execFileSync("unzip", ["-t", file]).toString()).toContain("No errors detected");
    const out = path.join(dir, "unzipped");
    execFileSync("unzip", ["-q", file, "-d", out]);
    for (const [name, bytes] of Object.entries(expected)) expect(fs.readFileSync(path.join(out, name)).equals(bytes), name).toBe(true);
    expect(fs.statSync(path.join(out, "plain.txt")).mode & 0o777).toBe(0o644);
  });

  test.skipIf(!has("python3"))("Python's zipfile reads the same names and bytes", async () => {
    const file = await zipToFile(entries(), "b.zip");
    const script = "import sys,zipfile,json,hashlib\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(json.dumps({i.filename: hashlib.sha256(z.read(i)).hexdigest() for i in z.infolist()}))";
    const listed = JSON.parse(execFileSync("python3", ["-c", script, file]).toString());
    const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
    expect(listed).toEqual(Object.fromEntries(Object.entries(expected).map(([n, b]) => [n, sha(b)])));
  });

  test("local headers defer sizes to a data descriptor (bit 3) and mark names as UTF-8 (bit 11)", async () => {
    const bytes = fs.readFileSync(await zipToFile([{ name: "é.txt", content: "x" }], "c.zip"));
    expect(bytes.readUInt32LE(0)).toBe(0x04034b50);
    expect(bytes.readUInt16LE(6) & 0x0808).toBe(0x0808);
    expect([bytes.readUInt32LE(14), bytes.readUInt32LE(18), bytes.readUInt32LE(22)]).toEqual([0, 0, 0]);
    expect(bytes.subarray(30, 30 + bytes.readUInt16LE(26)).toString("utf8")).toBe("é.txt");
    const descriptor = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x07, 0x08]));
    expect(bytes.readUInt32LE(descriptor + 4)).toBe(zlib.crc32("x"));
    expect(bytes.readUInt32LE(descriptor + 12)).toBe(1);
  });

  test("streams entries as they arrive, before the source is finished", async () => {
    let produced = 0;
    async function* slow(): AsyncGenerator<ZipEntry> {
      for (let i = 0; i < 3; i++) {
        produced++;
        yield { name: `${i}.txt`, content: `entry ${i}` };
      }
    }
    const zip = zipStream(slow());
    await zip.next(); // the first local header
    expect(produced).toBe(1);
    await zip.return(undefined);
  });

  test("zipReadable pipes into a file", async () => {
    const file = path.join(dir, "d.zip");
    await pipeline(zipReadable([{ name: "a.txt", content: "a" }]), fs.createWriteStream(file));
    expect(fs.readFileSync(file).readUInt32LE(fs.statSync(file).size - 22)).toBe(0x06054b50);
  });

  test("refuses unsafe and duplicate names", async () => {
    for (const name of ["/etc/passwd", "../up.txt", "a/../../b", "a\\b.txt", "", "dir//x"]) {
      await expect(zipToFile([{ name, content: "x" }], "e.zip"), name).rejects.toThrow(/Unsafe ZIP entry name/);
    }
    await expect(zipToFile([{ name: "a", content: "1" }, { name: "a", content: "2" }], "f.zip")).rejects.toThrow(/Duplicate/);
  });

  test("an error in an entry's content stream ends the archive with that error", async () => {
    async function* failing() {
      yield "some";
      throw new Error("database went away");
    }
    await expect(zipToFile([{ name: "a.txt", content: failing() }], "g.zip")).rejects.toThrow("database went away");
  });

  test("the table CRC-32 (for Node without zlib.crc32) agrees with zlib's", () => {
    const data = Buffer.from(big.slice(0, 5000));
    expect(crc32Table(data)).toBe(zlib.crc32(data));
    expect(crc32Table(data.subarray(2000), crc32Table(data.subarray(0, 2000)))).toBe(zlib.crc32(data));
  });

  test.skipIf(!has("python3"))("more than 65,535 entries get ZIP64 end records", async () => {
    const count = 65_540;
    function* many(): Generator<ZipEntry> {
      for (let i = 0; i < count; i++) yield { name: `f${i}.txt`, content: String(i) };
    }
    async function* manyAsync() {
      yield* many();
    }
    const file = await zipToFile(manyAsync(), "h.zip");
    // The 16-bit count in the classic end record cannot hold it; the ZIP64 record (56 bytes) and
    // its locator (20) precede the classic end record (22) and carry the real count.
    const bytes = fs.readFileSync(file);
    const record = bytes.length - 22 - 20 - 56;
    expect(bytes.readUInt32LE(record)).toBe(0x06064b50);
    expect(bytes.readBigUInt64LE(record + 32)).toBe(BigInt(count));
    expect(bytes.readBigUInt64LE(bytes.length - 22 - 20 + 8)).toBe(BigInt(record));
    expect(bytes.readUInt16LE(bytes.length - 22 + 10)).toBe(0xffff);
    if (has("unzip")) expect(execFileSync("unzip", ["-tq", file]).toString()).toMatch(/No errors detected/);
    const script = "import sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nn=z.namelist()\nprint(len(n), z.read(n[-1]).decode())";
    expect(execFileSync("python3", ["-c", script, file]).toString().trim()).toBe(`${count} ${count - 1}`);
  }, 60_000);
});
