// Where sign-in sends the browser afterwards comes from the URL (?callbackUrl=), so anyone can
// write it into a link. "Starts with / but not //" is not enough: browsers read "/\evil.example"
// and "/<TAB>/evil.example" as "//evil.example", another site. Resolve it the way a browser does
// and keep it only if it stays on this origin.

const BASE = "http://workbench.invalid";

/** A same-origin path (with query and hash) to go to after signing in, or `fallback`. */
export function safeReturnPath(value: string | undefined, fallback = "/projects"): string {
  if (!value?.startsWith("/")) return fallback;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return fallback;
  }
  return url.origin === BASE ? `${url.pathname}${url.search}${url.hash}` : fallback;
}
