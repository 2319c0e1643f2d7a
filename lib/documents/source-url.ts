// A document's source URL becomes a link on the document page, so only web addresses are
// stored: a `javascript:` or `data:` URL would run (or render a page) in the workbench's origin
// when clicked. Every import path checks it with this, and the page links only what passes, for
// rows written before the check.

/** True for an http:// or https:// address. */
export function isWebUrl(value: string): boolean {
  return /^https?:\/\/\S/i.test(value);
}

export const WEB_URL_RULE = "must start with http:// or https://";
