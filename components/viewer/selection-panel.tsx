"use client";
import { memo, useDeferredValue, useLayoutEffect, useRef } from "react";
import { AnnotationDetails } from "@/components/viewer/annotation-details";
import { AnnotationRelations } from "@/components/viewer/annotation-relations";
import { AnnotationKnowledge } from "@/components/viewer/annotation-knowledge";
import { fieldRefusals } from "@/lib/client/field-refusals";
import type { UndoSnapshot } from "@/lib/client/undo-history";
import type { AnnotationStore } from "@/lib/client/annotation-store";
import type { RefusedChange } from "@/lib/client/annotation-queue";
import { readList, readMap, useShownAnnotation, useStoreAfterChange } from "@/components/viewer/use-annotation-store";
import type { ViewerRelation, ViewerRelationType } from "@/components/viewer/use-document-relations";
import type { ViewerLabel, ViewerMember } from "@/components/viewer/viewer-types";

type Props = {
  /** The selected annotation; the panel follows it a render after the highlight's frame. */
  selectedId: string | null;
  store: AnnotationStore;
  refused: RefusedChange[];
  projectId: string;
  me: string;
  may: { annotate: boolean; editOthers: boolean };
  labels: ViewerLabel[];
  members: ViewerMember[];
  relationTypes: ViewerRelationType[];
  relations: ViewerRelation[];
  relationError?: string;
  onAddRelation: (typeId: string, fromId: string, toId: string) => Promise<boolean>;
  onRemoveRelation: (id: string) => void;
  onChange: (id: string, patch: Partial<UndoSnapshot>) => void;
  onTyping: (waiting: boolean) => void;
  onDelete: () => void;
  onClose: () => void;
  onPick: (id: string) => void;
};

/**
 * The selected annotation's details, relations and knowledge-base link: the part of the panel
 * that scrolls on its own and opens at its top for each newly picked annotation. Memoised, with
 * the selection deferred: a change elsewhere, or the keypress that selects a new annotation,
 * renders nothing here in the highlight's frame; the panel renders again when its own annotation
 * changes (useShownAnnotation), and its choosers follow the list after the change.
 */
export const SelectionPanel = memo(function SelectionPanel({ selectedId, ...rest }: Props) {
  const id = useDeferredValue(selectedId);
  return id ? <SelectionBody id={id} {...rest} /> : null;
});

const SelectionBody = memo(function SelectionBody({ id, store, refused, projectId, me, may, labels, members, relationTypes, relations, relationError, onAddRelation, onRemoveRelation, onChange, onTyping, onDelete, onClose, onPick }: Omit<Props, "selectedId"> & { id: string }) {
  const annotation = useShownAnnotation(store, id);
  const spans = useStoreAfterChange(store, readList);
  const annotations = useStoreAfterChange(store, readMap);
  const area = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (area.current) area.current.scrollTop = 0;
  }, [id]);
  // Back from the relation form (Escape, or a relation linked): the details from their top, and the
  // keyboard with them (Alt+arrows and the hotkeys work from there). Not back in the text: focusing
  // the editor puts its caret back on screen, scrolling the text away from where the reader is.
  const backToDetails = () => {
    if (!area.current) return;
    area.current.scrollTop = 0;
    area.current.focus({ preventScroll: true });
  };
  if (!annotation) return null;
  const label = labels.find((l) => l.id === annotation.labelId);
  const mine = annotation.authorId === me;
  return (
    <div ref={area} tabIndex={-1} data-panel-scroll data-testid="selection-panel" className="shrink-0 outline-none space-y-4 lg:max-h-[60%] lg:overflow-y-auto lg:px-0.5 lg:pb-1">
      <AnnotationDetails
        // Kept mounted across saves: its fields follow the annotation themselves, and a remount would take the caret away mid-typing.
        key={annotation.id}
        annotation={annotation}
        canDiscuss={may.annotate}
        labels={labels}
        members={members}
        spans={spans}
        canEdit={mine && may.annotate}
        onChange={(patch) => onChange(annotation.id, patch)}
        onTyping={onTyping}
        refusals={fieldRefusals(refused, annotation.id)}
        onDelete={onDelete}
        onClose={onClose}
      />
      <AnnotationRelations
        key={`relations:${annotation.id}`}
        annotation={annotation}
        annotations={annotations}
        spans={spans}
        labels={labels}
        types={relationTypes}
        relations={relations}
        canLink={may.annotate}
        canRemove={(r) => (may.annotate && r.authorId === me) || may.editOthers}
        error={relationError}
        onAdd={onAddRelation}
        onRemove={onRemoveRelation}
        onPick={onPick}
        onDone={backToDetails}
      />
      {label ? (
        <AnnotationKnowledge
          key={`knowledge:${annotation.id}:${annotation.canonicalId ?? ""}`}
          projectId={projectId}
          annotation={annotation}
          kind={label.kind}
          canLink={may.annotate && (mine || may.editOthers)}
        />
      ) : null}
    </div>
  );
});
