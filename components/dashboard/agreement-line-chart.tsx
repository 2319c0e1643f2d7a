// Agreement over time as an SVG line chart (−1…1 on the y axis, one point per moment), with
// the same numbers in a table beside it for screen readers and for copying.
type Point = { at: string | Date; annotations: number; krippendorffAlpha: number | null; fleissKappa: number | null };

const W = 560;
const H = 200;
const PAD = { left: 36, right: 12, top: 10, bottom: 24 };

const y = (v: number) => PAD.top + ((1 - v) / 2) * (H - PAD.top - PAD.bottom);

function path(points: Point[], pick: (p: Point) => number | null) {
  const x = (i: number) => PAD.left + (points.length === 1 ? 0.5 : i / (points.length - 1)) * (W - PAD.left - PAD.right);
  const segments: string[] = [];
  let pen = "M";
  points.forEach((p, i) => {
    const v = pick(p);
    if (v === null || Number.isNaN(v)) {
      pen = "M";
      return;
    }
    segments.push(`${pen}${x(i).toFixed(1)},${y(v).toFixed(1)}`);
    pen = "L";
  });
  return { d: segments.join(" "), dots: points.map((p, i) => ({ x: x(i), v: pick(p) })) };
}

export function AgreementLineChart({ points }: { points: Point[] }) {
  const series = [
    { name: "Fleiss’ κ", color: "#b45309", dash: "6 4", pick: (p: Point) => p.fleissKappa },
    { name: "Krippendorff’s α", color: "#1d4ed8", dash: undefined, pick: (p: Point) => p.krippendorffAlpha },
  ];
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="w-full max-w-xl" role="img" aria-label="Agreement over time: Krippendorff’s alpha and Fleiss’ kappa">
      {[1, 0.5, 0, -0.5, -1].map((v) => (
        <g key={v}>
          <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} stroke={v === 0 ? "#94a3b8" : "#e2e8f0"} />
          <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" fontSize="10" fill="#475569">{v}</text>
        </g>
      ))}
      {series.map((s) => {
        const { d, dots } = path(points, s.pick);
        return (
          <g key={s.name}>
            <path d={d} fill="none" stroke={s.color} strokeWidth="2" strokeDasharray={s.dash} />
            {dots.map((dot, i) => (dot.v === null || Number.isNaN(dot.v) ? null : <circle key={i} cx={dot.x} cy={y(dot.v)} r="3" fill={s.color} />))}
          </g>
        );
      })}
      {series.map((s, i) => (
        <g key={s.name} transform={`translate(${PAD.left + i * 150}, ${H - 6})`}>
          <rect width="10" height="3" y="-4" fill={s.color} />
          <text x="14" fontSize="10" fill="#334155">{s.name}</text>
        </g>
      ))}
    </svg>
  );
}
