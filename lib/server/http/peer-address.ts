// Next.js fills X-Forwarded-For from the connection only when the request has none, so a client
// that sends its own gets any address it likes — a new one per request defeats a per-address
// limit. Route handlers cannot see the socket, so the server appends the connection's address
// to the header as a proxy would, before Next.js reads the request (installed from
// instrumentation.ts). The right-most hop is then always the real peer.
import type { IncomingMessage } from "node:http";

export function appendPeerAddress(req: Pick<IncomingMessage, "headers" | "socket">) {
  const peer = req.socket?.remoteAddress;
  if (!peer) return;
  const sent = req.headers["x-forwarded-for"];
  const existing = Array.isArray(sent) ? sent.join(", ") : sent;
  req.headers["x-forwarded-for"] = existing ? `${existing}, ${peer}` : peer;
}

const INSTALLED = Symbol.for("workbench.peerAddress");

/** Makes every HTTP server of this process append the peer's address to each request. */
export async function installPeerAddress() {
  const http = await import("node:http");
  const proto = http.Server.prototype as unknown as Record<symbol, boolean> & { emit: (event: string, ...args: unknown[]) => boolean };
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;
  const emit = proto.emit;
  proto.emit = function (this: unknown, event: string, ...args: unknown[]) {
    if (event === "request") appendPeerAddress(args[0] as IncomingMessage);
    return emit.call(this, event, ...args);
  };
}
