// The viewer shows each line of the canonical text as one ProseMirror paragraph. This maps
// between code-point offsets (what annotations store) and ProseMirror document positions.
// A paragraph opens with one position, so the UTF-16 index u on line L (L newlines before it)
// sits at position u + L + 1: each "\n" (one code unit) becomes a close + open (two positions).
import { OffsetMap } from "@/lib/anchoring/offsets";

export type ParagraphJSON = { type: "paragraph"; content?: { type: "text"; text: string }[] };

export class EditorPositions {
  readonly offsets: OffsetMap;
  /** UTF-16 index where each line starts. */
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    this.offsets = new OffsetMap(text);
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) this.lineStarts.push(i + 1);
  }

  get lineCount() {
    return this.lineStarts.length;
  }

  /** The editor content: one paragraph per line, empty lines as empty paragraphs. */
  toDocJSON(): { type: "doc"; content: ParagraphJSON[] } {
    return { type: "doc", content: EditorPositions.paragraphs(this.text) };
  }

  /**
   * The same content for the editor, made when the editor reads it — once, as it is created — so
   * that the paragraph objects are not kept beside the editor's own document while the page is
   * open (the editor's options hold their `content` for the editor's lifetime).
   */
  lazyDocJSON(): { readonly type: "doc"; readonly content: ParagraphJSON[] } {
    const text = this.text;
    return {
      type: "doc",
      get content() {
        return EditorPositions.paragraphs(text);
      },
    };
  }

  private static paragraphs(text: string): ParagraphJSON[] {
    return text.split("\n").map((line) => (line ? { type: "paragraph", content: [{ type: "text", text: line }] } : { type: "paragraph" }));
  }

  /** Lines (0-based) that begin at or before UTF-16 index u, minus one: the line of u. */
  private lineOfUtf16(u: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.lineStarts[mid] <= u) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Code-point offset → its line (0-based) and UTF-16 index within that line. */
  lineOffset(codePoint: number): [line: number, offset: number] {
    const u = this.offsets.toUtf16(codePoint);
    const line = this.lineOfUtf16(u);
    return [line, u - this.lineStarts[line]];
  }

  /** Code-point offset → editor position. */
  toPos(codePoint: number): number {
    const u = this.offsets.toUtf16(codePoint);
    return u + this.lineOfUtf16(u) + 1;
  }

  /**
   * Editor position → code-point offset. A position between paragraphs (after a line's last
   * character or before the next line's first) maps to the newline between them.
   */
  toCodePoint(pos: number, roundUp = false): number {
    // Line L spans positions [lineStarts[L] + L + 1, lineEnd + L + 1]; find the last line whose
    // content starts at or before pos.
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.lineStarts[mid] + mid + 1 <= pos) lo = mid;
      else hi = mid - 1;
    }
    const lineEnd = lo + 1 < this.lineStarts.length ? this.lineStarts[lo + 1] - 1 : this.text.length;
    const u = Math.min(Math.max(pos - lo - 1, this.lineStarts[lo]), lineEnd);
    return this.offsets.toCodePoint(u, roundUp);
  }
}
