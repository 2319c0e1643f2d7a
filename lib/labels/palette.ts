// The label colours: light tints on which black text keeps a contrast ratio of at least 7:1
// (WCAG AAA), distinct enough to tell apart side by side, and shared by UI, API and tests.
export const LABEL_PALETTE = [
  { name: "amber", hex: "#fcd34d" },
  { name: "sky", hex: "#7dd3fc" },
  { name: "lime", hex: "#bef264" },
  { name: "rose", hex: "#fda4af" },
  { name: "violet", hex: "#c4b5fd" },
  { name: "teal", hex: "#5eead4" },
  { name: "orange", hex: "#fdba74" },
  { name: "pink", hex: "#f9a8d4" },
  { name: "emerald", hex: "#6ee7b7" },
  { name: "indigo", hex: "#a5b4fc" },
  { name: "yellow", hex: "#fef08a" },
  { name: "slate", hex: "#cbd5e1" },
] as const;

export const PALETTE_HEXES = LABEL_PALETTE.map((c) => c.hex) as string[];

export const LABEL_KINDS = ["CLAIM", "EVENT", "ENTITY"] as const;
export type LabelKindName = (typeof LABEL_KINDS)[number];

/** A kind in running text: "an entity", "a claim". */
export const KIND_WITH_ARTICLE: Record<LabelKindName, string> = { CLAIM: "a claim", EVENT: "an event", ENTITY: "an entity" };

export type DefaultLabel = { name: string; kind: LabelKindName; color: string; hotkey: string; description: string };

// The scheme every new project starts with: claims, events by type, entities by type.
export const DEFAULT_LABELS: DefaultLabel[] = [
  { name: "Claim", kind: "CLAIM", color: "#fcd34d", hotkey: "c", description: "An assertion presented as true, predicted or desirable." },
  { name: "Meeting/Visit", kind: "EVENT", color: "#7dd3fc", hotkey: "m", description: "A meeting, summit, talks or an official visit." },
  { name: "Agreement", kind: "EVENT", color: "#5eead4", hotkey: "a", description: "A treaty, declaration, agreement or contract being signed or in force." },
  { name: "Statement", kind: "EVENT", color: "#a5b4fc", hotkey: "s", description: "A speech, press statement, message or commentary." },
  { name: "Other event", kind: "EVENT", color: "#cbd5e1", hotkey: "v", description: "Any other event." },
  { name: "Person", kind: "ENTITY", color: "#fda4af", hotkey: "p", description: "A named person or a title standing for one (\"the Supreme Leader\")." },
  { name: "Organization", kind: "ENTITY", color: "#c4b5fd", hotkey: "o", description: "A state body, party, company, media outlet or other organisation." },
  { name: "Location", kind: "ENTITY", color: "#bef264", hotkey: "l", description: "A country, city, region or place." },
  { name: "Other entity", kind: "ENTITY", color: "#f9a8d4", hotkey: "e", description: "Any other named thing." },
];

export type DefaultRelationType = { name: string; fromKind: LabelKindName; toKind: LabelKindName; description: string };

/**
 * Relation types every new project starts with. Claimant, location and participants are the
 * attribute links of claims and events (their details panel); these are the links attributes do
 * not cover. Curators add their own in the label scheme.
 */
export const DEFAULT_RELATION_TYPES: DefaultRelationType[] = [
  { name: "member of", fromKind: "ENTITY", toKind: "ENTITY", description: "A person belongs to an organisation, an organisation to a larger one." },
  { name: "located in", fromKind: "ENTITY", toKind: "ENTITY", description: "A place or body is situated in another place." },
  { name: "part of", fromKind: "EVENT", toKind: "EVENT", description: "An event belongs to a larger one (a signing during a summit)." },
  { name: "about", fromKind: "CLAIM", toKind: "EVENT", description: "A claim makes an assertion about an event." },
  { name: "refers to", fromKind: "CLAIM", toKind: "ENTITY", description: "A claim is about an entity." },
];
