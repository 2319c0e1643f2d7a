import { Schema } from "@tiptap/pm/model";
import { EditorState } from "@tiptap/pm/state";
import { expect, test } from "vitest";
import { annotationPlugin, annotationPluginKey, overlapLevels, type SpanView } from "@/components/viewer/annotation-plugin";

const schema = new Schema({ nodes: { doc: { content: "paragraph+" }, paragraph: { content: "text*" }, text: {} } });
const doc = schema.nodeFromJSON({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Kim Jong Un met Vladimir Putin." }] }, { type: "paragraph", content: [{ type: "text", text: "Second line." }] }] });

const span = (id: string, from: number, to: number, level = 0): SpanView => ({
  id, from, to, level, background: "#fcd34d99", underline: "#000", pending: false, selected: false, flash: false, title: id,
});
const ids = (state: EditorState) => annotationPluginKey.getState(state)!.set.find().map((d) => (d.spec as { id: string }).id).sort();

test("overlapping and nested spans get distinct levels; disjoint spans share level 0", () => {
  const levels = overlapLevels([
    { id: "outer", from: 0, to: 30 },
    { id: "inner", from: 5, to: 10 },
    { id: "overlap", from: 8, to: 40 },
    { id: "later", from: 41, to: 50 },
  ]);
  expect(Object.fromEntries(levels)).toEqual({ outer: 0, inner: 1, overlap: 2, later: 0 });
});

test("the decoration set changes one annotation at a time: add, replace, remove", () => {
  let state = EditorState.create({ doc, plugins: [annotationPlugin] });
  state = state.apply(state.tr.setMeta(annotationPluginKey, { upsert: [span("a", 1, 12), span("b", 5, 20, 1)] }));
  expect(ids(state)).toEqual(["a", "b"]);
  const before = annotationPluginKey.getState(state)!.byId.get("a");
  state = state.apply(state.tr.setMeta(annotationPluginKey, { upsert: [span("b", 5, 25, 1)] }));
  expect(annotationPluginKey.getState(state)!.byId.get("a")).toBe(before);
  expect(annotationPluginKey.getState(state)!.set.find().find((d) => (d.spec as { id: string }).id === "b")?.to).toBe(25);
  // A span across the paragraph break is one decoration.
  state = state.apply(state.tr.setMeta(annotationPluginKey, { upsert: [span("c", 20, 40, 2)], remove: ["a"] }));
  expect(ids(state)).toEqual(["b", "c"]);
  // Transactions without our meta leave the set alone.
  const set = annotationPluginKey.getState(state)!.set;
  state = state.apply(state.tr.setSelection(state.selection));
  expect(annotationPluginKey.getState(state)!.set).toBe(set);
});
