// A streaming ZIP writer without dependencies (PKWARE APPNOTE 6.3). Each entry is written as it
// arrives: a local header with sizes and CRC left zero and general-purpose bit 3 set, the deflated
// data, then a data descriptor with the real values — so neither the server nor the client waits
// for an entry to be complete before bytes flow. Names are UTF-8 (bit 11), so non-ASCII file names
// unzip correctly.
//
// Memory: one entry's compressor plus the central directory, which has to be written at the end and
// costs about 50 bytes + name per entry.
//
// Size limits: archives over 4 GiB or with more than 65,535 entries get ZIP64 end records and
// ZIP64 offsets in the central directory (cheap, and a brat export of 40,000 documents has 80,000
// files). A single entry of 4 GiB or more is refused with ZipLimitError: its sizes would need a
// ZIP64 local header decided before the data is seen, and no export entry comes near that.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";

export type ZipContent = string | Uint8Array | AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;
export type ZipEntry = { name: string; content: ZipContent; modified?: Date };
export type ZipOptions = { /** Timestamp for entries without their own; default now. */ modified?: Date };

export class ZipLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ZipLimitError";
  }
}

const MAX_32 = 0xffffffff;
const MAX_16 = 0xffff;
const FLAGS = 0x0008 | 0x0800; // sizes in a data descriptor; UTF-8 names
const DEFLATE = 8;
const VERSION = 20; // 2.0: deflate
const VERSION_ZIP64 = 45;
const MADE_BY_UNIX = 3 << 8;
const FILE_MODE = 0o100644; // regular file, rw-r--r--, so unzip does not create executable files
/** Contents up to this size are compressed in one synchronous call; larger ones stream. */
const SYNC_LIMIT = 1 << 20;

type Written = { name: Uint8Array; crc: number; compressed: number; size: number; offset: number; time: number; date: number };

/** The ZIP archive of `entries`, as byte chunks, produced as entries are consumed. */
export async function* zipStream(entries: AsyncIterable<ZipEntry> | Iterable<ZipEntry>, options: ZipOptions = {}): AsyncGenerator<Uint8Array> {
  const central: Written[] = [];
  const names = new Set<string>();
  let offset = 0;

  for await (const entry of entries) {
    const name = entryName(entry.name, names);
    const { time, date } = dosDateTime(entry.modified ?? options.modified ?? new Date());
    const header = localHeader(name, time, date);
    yield header;

    let crc = 0;
    let size = 0;
    let compressed = 0;
    const raw = (chunk: Uint8Array) => {
      crc = crc32(chunk, crc);
      size += chunk.length;
      if (size >= MAX_32) throw new ZipLimitError(`"${entry.name}" is 4 GiB or larger; the ZIP export does not support entries that big`);
    };
    for await (const chunk of deflate(entry.content, raw)) {
      compressed += chunk.length;
      if (compressed >= MAX_32) throw new ZipLimitError(`"${entry.name}" compresses to 4 GiB or more; the ZIP export does not support entries that big`);
      yield chunk;
    }
    const descriptor = dataDescriptor(crc, compressed, size);
    yield descriptor;
    central.push({ name, crc, compressed, size, offset, time, date });
    offset += header.length + compressed + descriptor.length;
  }

  const directoryStart = offset;
  for (const entry of central) {
    const record = centralRecord(entry);
    offset += record.length;
    yield record;
  }
  yield endRecords(central.length, directoryStart, offset - directoryStart);
}

/** zipStream as a Node Readable, for piping into an HTTP response. */
export function zipReadable(entries: AsyncIterable<ZipEntry> | Iterable<ZipEntry>, options?: ZipOptions): Readable {
  return Readable.from(zipStream(entries, options), { objectMode: false });
}

function entryName(name: string, seen: Set<string>): Uint8Array {
  // Names that would escape the extraction folder or mean different files on different systems.
  if (!name || name.startsWith("/") || name.includes("\\") || name.includes("\0") || name.split("/").some((part) => part === ".." || part === "")) {
    throw new Error(`Unsafe ZIP entry name: ${JSON.stringify(name)}`);
  }
  if (seen.has(name)) throw new Error(`Duplicate ZIP entry name: ${JSON.stringify(name)}`);
  seen.add(name);
  const bytes = Buffer.from(name, "utf8");
  if (bytes.length > MAX_16) throw new Error(`ZIP entry name too long: ${name.slice(0, 40)}…`);
  return bytes;
}

async function* deflate(content: ZipContent, raw: (chunk: Uint8Array) => void): AsyncGenerator<Uint8Array> {
  if (typeof content === "string" || content instanceof Uint8Array) {
    const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
    if (bytes.length <= SYNC_LIMIT) {
      raw(bytes);
      yield zlib.deflateRawSync(bytes);
      return;
    }
    content = chunksOf(bytes);
  }
  const source = content;
  async function* bytesOf() {
    for await (const chunk of source) {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
      raw(bytes);
      yield bytes;
    }
  }
  // The compressor runs asynchronously, off the event loop's critical path; its output is read as
  // it is produced while pipeline() feeds it (and destroys it if the source throws).
  const compressor = zlib.createDeflateRaw();
  const fed = pipeline(Readable.from(bytesOf()), compressor);
  fed.catch(() => {}); // the same error surfaces from the iteration below
  for await (const chunk of compressor) yield chunk as Buffer;
  await fed;
}

function* chunksOf(bytes: Uint8Array, size = 1 << 16): Generator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

function localHeader(name: Uint8Array, time: number, date: number): Uint8Array {
  const b = Buffer.alloc(30 + name.length);
  b.writeUInt32LE(0x04034b50, 0);
  b.writeUInt16LE(VERSION, 4);
  b.writeUInt16LE(FLAGS, 6);
  b.writeUInt16LE(DEFLATE, 8);
  b.writeUInt16LE(time, 10);
  b.writeUInt16LE(date, 12);
  // CRC-32 (14), sizes (18, 22) stay zero: they follow in the data descriptor.
  b.writeUInt16LE(name.length, 26);
  b.writeUInt16LE(0, 28);
  b.set(name, 30);
  return b;
}

function dataDescriptor(crc: number, compressed: number, size: number): Uint8Array {
  const b = Buffer.alloc(16);
  b.writeUInt32LE(0x08074b50, 0);
  b.writeUInt32LE(crc, 4);
  b.writeUInt32LE(compressed, 8);
  b.writeUInt32LE(size, 12);
  return b;
}

function centralRecord(e: Written): Uint8Array {
  const zip64 = e.offset >= MAX_32;
  const extra = zip64 ? 12 : 0; // ZIP64 extended information: only the local header offset
  const b = Buffer.alloc(46 + e.name.length + extra);
  b.writeUInt32LE(0x02014b50, 0);
  b.writeUInt16LE(MADE_BY_UNIX | VERSION_ZIP64, 4);
  b.writeUInt16LE(zip64 ? VERSION_ZIP64 : VERSION, 6);
  b.writeUInt16LE(FLAGS, 8);
  b.writeUInt16LE(DEFLATE, 10);
  b.writeUInt16LE(e.time, 12);
  b.writeUInt16LE(e.date, 14);
  b.writeUInt32LE(e.crc, 16);
  b.writeUInt32LE(e.compressed, 20);
  b.writeUInt32LE(e.size, 24);
  b.writeUInt16LE(e.name.length, 28);
  b.writeUInt16LE(extra, 30);
  // comment length (32), disk number (34), internal attributes (36) stay zero
  b.writeUInt32LE((FILE_MODE << 16) >>> 0, 38);
  b.writeUInt32LE(zip64 ? MAX_32 : e.offset, 42);
  b.set(e.name, 46);
  if (zip64) {
    const at = 46 + e.name.length;
    b.writeUInt16LE(0x0001, at);
    b.writeUInt16LE(8, at + 2);
    b.writeBigUInt64LE(BigInt(e.offset), at + 4);
  }
  return b;
}

function endRecords(count: number, directoryStart: number, directorySize: number): Uint8Array {
  const zip64 = count >= MAX_16 || directoryStart >= MAX_32 || directorySize >= MAX_32;
  const parts: Buffer[] = [];
  if (zip64) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4); // size of the rest of this record
    record.writeUInt16LE(MADE_BY_UNIX | VERSION_ZIP64, 12);
    record.writeUInt16LE(VERSION_ZIP64, 14);
    // this disk (16), disk with the directory (20) stay zero
    record.writeBigUInt64LE(BigInt(count), 24);
    record.writeBigUInt64LE(BigInt(count), 32);
    record.writeBigUInt64LE(BigInt(directorySize), 40);
    record.writeBigUInt64LE(BigInt(directoryStart), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(directoryStart + directorySize), 8); // where the record above starts
    locator.writeUInt32LE(1, 16); // total disks
    parts.push(record, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(count, MAX_16), 8);
  end.writeUInt16LE(Math.min(count, MAX_16), 10);
  end.writeUInt32LE(Math.min(directorySize, MAX_32), 12);
  end.writeUInt32LE(Math.min(directoryStart, MAX_32), 16);
  parts.push(end);
  return Buffer.concat(parts);
}

/** MS-DOS date and time fields (local time, 2-second resolution; years 1980–2107). */
function dosDateTime(d: Date): { time: number; date: number } {
  const year = Math.min(Math.max(d.getFullYear(), 1980), 2107);
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

/** CRC-32 (IEEE), continuing from `previous`; zlib's own where Node has it (20.15+). */
export function crc32(data: Uint8Array, previous = 0): number {
  return typeof zlib.crc32 === "function" ? zlib.crc32(data, previous) : crc32Table(data, previous);
}

/** The table-driven CRC-32 for Node versions without zlib.crc32. */
export function crc32Table(data: Uint8Array, previous = 0): number {
  let crc = ~previous >>> 0;
  for (let i = 0; i < data.length; i++) crc = CRC_TABLE[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return ~crc >>> 0;
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
