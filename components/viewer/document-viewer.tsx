"use client";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { EditorContent, useEditor } from "@tiptap/react";
import Document from "@tiptap/extension-document";
import Paragraph from "@tiptap/extension-paragraph";
import Text from "@tiptap/extension-text";
import { TextSelection } from "@tiptap/pm/state";
import { EditorPositions } from "@/lib/anchoring/editor-positions";
import { snapToWords } from "@/lib/anchoring/snap-to-words";
import { expandAnnotations, type CompactAnnotations } from "@/lib/client/compact-annotations";
import { AnnotationLayer } from "@/components/viewer/annotation-plugin";
import { useHighlightPaint } from "@/components/viewer/use-highlight-paint";
import { layOutAhead } from "@/components/viewer/lay-out-ahead";
import { LayersPanel, layerOf, type ColorBy } from "@/components/viewer/layers-panel";
import { ConflictAlerts, UnstoredAlerts } from "@/components/viewer/conflict-alerts";
import { ShortcutsHelp } from "@/components/viewer/shortcuts-help";
import { ViewerControls } from "@/components/viewer/viewer-controls";
import { useDeepLink } from "@/components/viewer/use-deep-link";
import { useTextPointer } from "@/components/viewer/use-text-pointer";
import { focusInPanel } from "@/components/viewer/focus-in-panel";
import { UndoHistory, updateEntry, type UndoSnapshot as Snapshot } from "@/lib/client/undo-history";
import { snapshotOf, useOutboxChanges } from "@/components/viewer/use-outbox-changes";
import { shortcutFor } from "@/lib/client/viewer-shortcuts";
import { AnnotationSidebar } from "@/components/viewer/annotation-sidebar";
import { createRelationHighlight } from "@/components/viewer/relation-highlight";
import { RelationList } from "@/components/viewer/relation-list";
import { useSuggestions } from "@/components/viewer/suggestion-panel";
import { ProposalPanel, useProposals } from "@/components/viewer/proposal-panel";
import { useDocumentRelations, type ViewerRelation, type ViewerRelationType } from "@/components/viewer/use-document-relations";
import { TextOverlay } from "@/components/viewer/text-overlay";
import { textKeys } from "@/components/viewer/text-keys";
import { markOpen, onBeforeCreate, onMount } from "@/components/viewer/open-marks";
import { LabelPopover } from "@/components/viewer/label-popover";
import { AccessEndedNotice } from "@/components/viewer/access-ended";
import { useAnnotationSync, type ShownAnnotation } from "@/components/viewer/use-annotation-sync";
import { useFeedback } from "@/components/viewer/use-feedback";
import { FeedbackNotices } from "@/components/viewer/feedback-notices";
import { RefusedChanges } from "@/components/viewer/refused-changes";
import { supersededRefusals } from "@/lib/client/field-refusals";
import { SelectionPanel } from "@/components/viewer/selection-panel";
import { afterFrame, readConfirmedCount, readHasGold, useStoreAfterChange, useStoreValue } from "@/components/viewer/use-annotation-store";
import { layerColors, type ViewerLabel, type ViewerMember } from "@/components/viewer/viewer-types";

type Props = {
  document: { id: string; projectId: string; text: string; language: string | null };
  labels: ViewerLabel[];
  members: ViewerMember[];
  me: { id: string };
  /** What the person may do, answered on the server by the permission table (lib/server/authz.ts). */
  may: { annotate: boolean; editOthers: boolean };
  /** The annotations to start with, in compact form (compact-annotations.ts): the quotes are read from the text here. */
  initial: CompactAnnotations;
  initialCursor: number;
  /** Regions of low inter-annotator agreement, shown when the page was opened to see them. */
  disagreements?: { start: number; end: number; agreement: number }[];
  relationTypes?: ViewerRelationType[];
  initialRelations?: ViewerRelation[];
  /** The document's heading and details, above the text in its column (so the panel can start at the top). */
  header?: React.ReactNode;
  /** What follows the text in its column (the kept originals). */
  footer?: React.ReactNode;
};

// A stable empty list: a fresh [] default would re-run the paint diff on every render.
const NONE: never[] = [];
const EXTENSIONS = [Document, Paragraph, Text, AnnotationLayer];
// Not editable, with a tab stop: text-keys.ts gives it the caret and keyboard selection an editor has.
const EDITOR_PROPS = {
  attributes: { class: "viewer-text", "aria-label": "Document text", role: "textbox", "aria-readonly": "true", "aria-multiline": "true", tabindex: "0" },
};

export function DocumentViewer({ document: doc, labels, members, me, may, initial, initialCursor, disagreements = NONE, relationTypes = NONE, initialRelations = NONE, header, footer }: Props) {
  markOpen("render");
  const positions = useMemo(() => new EditorPositions(doc.text), [doc.text]);
  const feedback = useFeedback({ projectId: doc.projectId, documentId: doc.id, me: me.id });
  // Only the first render's list is used (the sync keeps its own state from then on).
  const [expanded] = useState(() => expandAnnotations(initial, doc.id, positions.offsets));
  const sync = useAnnotationSync({ documentId: doc.id, userId: me.id, initial: expanded, initialCursor, onServerChanges: feedback.onServerChanges });
  // The annotations live outside React state: this component reads them in handlers, and renders
  // for none of their changes (the painter, the list and the panels each follow what they show).
  const { store } = sync;
  const commented = useMemo(() => new Set(feedback.items.filter((i) => i.kind === "comment").map((i) => i.annotation.id)), [feedback.items]);
  const canAnnotate = may.annotate;
  const relations = useDocumentRelations(doc.id, initialRelations);
  const suggestions = useSuggestions(doc.id);
  // Asked again once the server has a new or removed annotation (the string matcher learns from
  // them); read when changes pause, so a change's frame does not render this component.
  const confirmedCount = useStoreAfterChange(store, readConfirmedCount, { quietMs: 200 });
  const proposals = useProposals(doc.id, canAnnotate, confirmedCount);
  const [colorBy, setColorBy] = useState<ColorBy>("label");
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [flashId, setFlashId] = useState<string | null>(null);
  const [selection, setSelection] = useState<{ start: number; end: number; top: number; left: number } | null>(null);
  const [snap, setSnap] = useState(true);
  const [showHelp, setShowHelp] = useState(false);
  const [overlayHost, setOverlayHost] = useState<HTMLDivElement | null>(null);
  const [chips, setChips] = useState(false);
  const [relationHighlight] = useState(createRelationHighlight);
  const history = useRef(new UndoHistory());
  const settling = useRef<{ start: number; end: number } | null>(null);
  const closeHelp = useCallback(() => setShowHelp(false), []);
  const labelById = useMemo(() => new Map(labels.map((l) => [l.id, l])), [labels]);
  const colors = useMemo(() => layerColors(members), [members]);
  const memberNames = useMemo(() => new Map(members.map((m) => [m.userId, m.name])), [members]);
  const hotkeys = useMemo(() => new Map(labels.filter((l) => l.hotkey).map((l) => [l.hotkey!, l.id])), [labels]);

  const inShownLayer = useCallback((a: ShownAnnotation) => !hidden.has(layerOf(a)), [hidden]);
  /** The selected annotation as it is now (read where it is acted on, not rendered here). */
  const selectedNow = () => (selectedId ? (store.shown.get(selectedId) ?? null) : null);

  // The same options object on every render: TipTap compares them each render and, when one differs,
  // sets them all again on the view — and the content was the whole text split into paragraphs anew.
  // Its paragraphs are made when the editor is created, and not kept after (editor-positions.ts).
  const content = useMemo(() => positions.lazyDocJSON(), [positions]);
  const editor = useEditor({ extensions: EXTENSIONS, content, immediatelyRender: false, shouldRerenderOnTransaction: false, editable: false, editorProps: EDITOR_PROPS, onBeforeCreate, onMount });
  const textBox = useRef<HTMLDivElement>(null);
  useEffect(() => (editor && textBox.current ? textKeys(editor.view, textBox.current) : undefined), [editor]);
  // The first screenful is laid out with the page, the rest in idle periods (a layout effect before the painter's).
  useLayoutEffect(() => (editor ? layOutAhead(editor.view, doc.text.length / positions.lineCount, () => markOpen("laid-out")) : undefined), [editor, doc.text, positions]);

  const painter = useHighlightPaint({
    editor, positions, store, inShownLayer, labelById, colors, colorBy, memberNames, selectedId, flashId, disagreements,
    suggestions: suggestions.suggestions, proposals: proposals.proposals, me: me.id, overlay: overlayHost, chips,
  });

  const { createFrom, update, remove, undo, redo } = useOutboxChanges(sync, history);

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
    // The span just tagged (its selection is let go of after its frame) is not tagged twice; a new one is.
    if (settling.current?.start === start && settling.current.end === end) return null;
    return end > start ? { start, end } : null;
  }, [editor, canAnnotate, positions, snap, doc.language]);

  // In the keypress's frame a tag only paints its highlight (the store's painter does it at once);
  // closing the popover, selecting the new annotation and moving the caret after it (whose
  // selectionchange made the browser lay the page out) follow after that frame.
  const tag = useCallback(
    (labelId: string) => {
      const span = currentSpan();
      if (!span) return;
      const snapshot: Snapshot = { labelId, start: span.start, end: span.end, exact: positions.offsets.slice(span.start, span.end), attributes: {}, note: "" };
      const id = createFrom(snapshot);
      history.current.record({ type: "created", id, snapshot });
      settling.current = span;
      afterFrame(() => {
        if (settling.current === span) settling.current = null;
        setSelection(null);
        setSelectedId(id);
        if (editor && !editor.isDestroyed) editor.view.dispatch(editor.state.tr.setSelection(TextSelection.create(editor.state.doc, positions.toPos(snapshot.end))));
      });
    },
    [currentSpan, positions, createFrom, editor],
  );

  // Escape in the label popover: back to the text, the selection kept (a hotkey still tags it;
  // an arrow key or a new selection moves on).
  const closePopover = useCallback(() => {
    setSelection(null);
    editor?.view.dom.focus({ preventScroll: true });
  }, [editor]);
  // A label chosen in the popover: tagged, and the keyboard is back in the text for the next span.
  const pickFromPopover = useCallback((labelId: string) => {
    tag(labelId);
    editor?.view.dom.focus({ preventScroll: true });
  }, [tag, editor]);

  // By id, not "the selected one": a field's typing may be sent just after another annotation was picked.
  const changeAnnotation = (id: string, patch: Partial<Snapshot>) => {
    const target = store.shown.get(id);
    if (!target) return;
    const entry = updateEntry(target.id, snapshotOf(target), patch);
    // A corrected value replaces the refused one instead of waiting behind it, in the outbox and in the undo history.
    const superseded = supersededRefusals(store.refused, target.id, Object.keys(patch));
    if (!superseded.length) {
      history.current.record(entry);
      return update(target, patch);
    }
    history.current.recordCorrection(entry);
    void (async () => {
      for (const opId of superseded) await sync.discardRefused(opId);
      update(target, patch);
    })();
  };
  // Text fields of the form whose typing waits to be sent: the save status says "Saving…" meanwhile.
  const [typingFields, setTypingFields] = useState(0);
  const onTyping = useCallback((waiting: boolean) => setTypingFields((n) => Math.max(0, n + (waiting ? 1 : -1))), []);
  const deleteSelected = () => {
    const selected = selectedNow();
    if (!selected || selected.authorId !== me.id) return;
    remove(selected);
    history.current.record({ type: "deleted", id: selected.id, snapshot: snapshotOf(selected) });
    // Gone from the text in this frame (the painter); the viewer lets go of the selection after it.
    afterFrame(() => setSelectedId((current) => (current === selected.id ? null : current)));
  };

  /** Scrolls a code-point offset of the text into view (a suggestion, a search match). */
  const showOffset = useCallback(
    (offset: number, behavior: ScrollBehavior = "smooth") => {
      if (!editor) return;
      try {
        // Already on screen (clear of the edges): the text stays where it is rather than jump to centre it.
        const at = editor.view.coordsAtPos(positions.toPos(offset));
        if (at.top >= 48 && at.bottom <= window.innerHeight - 48) return;
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
      const a = store.shown.get(id);
      if (a) showOffset(a.start);
    },
    [showOffset, store],
  );

  const { reload: reloadProposalList } = proposals;
  const { reload: reloadSuggestions } = suggestions;
  const reloadProposals = useCallback(() => Promise.all([reloadProposalList(), reloadSuggestions()]), [reloadProposalList, reloadSuggestions]);
  const showProposal = useCallback((at: { start: number }) => showOffset(at.start), [showOffset]);

  useDeepLink({ editor, positions, annotations: store.shown.live, pick, showOffset });

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
      const action = shortcutFor(event);
      if (action === "undo" || action === "redo") {
        event.preventDefault();
        if (action === "undo") undo();
        else redo();
      } else if (action === "help") {
        event.preventDefault();
        setShowHelp((v) => !v);
      } else if (action === "escape") {
        setSelection(null);
      } else if (action === "next" || action === "previous") {
        event.preventDefault();
        const all = store.shown.sortedNow();
        const visible = hidden.size ? all.filter(inShownLayer) : all;
        if (!visible.length) return;
        const index = visible.findIndex((a) => a.id === selectedId);
        const next = action === "next" ? (index + 1) % visible.length : (index - 1 + visible.length) % visible.length;
        pick(visible[index < 0 ? 0 : next].id);
      } else if (action === "relation" && selectedNow()) {
        event.preventDefault();
        const field = window.document.getElementById("relation-type");
        if (field) focusInPanel(field);
      } else if (action === "delete" && selectedNow() && !selection) {
        event.preventDefault();
        deleteSelected();
      } else if (!mod && !event.altKey && hotkeys.has(event.key.toLowerCase()) && currentSpan()) {
        event.preventDefault();
        tag(hotkeys.get(event.key.toLowerCase())!);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  const { onTextClick, onTextHover } = useTextPointer({ editor, painter, positions, isAnnotation: (id) => store.shown.get(id) !== undefined, onSelect: setSelectedId });

  // The same functions on every render for the memoised panels (the list, the selection's details),
  // calling this render's handlers: a render of the viewer does not render them.
  const handlers = useRef({ pick, changeAnnotation, deleteSelected });
  useLayoutEffect(() => {
    handlers.current = { pick, changeAnnotation, deleteSelected };
  });
  const stablePick = useCallback((id: string) => handlers.current.pick(id), []);
  const stableChange = useCallback((id: string, patch: Partial<Snapshot>) => handlers.current.changeAnnotation(id, patch), []);
  const stableDelete = useCallback(() => handlers.current.deleteSelected(), []);
  const closeSelection = useCallback(() => setSelectedId(null), []);
  const { remove: removeRelationNow } = relations;
  const removeRelation = useCallback((id: string) => void removeRelationNow(id), [removeRelationNow]);

  const hasGold = useStoreValue(store, readHasGold);
  const toggleLayer = (layer: string, shown: boolean) => {
    const next = new Set(hidden);
    if (shown) next.delete(layer);
    else next.add(layer);
    setHidden(next);
  };

  markOpen(editor ? "render-with-editor" : "render-end");
  // A workspace rather than a page: the text takes the width the panel leaves; from lg up the panel
  // stays beside the text the height of the screen (sticky), each of its parts scrolling on its own,
  // so the selected annotation's details are in view wherever the text is scrolled to, and what
  // opens or grows in the panel never moves the text.
  return (
    <div data-workspace className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_clamp(22rem,30vw,38rem)]">
      <div className="min-w-0 space-y-3">
        {header}
        {/* A click on a highlight selects it; from the keyboard Alt+↑/↓ walk the annotations. */}
        {/* Where relations can be drawn, room above the first line for their arcs: they would otherwise rise over the header. */}
        {/* eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-static-element-interactions */}
        <div ref={textBox} onClick={onTextClick} onMouseMove={onTextHover} className={`relative rounded border border-slate-200 bg-white p-6 leading-relaxed ${relationTypes.length ? "pt-16" : ""}`} data-testid="document-text">
          <EditorContent editor={editor} />
          <TextOverlay painter={painter} onHost={setOverlayHost} host={overlayHost} relations={relations.relations} types={relationTypes} annotations={store.shown.live} onPick={pick} highlight={relationHighlight} />
          {!editor ? <div className="whitespace-pre-wrap text-slate-600">{doc.text.slice(0, 2000)}</div> : null}
        </div>
        {selection && canAnnotate ? <LabelPopover labels={labels} position={{ top: selection.top, left: selection.left }} onPick={pickFromPopover} onClose={closePopover} /> : null}
        {footer}
      </div>
      {/* 2.75rem: the page's footer below the workspace (app/layout.tsx); a panel taller than the screen less the footer would be pushed up at the end of the page. */}
      <aside className="flex flex-col gap-3 lg:sticky lg:top-0 lg:h-[calc(100dvh-2.75rem)] lg:self-start lg:py-3" aria-label="Annotations and layers">
        <div className="shrink-0 space-y-2">
          <ViewerControls sync={sync} typing={typingFields > 0} snap={snap} onSnap={setSnap} disagreements={disagreements.length} onHelp={() => setShowHelp(true)} />
          <div className="max-h-[30dvh] space-y-2 overflow-y-auto">
            {sync.accessEnded ? <AccessEndedNotice ended={sync.accessEnded} /> : null}
            <FeedbackNotices notices={feedback.notices} onShow={pick} onDismiss={feedback.dismissNotice} />
            <UnstoredAlerts failures={sync.unstored} onDismiss={sync.dismissUnstored} />
            <ConflictAlerts conflicts={sync.conflicts} labels={labels} annotations={store.shown.live} onDismiss={sync.dismissConflict} onApplyAgain={(op) => void sync.enqueue(op)} />
            <RefusedChanges refused={sync.refused} labels={labels} confirmed={store.state.server} onRetry={(id) => void sync.retryRefused(id)} onDiscard={(id) => void sync.discardRefused(id)} />
          </div>
        </div>
        <SelectionPanel
          selectedId={selectedId}
          store={store}
          refused={sync.refused}
          projectId={doc.projectId}
          me={me.id}
          may={may}
          labels={labels}
          members={members}
          relationTypes={relationTypes}
          relations={relations.relations}
          relationError={relations.error}
          onAddRelation={relations.add}
          onRemoveRelation={removeRelation}
          onChange={stableChange}
          onTyping={onTyping}
          onDelete={stableDelete}
          onClose={closeSelection}
          onPick={stablePick}
        />
        <div data-panel-scroll className="space-y-4 lg:min-h-0 lg:flex-1 lg:overflow-y-auto lg:border-t lg:border-slate-200 lg:px-0.5 lg:pt-3">
          <LayersPanel members={members} me={me.id} colors={colors} hidden={hidden} hasGold={hasGold} colorBy={colorBy} onColorBy={setColorBy} onToggle={toggleLayer} chips={chips} onChips={setChips} />
          <ProposalPanel
            documentId={doc.id}
            proposals={proposals.proposals}
            suggestions={suggestions.suggestions}
            canDecideSuggestions={canAnnotate}
            labels={labels}
            history={history}
            onDecided={reloadProposals}
            onShow={showProposal}
          />
          <AnnotationSidebar store={store} inShownLayer={hidden.size ? inShownLayer : undefined} labels={labels} members={members} selectedId={selectedId} onPick={stablePick} commented={commented} />
          <RelationList relations={relations.relations} store={store} types={relationTypes} onPick={pick} highlight={relationHighlight} />
        </div>
      </aside>
      <ShortcutsHelp open={showHelp} labels={labels} onClose={closeHelp} />
    </div>
  );
}
