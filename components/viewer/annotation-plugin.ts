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
};

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
