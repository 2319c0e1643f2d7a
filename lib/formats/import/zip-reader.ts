// Reads an uploaded zip (brat corpora come zipped) entirely in memory, from its central directory,
// refusing anything that could exhaust memory or smuggle paths: too many entries, declared or
// actual sizes over the limits, implausible compression ratios, entries that overlap (the
// "overlapping files" zip bomb), encryption, and paths that are absolute or climb with "..".
// Only what brat needs: stored and deflated entries, no ZIP64, no multi-part archives.
import { inflateRawSync } from "node:zlib";

export type ZipLimits = {
  /** Most entries (files and folders) the archive may list. */
  maxEntries?: number;
  /** Most bytes all files may hold together once uncompressed. */
  maxTotalBytes?: number;
  /** Most bytes one file may hold once uncompressed. */
  maxEntryBytes?: number;
  /** Largest uncompressed : compressed ratio for an entry bigger than 64 KiB. */
  maxRatio?: number;
};

export const DEFAULT_ZIP_LIMITS: Required<ZipLimits> = {
  maxEntries: 10_000,
  maxTotalBytes: 100 * 1024 * 1024,
  maxEntryBytes: 50 * 1024 * 1024,
  maxRatio: 100,
};

/** Entries smaller than this are not ratio-checked: tiny files compress absurdly well and harmlessly. */
const RATIO_FLOOR = 64 * 1024;

/** `too-large` is the one a server answers with 413; the others are invalid input. */
export type ZipErrorKind = "not-a-zip" | "corrupt" | "unsupported" | "encrypted" | "unsafe-path" | "too-large";

export class ZipError extends Error {
  constructor(
    readonly kind: ZipErrorKind,
    message: string,
  ) {
    super(message);
    this.name = "ZipError";
  }
}

/** A file of the archive: its path (forward slashes, no "." segments) and its bytes. Folders are left out. */
export type ZipEntry = { path: string; data: Uint8Array };

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

const FLAG_ENCRYPTED = 0x0001;
const FLAG_STRONG_ENCRYPTION = 0x0040;
const FLAG_UTF8 = 0x0800;

const METHOD_NAMES: Record<number, string> = { 1: "shrink", 6: "implode", 9: "deflate64", 12: "bzip2", 14: "LZMA", 93: "zstd", 95: "xz", 98: "PPMd", 99: "AES encryption" };

const megabytes = (n: number) =>
  n < 1024 * 1024 ? `${Math.ceil(n / 1024)} KB` : `${(n / (1024 * 1024)).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;

// CP437, the zip format's legacy file-name encoding (bytes 0x80–0xFF).
const CP437_HIGH =
  "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0";

function decodeName(bytes: Uint8Array, utf8Flag: boolean): string {
  try {
    // Many tools write UTF-8 names without setting the flag, so try UTF-8 first either way.
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    if (utf8Flag) throw new ZipError("corrupt", "a file name in the zip is not valid UTF-8");
    return Array.from(bytes, (b) => (b < 0x80 ? String.fromCharCode(b) : CP437_HIGH[b - 0x80])).join("");
  }
}

/**
 * The entry's path with forward slashes and no "." or empty segments (a folder keeps its trailing
 * slash; the archive's root is ""); refuses anything that could escape a folder.
 */
function safePath(name: string): string {
  const shown = JSON.stringify(name);
  if (name.includes("\0")) throw new ZipError("unsafe-path", `the zip entry ${shown} has a NUL character in its name`);
  const path = name.replace(/\\/g, "/");
  if (path.startsWith("/") || /^[a-zA-Z]:/.test(path)) throw new ZipError("unsafe-path", `the zip entry ${shown} has an absolute path; entries must be relative`);
  const segments = path.split("/");
  if (segments.includes("..")) throw new ZipError("unsafe-path", `the zip entry ${shown} climbs out of the archive with ".."`);
  return segments.filter((s, i) => s !== "." && (s !== "" || (i === segments.length - 1 && i > 0))).join("/");
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = CRC_TABLE[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function findEndOfCentralDirectory(view: DataView): number {
  // The record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
  const lowest = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let at = view.byteLength - 22; at >= lowest; at--) {
    if (view.getUint32(at, true) === EOCD && at + 22 + view.getUint16(at + 20, true) <= view.byteLength) return at;
  }
  throw new ZipError("not-a-zip", "this is not a zip file (no end-of-central-directory record); upload a .zip archive");
}

type CentralEntry = {
  name: string;
  path: string;
  directory: boolean;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  symlink: boolean;
};

/**
 * Every file of the archive, in central-directory order. Throws ZipError, before inflating
 * anything, when the declared sizes or the structure break a limit, and while inflating, as soon
 * as an entry produces more than it declared.
 */
export function readZip(zip: Uint8Array, limits: ZipLimits = {}): ZipEntry[] {
  const { maxEntries, maxTotalBytes, maxEntryBytes: maxEntry, maxRatio } = { ...DEFAULT_ZIP_LIMITS, ...limits };
  const maxEntryBytes = Math.min(maxEntry, maxTotalBytes);
  if (zip.byteLength < 22) throw new ZipError("not-a-zip", "this is not a zip file (too short); upload a .zip archive");
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);

  const eocd = findEndOfCentralDirectory(view);
  if (eocd >= 20 && view.getUint32(eocd - 20, true) === ZIP64_LOCATOR) {
    throw new ZipError("unsupported", "this zip uses the ZIP64 extension, which is not supported; re-create it with a standard zip tool");
  }
  if (view.getUint16(eocd + 4, true) !== 0 || view.getUint16(eocd + 6, true) !== 0) {
    throw new ZipError("unsupported", "this zip is split into several parts; upload it as a single archive");
  }
  const count = view.getUint16(eocd + 10, true);
  const directorySize = view.getUint32(eocd + 12, true);
  const directoryOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    throw new ZipError("unsupported", "this zip uses the ZIP64 extension, which is not supported; re-create it with a standard zip tool");
  }
  if (count > maxEntries) throw new ZipError("too-large", `the zip has ${count.toLocaleString("en")} entries; at most ${maxEntries.toLocaleString("en")} are allowed`);
  if (directoryOffset + directorySize > eocd) throw new ZipError("corrupt", "the zip is damaged: its central directory lies outside the file");

  const entries: CentralEntry[] = [];
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > eocd || view.getUint32(at, true) !== CENTRAL) throw new ZipError("corrupt", `the zip is damaged: central directory entry ${i + 1} is unreadable`);
    const nameLength = view.getUint16(at + 28, true);
    const next = at + 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    if (next > eocd) throw new ZipError("corrupt", `the zip is damaged: central directory entry ${i + 1} runs past its end`);
    const flags = view.getUint16(at + 8, true);
    const name = decodeName(zip.subarray(at + 46, at + 46 + nameLength), (flags & FLAG_UTF8) !== 0);
    const madeByUnix = view.getUint8(at + 5) === 3;
    const mode = view.getUint32(at + 38, true) >>> 16;
    const compressedSize = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const localOffset = view.getUint32(at + 42, true);
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) {
      throw new ZipError("unsupported", "this zip uses the ZIP64 extension, which is not supported; re-create it with a standard zip tool");
    }
    const directory = name.endsWith("/") || name.endsWith("\\");
    const path = safePath(name);
    if (!directory && (path === "" || path.endsWith("/"))) throw new ZipError("corrupt", `the zip has a file without a name (${JSON.stringify(name)})`);
    entries.push({
      name,
      path,
      directory,
      flags,
      method: view.getUint16(at + 10, true),
      crc: view.getUint32(at + 16, true),
      compressedSize,
      size,
      localOffset,
      symlink: madeByUnix && (mode & 0o170000) === 0o120000,
    });
    at = next;
  }

  // Everything that can be judged from the directory, before a single byte is inflated.
  const seen = new Set<string>();
  let declaredTotal = 0;
  for (const entry of entries) {
    const shown = JSON.stringify(entry.name);
    if (entry.flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION) || entry.method === 99) {
      throw new ZipError("encrypted", `the zip entry ${shown} is encrypted; upload an archive without a password`);
    }
    if (entry.symlink) throw new ZipError("unsafe-path", `the zip entry ${shown} is a symbolic link; include the file itself`);
    if (entry.directory) continue;
    if (seen.has(entry.path)) throw new ZipError("unsafe-path", `the zip lists ${JSON.stringify(entry.path)} twice`);
    seen.add(entry.path);
    if (entry.method !== 0 && entry.method !== 8) {
      const method = METHOD_NAMES[entry.method] ?? `method ${entry.method}`;
      throw new ZipError("unsupported", `the zip entry ${shown} is compressed with ${method}; re-create the zip with standard (deflate) compression`);
    }
    if (entry.size > maxEntryBytes) {
      throw new ZipError("too-large", `the zip entry ${shown} would unpack to ${megabytes(entry.size)}; one file may be at most ${megabytes(maxEntryBytes)}`);
    }
    declaredTotal += entry.size;
    if (declaredTotal > maxTotalBytes) {
      throw new ZipError("too-large", `the zip would unpack to more than ${megabytes(maxTotalBytes)}, the most allowed`);
    }
    if (entry.size > RATIO_FLOOR && entry.size > entry.compressedSize * maxRatio) {
      throw new ZipError("too-large", `the zip entry ${shown} is compressed ${Math.round(entry.size / Math.max(1, entry.compressedSize))} to 1, more than a real text file ever is (limit ${maxRatio} to 1)`);
    }
  }

  // Where each entry's data lies; entries may not share bytes (how the best zip bombs are built).
  const located = entries.map((entry) => {
    const shown = JSON.stringify(entry.name);
    const header = entry.localOffset;
    if (header + 30 > directoryOffset || view.getUint32(header, true) !== LOCAL) {
      throw new ZipError("corrupt", `the zip is damaged: the data of ${shown} is missing`);
    }
    const localFlags = view.getUint16(header + 6, true);
    if (localFlags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) throw new ZipError("encrypted", `the zip entry ${shown} is encrypted; upload an archive without a password`);
    const dataStart = header + 30 + view.getUint16(header + 26, true) + view.getUint16(header + 28, true);
    const dataEnd = dataStart + entry.compressedSize;
    if (dataEnd > directoryOffset) throw new ZipError("corrupt", `the zip is damaged: the data of ${shown} runs past the end of the archive`);
    return { entry, header, dataStart, dataEnd };
  });
  const byOffset = [...located].sort((a, b) => a.header - b.header);
  for (let i = 1; i < byOffset.length; i++) {
    if (byOffset[i].header < byOffset[i - 1].dataEnd) {
      throw new ZipError("corrupt", `the zip entries ${JSON.stringify(byOffset[i - 1].entry.name)} and ${JSON.stringify(byOffset[i].entry.name)} overlap; this archive is malformed or a zip bomb`);
    }
  }

  const files: ZipEntry[] = [];
  for (const { entry, dataStart, dataEnd } of located) {
    if (entry.directory) continue;
    const shown = JSON.stringify(entry.name);
    const compressed = zip.subarray(dataStart, dataEnd);
    let data: Uint8Array;
    if (entry.method === 0) {
      if (entry.compressedSize !== entry.size) throw new ZipError("corrupt", `the zip is damaged: ${shown} is stored with two different sizes`);
      data = new Uint8Array(compressed);
    } else {
      try {
        // Never produce more than the entry declared: a lying header costs no memory.
        data = inflateRawSync(compressed, { maxOutputLength: Math.max(1, entry.size) });
      } catch (error) {
        if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
          throw new ZipError("too-large", `the zip entry ${shown} unpacks to more than the ${entry.size.toLocaleString("en")} bytes it declares; refusing a likely zip bomb`);
        }
        throw new ZipError("corrupt", `the zip is damaged: ${shown} cannot be decompressed (${(error as Error).message})`);
      }
    }
    if (data.length !== entry.size) {
      throw new ZipError(data.length > entry.size ? "too-large" : "corrupt", `the zip is damaged: ${shown} unpacks to ${data.length} bytes but declares ${entry.size}`);
    }
    if (crc32(data) !== entry.crc) throw new ZipError("corrupt", `the zip is damaged: ${shown} fails its checksum`);
    files.push({ path: entry.path, data });
  }
  return files;
}
