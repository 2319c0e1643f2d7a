"use client";
import { useLayoutEffect, useRef } from "react";
import { AnnotationDetails } from "@/components/viewer/annotation-details";
import { AnnotationRelations } from "@/components/viewer/annotation-relations";
import { AnnotationKnowledge } from "@/components/viewer/annotation-knowledge";
import { fieldRefusals } from "@/lib/client/field-refusals";
import type { UndoSnapshot } from "@/lib/client/undo-history";
import type { useAnnotationSync, ShownAnnotation } from "@/components/viewer/use-annotation-sync";
import type { useDocumentRelations, ViewerRelationType } from "@/components/viewer/use-document-relations";
import type { ViewerLabel, ViewerMember } from "@/components/viewer/viewer-types";

/**
 * The selected annotation's details, relations and knowledge-base link: the part of the panel
 * that scrolls on its own and opens at its top for each newly picked annotation.
 */
export function SelectionPanel({ annotation, projectId, me, may, labels, members, spans, relationTypes, sync, relations, onChange, onTyping, onDelete, onClose, onPick }: {
  annotation: ShownAnnotation;
  projectId: string;
  me: string;
  may: { annotate: boolean; editOthers: boolean };
  labels: ViewerLabel[];
  members: ViewerMember[];
  /** The shown annotations in text order. */
  spans: ShownAnnotation[];
  relationTypes: ViewerRelationType[];
  sync: ReturnType<typeof useAnnotationSync>;
  relations: ReturnType<typeof useDocumentRelations>;
  onChange: (patch: Partial<UndoSnapshot>) => void;
  onTyping: (waiting: boolean) => void;
  onDelete: () => void;
  onClose: () => void;
  onPick: (id: string) => void;
}) {
  const area = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (area.current) area.current.scrollTop = 0;
  }, [annotation.id]);
  // Back from the relation form (Escape, or a relation linked): the details from their top, and the
  // keyboard with them (Alt+arrows and the hotkeys work from there). Not back in the text: focusing
  // the editor puts its caret back on screen, scrolling the text away from where the reader is.
  const backToDetails = () => {
    if (!area.current) return;
    area.current.scrollTop = 0;
    area.current.focus({ preventScroll: true });
  };
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
        onChange={onChange}
        onTyping={onTyping}
        refusals={fieldRefusals(sync.refused, annotation.id)}
        onDelete={onDelete}
        onClose={onClose}
      />
      <AnnotationRelations
        key={`relations:${annotation.id}`}
        annotation={annotation}
        annotations={sync.annotations}
        spans={spans}
        labels={labels}
        types={relationTypes}
        relations={relations.relations}
        canLink={may.annotate}
        canRemove={(r) => (may.annotate && r.authorId === me) || may.editOthers}
        error={relations.error}
        onAdd={relations.add}
        onRemove={(id) => void relations.remove(id)}
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
}
