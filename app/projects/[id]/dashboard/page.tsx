import type { ReactNode } from "react";
import { can } from "@/lib/server/authz";
import { getProject } from "@/lib/server/projects/get-project";
import { progressFigures } from "@/lib/server/figures/figures";
import { FiguresStatus } from "@/components/dashboard/figures-status";
import { pageProjectAccess, pageUser } from "@/lib/server/session/page-user";
import { ProjectNav } from "@/components/projects/project-nav";
import { Bar } from "@/components/dashboard/bar";
import { AgreementLineChart } from "@/components/dashboard/agreement-line-chart";
import { SharedWarning } from "@/components/dashboard/shared-warning";
import { Table, TBody, THead, Td, Th } from "@/components/ui/table";
import { Card } from "@/components/ui/panel";
import { RecommenderFiguresTable } from "@/components/recommenders/recommender-figures-table";
import { recommenderFigures } from "@/lib/server/recommenders/recommender-figures";

export const metadata = { title: "Dashboard" };

// Cells stay on one line: headers and figures never wrap, names and titles truncate with the
// full text in a title attribute (long titles used to wrap into three-line rows). Browsers
// ignore max-width on table cells themselves: the limit sits on a block inside.
const oneLine = "block max-w-[20rem] truncate";
const show = (x: number | null) => (x === null || Number.isNaN(x) ? "—" : x.toFixed(3));
const STATE_COLORS = { PENDING: "#94a3b8", ACCEPTED: "#15803d", REJECTED: "#b91c1c" } as const;

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-2">
      <h2 id={id} className="text-lg font-semibold">{title}</h2>
      {children}
    </section>
  );
}

export default async function DashboardPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await pageUser(`/projects/${id}/dashboard`);
  const access = await pageProjectAccess(user.id, id);
  const project = await getProject(access);
  if (!can(access, "see-progress")) {
    return (
      <div className="space-y-6">
        <ProjectNav access={access} name={project.name} current="dashboard" />
        <p className="text-slate-700">The dashboard is for curators and owners. Your own documents are listed on the project page.</p>
      </div>
    );
  }
  const [{ figures: p, ...status }, recommenders] = await Promise.all([progressFigures(access), recommenderFigures(access)]);
  // Counted live (one grouped statement), so shown even while the progress figures are computed.
  const recommenderSection = (
    <Section id="recommenders-heading" title="Recommenders">
      <RecommenderFiguresTable figures={recommenders} caption="Recommender results" />
    </Section>
  );
  if (!p) {
    return (
      <div className="space-y-6">
        <ProjectNav access={access} name={project.name} current="dashboard" />
        <FiguresStatus status={status} />
        {recommenderSection}
      </div>
    );
  }
  const maxAnnotations = Math.max(1, ...p.annotators.map((a) => a.annotations), ...p.documents.map((d) => d.annotations));
  const maxLabel = Math.max(1, ...p.labels.map((l) => l.count));
  const reviewed = p.reviewStates.PENDING + p.reviewStates.ACCEPTED + p.reviewStates.REJECTED;
  const totals = [
    { key: "documents-done", label: "Documents done", value: `${p.totals.documentsDone} of ${p.totals.documents}` },
    { key: "assignments-finished", label: "Assignments finished", value: `${p.totals.finishedAssignments} of ${p.totals.assignments}` },
    { key: "annotations", label: "Annotations", value: String(p.totals.annotations) },
    { key: "gold", label: "Gold annotations", value: String(p.totals.gold) },
  ];

  return (
    <div className="space-y-8">
      <ProjectNav access={access} name={project.name} current="dashboard" />
      <FiguresStatus status={status} />
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
        {totals.map((t) => (
          <Card key={t.key}>
            <dt className="text-xs text-slate-600">{t.label}</dt>
            <dd className="text-xl font-semibold tabular-nums" data-testid={`total-${t.key}`}>{t.value}</dd>
          </Card>
        ))}
      </dl>

      <Section id="annotators-heading" title="Progress per annotator">
        <Table aria-labelledby="annotators-heading">
          <THead>
            <tr>
              <Th>Annotator</Th>
              <Th>Finished / assigned</Th>
              <Th>Annotations</Th>
              <Th numeric>Accepted</Th>
              <Th numeric>Rejected</Th>
              <Th numeric>Pending</Th>
            </tr>
          </THead>
          <TBody>
            {p.annotators.map((a) => (
              <tr key={a.userId} data-testid="annotator-row">
                <Th scope="row" className="font-normal"><span className={oneLine} title={a.name}>{a.name}</span></Th>
                <Td wrap="nowrap">
                  <div className="flex items-center gap-2">
                    <Bar value={a.assigned} max={Math.max(1, ...p.annotators.map((x) => x.assigned))} part={a.finished} label={`${a.finished} of ${a.assigned} finished`} />
                    <span className="tabular-nums" data-testid="finished">{a.finished} / {a.assigned}</span>
                  </div>
                </Td>
                <Td wrap="nowrap">
                  <div className="flex items-center gap-2">
                    <Bar value={a.annotations} max={maxAnnotations} color="#7c3aed" label={`${a.annotations} annotations`} />
                    <span className="tabular-nums" data-testid="annotations">{a.annotations}</span>
                  </div>
                </Td>
                <Td numeric wrap="nowrap" data-testid="accepted">{a.accepted}</Td>
                <Td numeric wrap="nowrap" data-testid="rejected">{a.rejected}</Td>
                <Td numeric wrap="nowrap" data-testid="pending">{a.pending}</Td>
              </tr>
            ))}
          </TBody>
        </Table>
      </Section>

      <Section id="documents-heading" title="Progress per document">
        <Table aria-labelledby="documents-heading">
          <THead>
            <tr>
              <Th>Document</Th>
              <Th>Finished / assigned</Th>
              <Th numeric>Annotators</Th>
              <Th>Annotations</Th>
              <Th numeric>Gold</Th>
            </tr>
          </THead>
          <TBody>
            {p.documents.map((d) => (
              <tr key={d.documentId} data-testid="document-row">
                <Th scope="row" className="font-normal"><span className={oneLine} title={d.title}>{d.title}</span></Th>
                <Td wrap="nowrap">
                  <div className="flex items-center gap-2">
                    <Bar value={d.assigned} max={Math.max(1, ...p.documents.map((x) => x.assigned))} part={d.finished} label={`${d.finished} of ${d.assigned} finished`} />
                    <span className="tabular-nums" data-testid="finished">{d.finished} / {d.assigned}</span>
                  </div>
                </Td>
                <Td numeric wrap="nowrap" data-testid="annotators">{d.annotators}</Td>
                <Td wrap="nowrap">
                  <div className="flex items-center gap-2">
                    <Bar value={d.annotations} max={maxAnnotations} color="#7c3aed" label={`${d.annotations} annotations`} />
                    <span className="tabular-nums" data-testid="annotations">{d.annotations}</span>
                  </div>
                </Td>
                <Td numeric wrap="nowrap" data-testid="gold">{d.gold}</Td>
              </tr>
            ))}
          </TBody>
        </Table>
      </Section>

      <div className="grid gap-8 lg:grid-cols-2">
        <Section id="labels-heading" title="Labels used">
          <table className="min-w-full text-sm" aria-labelledby="labels-heading">
            <tbody>
              {p.labels.map((l) => (
                <tr key={l.id} data-testid="label-row">
                  <th scope="row" className="py-1 pr-3 text-left font-normal whitespace-nowrap">{l.name} <span className="text-xs text-slate-600">{l.kind.toLowerCase()}</span></th>
                  <td className="py-1"><Bar value={l.count} max={maxLabel} color={l.color} label={`${l.name}: ${l.count}`} /></td>
                  <td className="py-1 pl-2 text-right tabular-nums" data-testid="count">{l.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>

        <Section id="states-heading" title="Review states">
          <div className="flex h-5 w-full max-w-md overflow-hidden rounded bg-slate-100" role="img" aria-label={`Pending ${p.reviewStates.PENDING}, accepted ${p.reviewStates.ACCEPTED}, rejected ${p.reviewStates.REJECTED}`}>
            {(["ACCEPTED", "REJECTED", "PENDING"] as const).map((s) =>
              reviewed ? <div key={s} style={{ width: `${(p.reviewStates[s] / reviewed) * 100}%`, backgroundColor: STATE_COLORS[s] }} /> : null,
            )}
          </div>
          <dl className="flex gap-6 text-sm">
            {(["PENDING", "ACCEPTED", "REJECTED"] as const).map((s) => (
              <div key={s} className="flex items-center gap-1">
                <dt className="flex items-center gap-1">
                  <span className="inline-block h-3 w-3 rounded-sm" style={{ backgroundColor: STATE_COLORS[s] }} aria-hidden />
                  {s.toLowerCase()}
                </dt>
                <dd className="font-semibold tabular-nums" data-testid={`state-${s.toLowerCase()}`}>{p.reviewStates[s]}</dd>
              </div>
            ))}
          </dl>
        </Section>
      </div>

      <Section id="agreement-heading" title="Agreement over time">
        {p.totals.madeWhileShared > 0 ? <SharedWarning count={p.totals.madeWhileShared} of={p.totals.annotations} /> : null}
        {p.agreementOverTime.length === 0 ? (
          <p className="text-sm text-slate-700">No annotations yet.</p>
        ) : (
          <div className="grid gap-6 lg:grid-cols-2">
            <AgreementLineChart points={p.agreementOverTime} />
            <table className="text-sm" aria-label="Agreement over time">
              <thead className="text-left">
                <tr>
                  <th scope="col" className="pr-4">As of</th>
                  <th scope="col" className="pr-4 text-right">Annotations</th>
                  <th scope="col" className="pr-4 text-right">α</th>
                  <th scope="col" className="text-right">Fleiss’ κ</th>
                </tr>
              </thead>
              <tbody>
                {p.agreementOverTime.map((point, i) => (
                  <tr key={i} data-testid="agreement-point">
                    <td className="pr-4">{point.at.replace("T", " ").slice(0, 19)} UTC</td>
                    <td className="pr-4 text-right tabular-nums">{point.annotations}</td>
                    <td className="pr-4 text-right tabular-nums" data-testid="alpha">{show(point.krippendorffAlpha)}</td>
                    <td className="text-right tabular-nums">{show(point.fleissKappa)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="text-xs text-slate-600">
          Each point replays the annotation history up to that moment; the moments are spread over the changes made (after
          every tenth of them), the last one is now.
        </p>
      </Section>

      {recommenderSection}
    </div>
  );
}
