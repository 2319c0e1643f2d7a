/** An item of GET /api/projects/[id]/attention, as the browser receives it (dates as strings). */
export type AttentionItem = {
  key: string;
  kind: "rejected" | "accepted" | "comment";
  at: string;
  by: string;
  text: string;
  annotation: { id: string; documentId: string; documentTitle: string; exact: string; version: number; label: { name: string; color: string } };
};

const quote = (s: string) => `“${s.length > 40 ? `${s.slice(0, 39)}…` : s}”`;

/** One sentence for an item: "Amina rejected your Person “Kim”: ‘too short’". */
export function describeAttention(item: AttentionItem): string {
  const what = `your ${item.annotation.label.name} ${quote(item.annotation.exact)}`;
  const said = item.text ? `: “${item.text.length > 120 ? `${item.text.slice(0, 119)}…` : item.text}”` : "";
  if (item.kind === "rejected") return `${item.by} rejected ${what}${said}`;
  if (item.kind === "accepted") return `${item.by} accepted ${what}${said}`;
  return `${item.by} commented on ${what}${said}`;
}
