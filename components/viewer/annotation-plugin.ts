// Annotations are ProseMirror decorations, never marks: they do not change the document, spans
// of many people may overlap freely, and the set is updated incrementally — adding or changing
// one annotation touches one decoration, not all of them.
import { Extension } from "@tiptap/core";
import { Plugin, PluginKey, type EditorState, type Transaction } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";

export type SpanView = {
  id: string;
  from: number;
  to: number;
  /** Background colour (a label or annotator colour, with transparency so overlaps show). */
  background: string;
  /** Underline colour identifying the annotator's layer. */
  underline: string;
  pending: boolean;
  selected: boolean;
  flash: boolean;
  title: string;
  /** Nesting level among overlapping spans (see overlapLevels). */
  level: number;
};

/**
 * ProseMirror merges the attributes of overlapping inline decorations that use the same element,
 * so two spans' ids and colours would collapse into one. Giving every overlap level its own
 * element name makes them nest instead: each span keeps its own element, id and colour.
 * Greedy interval colouring: the lowest level free at a span's start.
 */
export function overlapLevels(spans: { id: string; from: number; to: number }[]): Map<string, number> {
  const sorted = [...spans].sort((a, b) => a.from - b.from || b.to - a.to);
  const levelEnds: number[] = [];
  const levels = new Map<string, number>();
  for (const span of sorted) {
    let level = levelEnds.findIndex((end) => end <= span.from);
    if (level < 0) level = levelEnds.length;
    levelEnds[level] = span.to;
    levels.set(span.id, level);
  }
  return levels;
}

type State = { set: DecorationSet; byId: Map<string, Decoration> };
export type AnnotationMeta = { upsert?: SpanView[]; remove?: string[]; reset?: SpanView[] };

export const annotationPluginKey = new PluginKey<State>("annotations");

function toDecoration(span: SpanView): Decoration {
  const classes = ["anno"];
  if (span.pending) classes.push("anno-pending");
  if (span.selected) classes.push("anno-selected");
  if (span.flash) classes.push("anno-flash");
  return Decoration.inline(
    span.from,
    span.to,
    {
      nodeName: `awb-l${span.level}`,
      class: classes.join(" "),
      style: `background-color: ${span.background}; box-shadow: inset 0 -2px 0 ${span.underline};`,
      "data-annotation-id": span.id,
      title: span.title,
    },
    { id: span.id },
  );
}

export const annotationPlugin = new Plugin<State>({
  key: annotationPluginKey,
  state: {
    init: () => ({ set: DecorationSet.empty, byId: new Map() }),
    apply(tr: Transaction, state: State): State {
      const meta = tr.getMeta(annotationPluginKey) as AnnotationMeta | undefined;
      if (!meta) return state;
      if (meta.reset) {
        const byId = new Map(meta.reset.map((s) => [s.id, toDecoration(s)]));
        return { set: DecorationSet.create(tr.doc, [...byId.values()]), byId };
      }
      const byId = new Map(state.byId);
      const stale: Decoration[] = [];
      for (const id of [...(meta.remove ?? []), ...(meta.upsert ?? []).map((s) => s.id)]) {
        const old = byId.get(id);
        if (old) stale.push(old);
        byId.delete(id);
      }
      const fresh = (meta.upsert ?? []).map((s) => {
        const d = toDecoration(s);
        byId.set(s.id, d);
        return d;
      });
      return { set: state.set.remove(stale).add(tr.doc, fresh), byId };
    },
  },
  props: {
    decorations: (state: EditorState) => annotationPluginKey.getState(state)?.set,
  },
});

/** The text is immutable: every transaction that would change the document is dropped. */
const readOnlyText = new Plugin({ filterTransaction: (tr) => !tr.docChanged });

export const AnnotationLayer = Extension.create({
  name: "annotationLayer",
  addProseMirrorPlugins: () => [annotationPlugin, readOnlyText],
});
