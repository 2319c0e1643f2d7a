"use client";
import { useCallback, useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { EditorContent, useEditor } from "@tiptap/react";
import Document from "@tiptap/extension-document";
import Paragraph from "@tiptap/extension-paragraph";
import Text from "@tiptap/extension-text";
import { TextSelection } from "@tiptap/pm/state";
import { Alert, Button } from "@/components/ui/form";
import { Dialog } from "@/components/ui/dialog";
import { EditorPositions } from "@/lib/anchoring/editor-positions";
import { snapToWords } from "@/lib/anchoring/snap-to-words";
import { uuidv7 } from "@/lib/ids";
import { AnnotationLayer } from "@/components/viewer/annotation-plugin";
import { createPainter, type Painter, type Paint } from "@/components/viewer/highlight-painter";
import { AnnotationDetails } from "@/components/viewer/annotation-details";
import { AnnotationSidebar } from "@/components/viewer/annotation-sidebar";
import { AnnotationRelations } from "@/components/viewer/annotation-relations";
import { RelationList } from "@/components/viewer/relation-list";
import { AnnotationKnowledge } from "@/components/viewer/annotation-knowledge";
import { SuggestionPanel, useSuggestions, type ViewerSuggestion } from "@/components/viewer/suggestion-panel";
import { ProposalPanel, useProposals, type ViewerProposal } from "@/components/viewer/proposal-panel";
import { useDocumentRelations, type ViewerRelation, type ViewerRelationType } from "@/components/viewer/use-document-relations";
import { LabelPopover } from "@/components/viewer/label-popover";
import { AccessEndedNotice } from "@/components/viewer/access-ended";
import { useAnnotationSync, type Annotation, type ShownAnnotation } from "@/components/viewer/use-annotation-sync";
import { useFeedback } from "@/components/viewer/use-feedback";
import { FeedbackNotices } from "@/components/viewer/feedback-notices";
import { SaveStatusBadge } from "@/components/viewer/save-status-badge";
import { RefusedChanges } from "@/components/viewer/refused-changes";
import { SignedOutPrompt } from "@/components/viewer/signed-out-prompt";
import { layerColors, translucent, type ViewerLabel, type ViewerMember } from "@/components/viewer/viewer-types";

type Props = {
  document: { id: string; projectId: string; text: string; language: string | null };
  labels: ViewerLabel[];
  members: ViewerMember[];
  me: { id: string };
  /** What the person may do, answered on the server by the permission table (lib/server/authz.ts). */
  may: { annotate: boolean; editOthers: boolean };
  initial: Annotation[];
  initialCursor: number;
  /** Regions of low inter-annotator agreement, shown when the page was opened to see them. */
  disagreements?: { start: number; end: number; agreement: number }[];
  relationTypes?: ViewerRelationType[];
  initialRelations?: ViewerRelation[];
};

// A stable empty list: a fresh [] default would re-run the paint diff on every render.
const NONE: never[] = [];
const GOLD_LAYER = "gold";
const GOLD = { tone: "#854d0e", tint: "#fde047" };
/** Gold annotations form one layer of their own, whoever curated them. */
const layerOf = (a: { gold?: boolean; authorId: string }) => (a.gold ? GOLD_LAYER : a.authorId);

type Snapshot = Pick<Annotation, "labelId" | "start" | "end" | "exact" | "attributes" | "note">;
type UndoEntry =
  | { type: "created"; id: string; snapshot: Snapshot }
  | { type: "deleted"; id: string; snapshot: Snapshot }
  | { type: "updated"; id: string; before: Partial<Snapshot>; after: Partial<Snapshot> };

const SHORTCUTS: [string, string][] = [
  ["Select text", "Mouse, or Shift + arrow keys after clicking into the text"],
  ["Label hotkey", "Tag the selection with that label (shown in the popover)"],
  ["Ctrl+Z / Ctrl+Shift+Z", "Undo / redo your last change"],
  ["Alt+↓ / Alt+↑", "Next / previous annotation"],
  ["Delete", "Delete the selected annotation (your own)"],
  ["Alt+R", "Link the selected annotation to another (relation)"],
  ["Escape", "Clear the selection"],
  ["?", "Show these shortcuts"],
];

export function DocumentViewer({ document: doc, labels, members, me, may, initial, initialCursor, disagreements = NONE, relationTypes = [], initialRelations = [] }: Props) {
  const positions = useMemo(() => new EditorPositions(doc.text), [doc.text]);
  const feedback = useFeedback({ projectId: doc.projectId, documentId: doc.id, me: me.id });
  const sync = useAnnotationSync({ documentId: doc.id, userId: me.id, initial, initialCursor, onServerChanges: feedback.onServerChanges });
  const commented = useMemo(() => new Set(feedback.items.filter((i) => i.kind === "comment").map((i) => i.annotation.id)), [feedback.items]);
  const canAnnotate = may.annotate;
  const relations = useDocumentRelations(doc.id, initialRelations);
  const suggestions = useSuggestions(doc.id);
  const proposals = useProposals(doc.id, canAnnotate, sync.annotations.size);
  const [colorBy, setColorBy] = useState<"label" | "annotator">("label");
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [flashId, setFlashId] = useState<string | null>(null);
  const [selection, setSelection] = useState<{ start: number; end: number; top: number; left: number } | null>(null);
  const [snap, setSnap] = useState(true);
  const [showHelp, setShowHelp] = useState(false);
  const closeHelp = useCallback(() => setShowHelp(false), []);
  const undoStack = useRef<UndoEntry[]>([]);
  const redoStack = useRef<UndoEntry[]>([]);
  const labelById = useMemo(() => new Map(labels.map((l) => [l.id, l])), [labels]);
  const colors = useMemo(() => layerColors(members), [members]);
  const memberNames = useMemo(() => new Map(members.map((m) => [m.userId, m.name])), [members]);
  const hotkeys = useMemo(() => new Map(labels.filter((l) => l.hotkey).map((l) => [l.hotkey!, l.id])), [labels]);

  const visible = useMemo(
    () => [...sync.annotations.values()].filter((a) => !hidden.has(layerOf(a))).sort((a, b) => a.start - b.start || b.end - a.end),
    [sync.annotations, hidden],
  );
  const selected = selectedId ? (sync.annotations.get(selectedId) ?? null) : null;

  const editor = useEditor({
    extensions: [Document, Paragraph, Text, AnnotationLayer],
    content: positions.toDocJSON(),
    immediatelyRender: false,
    shouldRerenderOnTransaction: false,
    editorProps: {
      attributes: { class: "viewer-text", "aria-label": "Document text", role: "textbox", "aria-readonly": "true", "aria-multiline": "true" },
      handleTextInput: () => true,
      handlePaste: () => true,
      handleDrop: () => true,
    },
  });

  // Highlights follow the annotations incrementally: only spans whose annotation object (or
  // selection, flash) changed are painted again — no sort or re-levelling of every span. The
  // annotation objects are immutable, so identity tells what changed. A layout effect, so a new
  // highlight is in the same frame as the state change that made it.
  const painter = useRef<Painter | null>(null);
  const painted = useRef<{ look: unknown[]; sources: Map<string, unknown>; marked: (string | null)[] } | null>(null);
  // Unmounting removes the highlights; the painter belongs to one editor view and is replaced with it.
  useLayoutEffect(() => {
    if (!editor) return;
    if (!painter.current || painter.current.view !== editor.view) {
      painter.current?.destroy();
      painter.current = createPainter(editor.view, positions);
      painted.current = null;
    }
    const look = [labelById, colors, colorBy, memberNames, positions];
    const prev = painted.current;
    const full = !prev || prev.look.some((v, i) => v !== look[i]);
    const marked = new Set([selectedId, flashId, ...(prev?.marked ?? [])]);
    const sources = new Map<string, unknown>();
    const upsert: Paint[] = [];
    const needs = (id: string, source: unknown) => {
      sources.set(id, source);
      return full || prev!.sources.get(id) !== source || marked.has(id);
    };
    disagreements.forEach((d, i) => {
      const id = `disagreement-${i}`;
      if (needs(id, d)) {
        upsert.push({
          id, start: d.start, end: d.end, background: "transparent", underline: "#dc2626", lineStyle: "wavy",
          pending: false, selected: false, flash: false, title: `Low agreement (${Math.round(d.agreement * 100)}% of pairs agree)`,
        });
      }
    });
    // Suggestions: a grey dotted underline, nobody's highlight until accepted.
    for (const sg of suggestions.suggestions) {
      const id = `suggestion-${sg.id}`;
      if (needs(id, sg)) {
        upsert.push({
          id, start: sg.start, end: sg.end, background: "transparent", underline: "#64748b", lineStyle: "dotted",
          pending: false, selected: false, flash: false, title: `Suggestion: ${sg.item.name} (accept or reject beside the text)`,
        });
      }
    }
    // Recommenders' proposals: the same dotted grey, named as a proposal, never as anyone's work.
    // A proposal fetched before the person's own annotation of that span reached the server is not shown twice.
    const mine = new Set(visible.filter((a) => a.authorId === me.id).map((a) => `${a.labelId}:${a.start}:${a.end}`));
    for (const pr of proposals.proposals) {
      const id = `proposal-${pr.id}`;
      if (mine.has(`${pr.labelId}:${pr.start}:${pr.end}`)) continue;
      if (needs(id, pr)) {
        upsert.push({
          id, start: pr.start, end: pr.end, background: "transparent", underline: "#64748b", lineStyle: "dotted",
          pending: false, selected: false, flash: false, title: `Proposed: ${labelById.get(pr.labelId)?.name ?? "?"} (${pr.recommender}; accept or reject beside the text)`,
        });
      }
    }
    for (const a of visible) {
      if (!needs(a.id, a)) continue;
      const label = labelById.get(a.labelId);
      const layer = a.gold ? GOLD : (colors.get(a.authorId) ?? { tone: "#334155", tint: "#cbd5e1" });
      upsert.push({
        id: a.id,
        start: a.start,
        end: a.end,
        background: translucent(colorBy === "label" ? (label?.color ?? "#cbd5e1") : layer.tint),
        underline: layer.tone,
        pending: a.pending,
        selected: a.id === selectedId,
        flash: a.id === flashId,
        title: `${label?.name ?? "?"} · ${a.gold ? "gold layer" : (memberNames.get(a.authorId) ?? "someone")}`,
      });
    }
    const remove = prev ? [...prev.sources.keys()].filter((id) => !sources.has(id)) : [];
    painted.current = { look, sources, marked: [selectedId, flashId] };
    if (upsert.length || remove.length) painter.current.apply(upsert, remove);
  }, [editor, visible, labelById, colors, colorBy, selectedId, flashId, positions, memberNames, disagreements, suggestions.suggestions, proposals.proposals, me.id]);
  useEffect(
    () => () => {
      painter.current?.destroy();
      painter.current = null;
      painted.current = null;
    },
    [],
  );

  // --- changes, all through the outbox ---------------------------------------------------------
  const createFrom = useCallback(
    (snapshot: Snapshot) => {
      const id = uuidv7();
      void sync.enqueue({ kind: "create", annotationId: id, body: { id, ...snapshot } });
      return id;
    },
    [sync],
  );
  const update = useCallback(
    (a: ShownAnnotation, patch: Partial<Snapshot>) => {
      void sync.enqueue({ kind: "update", annotationId: a.id, body: { version: a.pending ? null : a.version, ...patch } });
    },
    [sync],
  );
  const remove = useCallback(
    (a: ShownAnnotation) => {
      void sync.enqueue({ kind: "delete", annotationId: a.id, body: { version: a.pending ? null : a.version } });
    },
    [sync],
  );
  const snapshotOf = (a: ShownAnnotation): Snapshot => ({ labelId: a.labelId, start: a.start, end: a.end, exact: a.exact, attributes: a.attributes, note: a.note });

  // The selection in code points, read from the editor itself (not from React state, which may
  // lag a fast typist by a render).
  const currentSpan = useCallback((): { start: number; end: number } | null => {
    if (!editor || !canAnnotate) return null;
    let { from, to } = editor.state.selection;
    // The browser's selection may be a step ahead of the editor's (it reads selection changes
    // asynchronously); when it lies in the text, it is the truth.
    const dom = window.getSelection();
    if (dom && dom.rangeCount && dom.anchorNode && dom.focusNode && editor.view.dom.contains(dom.anchorNode) && editor.view.dom.contains(dom.focusNode)) {
      const a = editor.view.posAtDOM(dom.anchorNode, dom.anchorOffset);
      const b = editor.view.posAtDOM(dom.focusNode, dom.focusOffset);
      [from, to] = [Math.min(a, b), Math.max(a, b)];
    }
    if (from === to) return null;
    let start = positions.toCodePoint(from);
    let end = positions.toCodePoint(to, true);
    if (snap) ({ start, end } = snapToWords(positions.offsets, start, end, doc.language ?? "en"));
    return end > start ? { start, end } : null;
  }, [editor, canAnnotate, positions, snap, doc.language]);

  const tag = useCallback(
    (labelId: string) => {
      const span = currentSpan();
      if (!span) return;
      const snapshot: Snapshot = { labelId, start: span.start, end: span.end, exact: positions.offsets.slice(span.start, span.end), attributes: {}, note: "" };
      const id = createFrom(snapshot);
      undoStack.current.push({ type: "created", id, snapshot });
      redoStack.current = [];
      setSelection(null);
      setSelectedId(id);
      if (editor) editor.view.dispatch(editor.state.tr.setSelection(TextSelection.create(editor.state.doc, positions.toPos(snapshot.end))));
    },
    [currentSpan, positions, createFrom, editor],
  );

  const applyInverse = useCallback(
    (entry: UndoEntry): UndoEntry | null => {
      const current = sync.annotations.get(entry.id);
      if (entry.type === "created") {
        if (!current) return null;
        remove(current);
        return { type: "deleted", id: entry.id, snapshot: entry.snapshot };
      }
      if (entry.type === "deleted") {
        const id = createFrom(entry.snapshot);
        return { type: "created", id, snapshot: entry.snapshot };
      }
      if (!current) return null;
      update(current, entry.before);
      return { type: "updated", id: entry.id, before: entry.after, after: entry.before };
    },
    [sync.annotations, remove, createFrom, update],
  );
  const undo = useCallback(() => {
    const entry = undoStack.current.pop();
    const inverse = entry && applyInverse(entry);
    if (inverse) redoStack.current.push(inverse);
  }, [applyInverse]);
  const redo = useCallback(() => {
    const entry = redoStack.current.pop();
    const inverse = entry && applyInverse(entry);
    if (inverse) undoStack.current.push(inverse);
  }, [applyInverse]);

  const changeSelected = (patch: Partial<Snapshot>) => {
    if (!selected) return;
    const before: Partial<Snapshot> = {};
    for (const key of Object.keys(patch) as (keyof Snapshot)[]) (before as Record<string, unknown>)[key] = selected[key];
    update(selected, patch);
    undoStack.current.push({ type: "updated", id: selected.id, before, after: patch });
    redoStack.current = [];
  };
  const deleteSelected = () => {
    if (!selected || selected.authorId !== me.id) return;
    remove(selected);
    undoStack.current.push({ type: "deleted", id: selected.id, snapshot: snapshotOf(selected) });
    redoStack.current = [];
    setSelectedId(null);
  };

  /** Scrolls a code-point offset of the text into view (a suggestion, a search match). */
  const showOffset = useCallback(
    (offset: number, behavior: ScrollBehavior = "smooth") => {
      if (!editor) return;
      try {
        const dom = editor.view.domAtPos(positions.toPos(offset));
        (dom.node.nodeType === 1 ? (dom.node as Element) : dom.node.parentElement)?.scrollIntoView({ block: "center", behavior });
      } catch {
        // An offset outside this text (a stale link or suggestion): nothing to show.
      }
    },
    [editor, positions],
  );

  const pick = useCallback(
    (id: string) => {
      setSelectedId(id);
      setFlashId(id);
      setTimeout(() => setFlashId((f) => (f === id ? null : f)), 1200);
      const a = sync.annotations.get(id);
      if (a) showOffset(a.start);
    },
    [showOffset, sync.annotations],
  );


  // Opened from the review queue (?annotation=<id>): show that annotation in context, once.
  const deepLinked = useRef(false);
  useEffect(() => {
    if (!editor || deepLinked.current) return;
    deepLinked.current = true;
    const params = new URLSearchParams(window.location.search);
    const id = params.get("annotation");
    // After the first paint, so the highlight exists to scroll to.
    if (id && sync.annotations.has(id)) requestAnimationFrame(() => pick(id));
    // Opened from search (?at=<start>-<end>, code points): select the match, ready to be tagged.
    const at = /^(\d+)-(\d+)$/.exec(params.get("at") ?? "");
    const [start, end] = at ? [Number(at[1]), Number(at[2])] : [0, 0];
    if (at && start < end) {
      requestAnimationFrame(() => {
        try {
          editor.chain().focus().setTextSelection({ from: positions.toPos(start), to: positions.toPos(end) }).run();
          showOffset(start, "auto");
        } catch {
          // Offsets outside this text (a stale link): open at the top.
        }
      });
    }
  }, [editor, pick, sync.annotations, positions, showOffset]);

  // Selection → label popover; a click on a highlight selects that annotation.
  useEffect(() => {
    if (!editor) return;
    const onSelection = () => {
      const span = currentSpan();
      if (!span) return setSelection(null);
      const coords = editor.view.coordsAtPos(editor.state.selection.to);
      setSelection({ ...span, top: Math.min(coords.bottom + 8, window.innerHeight - 140), left: Math.max(8, Math.min(coords.left, window.innerWidth - 440)) });
    };
    editor.on("selectionUpdate", onSelection);
    return () => void editor.off("selectionUpdate", onSelection);
  }, [editor, currentSpan]);

  // Keyboard: hotkeys tag, Ctrl+Z undoes, Alt+arrows walk the annotations, ? helps.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target instanceof Element ? event.target : null;
      const inField = !!target?.closest("input, textarea, select");
      if (inField) return;
      // Behind a modal dialog the viewer takes no keys; "?" still toggles the shortcuts help.
      if (target?.closest("dialog[open]") && event.key !== "?") return;
      const mod = event.ctrlKey || event.metaKey;
      if (mod && event.key.toLowerCase() === "z") {
        event.preventDefault();
        if (event.shiftKey) redo();
        else undo();
      } else if (mod && event.key.toLowerCase() === "y") {
        event.preventDefault();
        redo();
      } else if (event.key === "?") {
        event.preventDefault();
        setShowHelp((v) => !v);
      } else if (event.key === "Escape") {
        setSelection(null);
        setShowHelp(false);
      } else if (event.altKey && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
        event.preventDefault();
        if (!visible.length) return;
        const index = visible.findIndex((a) => a.id === selectedId);
        const next = event.key === "ArrowDown" ? (index + 1) % visible.length : (index - 1 + visible.length) % visible.length;
        pick(visible[index < 0 ? 0 : next].id);
      } else if (event.altKey && event.code === "KeyR" && selected) {
        event.preventDefault();
        window.document.getElementById("relation-type")?.focus();
      } else if ((event.key === "Delete" || event.key === "Backspace") && selected && !selection) {
        event.preventDefault();
        deleteSelected();
      } else if (!mod && !event.altKey && hotkeys.has(event.key.toLowerCase()) && currentSpan()) {
        event.preventDefault();
        tag(hotkeys.get(event.key.toLowerCase())!);
      } else if (target?.closest(".viewer-text") && !mod && event.key.length === 1) {
        // The text is read-only: ordinary typing does nothing.
        event.preventDefault();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  // Highlights are not elements: a click or hover finds the spans under the pointer by offset.
  const annotationsAt = (event: React.MouseEvent): string[] => {
    if (!editor || !painter.current || !editor.view.dom.contains(event.target as Node)) return [];
    const hit = editor.view.posAtCoords({ left: event.clientX, top: event.clientY });
    if (!hit) return [];
    return painter.current.levels.at(positions.toCodePoint(hit.pos)).filter((id) => !id.startsWith("disagreement-") && !id.startsWith("suggestion-"));
  };
  const onTextClick = (event: React.MouseEvent) => {
    if (!(window.getSelection()?.isCollapsed ?? true)) return;
    const [id] = annotationsAt(event);
    if (id) setSelectedId(id);
  };
  const hoverFrame = useRef(0);
  const onTextHover = (event: React.MouseEvent) => {
    const target = event.currentTarget as HTMLElement;
    const { clientX, clientY } = event;
    cancelAnimationFrame(hoverFrame.current);
    hoverFrame.current = requestAnimationFrame(() => {
      if (!editor || !painter.current) return;
      const hit = editor.view.posAtCoords({ left: clientX, top: clientY });
      const ids = hit ? painter.current.levels.at(positions.toCodePoint(hit.pos)) : [];
      const title = ids.map((id) => painter.current!.levels.spans.get(id)?.title).join("\n");
      if (target.title !== title) target.title = title;
      target.style.cursor = ids.some((id) => sync.annotations.has(id)) ? "pointer" : "";
    });
  };

  // The list beside the text follows a render later, so it never holds up the highlight's frame.
  const listed = useDeferredValue(visible);
  const listedSelectedId = useDeferredValue(selectedId);
  // The details panels mount a render after the highlight is painted, not in its frame.
  const panel = useDeferredValue(selected);
  const pickRef = useRef(pick);
  useLayoutEffect(() => {
    pickRef.current = pick;
  });
  const stablePick = useCallback((id: string) => pickRef.current(id), []);

  const entities = visible.filter((a) => labelById.get(a.labelId)?.kind === "ENTITY");
  const hasGold = useMemo(() => [...sync.annotations.values()].some((a) => a.gold), [sync.annotations]);
  const toggleLayer = (layer: string, shown: boolean) => {
    const next = new Set(hidden);
    if (shown) next.delete(layer);
    else next.add(layer);
    setHidden(next);
  };

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
      <div className="space-y-3">
        <div className="flex flex-wrap items-center gap-3 text-sm" role="region" aria-label="Viewer controls">
          <SaveStatusBadge state={sync.status.state} pending={sync.status.pending} />
          <SignedOutPrompt signedOut={sync.session.signedOut} waiting={sync.status.pending} otherAccount={sync.session.otherAccount} check={sync.session.check} />
          <span className="text-slate-600" data-testid="live-status">{sync.accessEnded ? "Stopped" : sync.live ? "Live" : "Connecting…"}</span>
          {sync.viewers.length ? (
            <span className="text-slate-700" data-testid="presence">Also here: {sync.viewers.map((v) => v.name).join(", ")}</span>
          ) : null}
          <label className="flex items-center gap-1">
            <input type="checkbox" checked={snap} onChange={(e) => setSnap(e.target.checked)} /> Snap to words
          </label>
          {disagreements.length ? (
            <span className="text-red-800" data-testid="disagreement-count">{disagreements.length} region(s) of low agreement underlined in red</span>
          ) : null}
          <Button variant="secondary" className="ml-auto px-2 py-1" onClick={() => setShowHelp(true)} aria-keyshortcuts="?">
            Shortcuts (?)
          </Button>
        </div>
        {sync.accessEnded ? <AccessEndedNotice ended={sync.accessEnded} /> : null}
        <FeedbackNotices notices={feedback.notices} onShow={pick} onDismiss={feedback.dismissNotice} />
        {sync.conflicts.map((c) => (
          <Alert key={c.opId}>
            <p>
              Your change to “{c.current?.exact ?? c.mine.annotationId}” was not saved: {c.message}
            </p>
            <div className="mt-2 flex gap-2">
              <Button variant="secondary" onClick={() => sync.dismissConflict(c.opId)}>Keep theirs</Button>
              {c.current && !c.current.deleted && c.mine.kind !== "create" ? (
                <Button
                  onClick={() => {
                    const { version: _v, ...mine } = c.mine.body;
                    void sync.enqueue({ kind: c.mine.kind, annotationId: c.annotationId, body: { ...mine, version: c.current!.version } });
                    sync.dismissConflict(c.opId);
                  }}
                >
                  Apply mine again
                </Button>
              ) : null}
            </div>
          </Alert>
        ))}
        <RefusedChanges refused={sync.refused} labels={labels} confirmed={sync.confirmed} onRetry={(id) => void sync.retryRefused(id)} onDiscard={(id) => void sync.discardRefused(id)} />
        {/* A click on a highlight selects it; from the keyboard Alt+↑/↓ walk the annotations. */}
        {/* eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-static-element-interactions */}
        <div onClick={onTextClick} onMouseMove={onTextHover} className="rounded border border-slate-200 bg-white p-6 leading-relaxed" data-testid="document-text">
          <EditorContent editor={editor} />
          {!editor ? <div className="whitespace-pre-wrap text-slate-600">{doc.text.slice(0, 2000)}</div> : null}
        </div>
        {selection && canAnnotate ? <LabelPopover labels={labels} position={{ top: selection.top, left: selection.left }} onPick={tag} /> : null}
      </div>
      <aside className="space-y-4" aria-label="Annotations and layers">
        {panel ? (
          <AnnotationDetails
            key={`${panel.id}:${panel.version}:${panel.pending}:${panel.reviewState}`}
            annotation={panel}
            canDiscuss={canAnnotate}
            labels={labels}
            members={members}
            entities={entities}
            canEdit={panel.authorId === me.id && canAnnotate}
            onChange={changeSelected}
            onDelete={deleteSelected}
            onClose={() => setSelectedId(null)}
          />
        ) : null}
        {panel ? (
          <AnnotationRelations
            key={`relations:${panel.id}`}
            annotation={panel}
            annotations={sync.annotations}
            labels={labels}
            types={relationTypes}
            relations={relations.relations}
            canLink={canAnnotate}
            canRemove={(r) => (canAnnotate && r.authorId === me.id) || may.editOthers}
            error={relations.error}
            onAdd={relations.add}
            onRemove={(id) => void relations.remove(id)}
            onPick={pick}
          />
        ) : null}
        {panel && labelById.get(panel.labelId) ? (
          <AnnotationKnowledge
            key={`knowledge:${panel.id}:${panel.canonicalId ?? ""}`}
            projectId={doc.projectId}
            annotation={panel}
            kind={labelById.get(panel.labelId)!.kind}
            canLink={canAnnotate && (panel.authorId === me.id || may.editOthers)}
          />
        ) : null}
        <section aria-labelledby="layers-heading" className="space-y-2 text-sm">
          <h2 id="layers-heading" className="font-semibold">Layers</h2>
          <fieldset className="flex gap-3">
            <legend className="sr-only">Colour highlights by</legend>
            <label className="flex items-center gap-1">
              <input type="radio" name="colorBy" checked={colorBy === "label"} onChange={() => setColorBy("label")} /> Colour by label
            </label>
            <label className="flex items-center gap-1">
              <input type="radio" name="colorBy" checked={colorBy === "annotator"} onChange={() => setColorBy("annotator")} /> by annotator
            </label>
          </fieldset>
          <ul className="space-y-1">
            {members.map((m) => (
              <li key={m.userId}>
                <label className="flex items-center gap-2">
                  <input type="checkbox" checked={!hidden.has(m.userId)} onChange={(e) => toggleLayer(m.userId, e.target.checked)} />
                  <span className="inline-block h-1 w-5 rounded" style={{ backgroundColor: colors.get(m.userId)?.tone }} aria-hidden />
                  {m.userId === me.id ? `${m.name} (you)` : m.name}
                </label>
              </li>
            ))}
            {hasGold ? (
              <li>
                <label className="flex items-center gap-2">
                  <input type="checkbox" checked={!hidden.has(GOLD_LAYER)} onChange={(e) => toggleLayer(GOLD_LAYER, e.target.checked)} />
                  <span className="inline-block h-1 w-5 rounded" style={{ backgroundColor: GOLD.tone }} aria-hidden />
                  Gold layer (curated)
                </label>
              </li>
            ) : null}
          </ul>
        </section>
        <SuggestionPanel
          suggestions={suggestions.suggestions}
          labels={labels}
          canDecide={canAnnotate}
          onDecided={suggestions.reload}
          onShow={(sg: ViewerSuggestion) => showOffset(sg.start)}
        />
        <ProposalPanel
          documentId={doc.id}
          proposals={proposals.proposals}
          labels={labels}
          onDecided={proposals.reload}
          onShow={(pr: ViewerProposal) => showOffset(pr.start)}
        />
        <AnnotationSidebar annotations={listed} labels={labels} members={members} selectedId={listedSelectedId} onPick={stablePick} commented={commented} />
        <RelationList relations={relations.relations} annotations={sync.annotations} types={relationTypes} onPick={pick} />
      </aside>
      <Dialog open={showHelp} onClose={closeHelp} title="Keyboard shortcuts">
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          {SHORTCUTS.map(([keys, what]) => (
            <div key={keys} className="contents">
              <dt><kbd className="rounded border border-slate-300 bg-slate-50 px-1">{keys}</kbd></dt>
              <dd>{what}</dd>
            </div>
          ))}
          {labels.filter((l) => l.hotkey).map((l) => (
            <div key={l.id} className="contents">
              <dt><kbd className="rounded border border-slate-300 bg-slate-50 px-1">{l.hotkey}</kbd></dt>
              <dd>{l.name} ({l.kind.toLowerCase()})</dd>
            </div>
          ))}
        </dl>
        <form method="dialog">
          <Button type="submit" className="mt-4">Close</Button>
        </form>
      </Dialog>
    </div>
  );
}
