import { converter, differenceCiede2000, wcagContrast } from "culori";
import { expect, test } from "vitest";
import { GOLD, LAYER_TONES, LOW_AGREEMENT, layerColors } from "@/components/viewer/viewer-types";

// Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB (as colorspacious and
// DaltonLens do). culori ships the same matrices but applies them to gamma-encoded sRGB.
const DEFICIENCIES = {
  protanopia: [0.152286, 1.052583, -0.204868, 0.114503, 0.786281, 0.099216, -0.003882, -0.048116, 1.051998],
  deuteranopia: [0.367322, 0.860646, -0.227968, 0.280085, 0.672501, 0.047413, -0.01182, 0.04294, 0.968881],
  tritanopia: [1.255528, -0.076749, -0.178779, -0.078411, 0.930809, 0.147602, 0.004733, 0.691367, 0.3039],
} as const;
const toLinear = converter("lrgb");
const clamp = (v: number) => Math.min(1, Math.max(0, v));
function simulate(hex: string, m: readonly number[]) {
  const { r, g, b } = toLinear(hex)!;
  return { mode: "lrgb" as const, r: clamp(m[0] * r + m[1] * g + m[2] * b), g: clamp(m[3] * r + m[4] * g + m[5] * b), b: clamp(m[6] * r + m[7] * g + m[8] * b) };
}
const deltaE = differenceCiede2000();
const MIN_DISTANCE = 15;

const palette: [string, string][] = [["gold layer", GOLD.tone], ["low agreement", LOW_AGREEMENT], ...LAYER_TONES.map((c, i) => [`annotator ${i + 1}`, c] as [string, string])];

test.each(Object.entries(DEFICIENCIES))("gold, annotator colours and the low-agreement mark stay apart under %s", (_, matrix) => {
  const close: string[] = [];
  for (let i = 0; i < palette.length; i++) {
    for (let j = i + 1; j < palette.length; j++) {
      const d = deltaE(simulate(palette[i][1], matrix), simulate(palette[j][1], matrix));
      if (d < MIN_DISTANCE) close.push(`${palette[i][0]} ${palette[i][1]} ~ ${palette[j][0]} ${palette[j][1]}: ΔE2000 ${d.toFixed(1)}`);
    }
  }
  expect(close).toEqual([]);
});

test("the same colours stay apart with full colour vision, and every underline shows on white (3:1)", () => {
  for (let i = 0; i < palette.length; i++) {
    expect(wcagContrast(palette[i][1], "#ffffff"), palette[i][0]).toBeGreaterThanOrEqual(3);
    for (let j = i + 1; j < palette.length; j++) expect(deltaE(palette[i][1], palette[j][1]), `${palette[i][0]} ~ ${palette[j][0]}`).toBeGreaterThanOrEqual(MIN_DISTANCE);
  }
});

test("the first annotators get distinct tones", () => {
  const members = LAYER_TONES.map((_, i) => ({ userId: `u${i}`, name: `U${i}`, role: "ANNOTATOR" as const }));
  expect(new Set([...layerColors(members).values()].map((c) => c.tone)).size).toBe(LAYER_TONES.length);
});
