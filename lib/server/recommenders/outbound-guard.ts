import "server-only";
import dns from "node:dns";
import net from "node:net";
import { Agent } from "undici";

// Model servers and chat endpoints are addresses a project's owner types in, and the server calls
// them. Anyone may make a project, so without a check anyone could have the server call its own
// private network — the database, cloud metadata at 169.254.169.254, admin ports — and read the
// start of the answer in the error the settings page shows (server-side request forgery).
// Loopback, private, link-local, shared, multicast and reserved addresses are refused unless the
// operator names the host in RECOMMENDER_PRIVATE_HOSTS (comma-separated host names, addresses or
// CIDR ranges; `*` allows every private address — a single-user machine running its model server
// beside the workbench). The address checked is the one connected to (the connection's own
// lookup), so a name that resolves to a public address when looked at and to a private one when
// connecting (DNS rebinding) is refused as well; redirects are never followed (model-server.ts).

const privateRanges = new net.BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["198.51.100.0", 24], ["203.0.113.0", 24],
  ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) privateRanges.addSubnet(network, prefix, "ipv4");
// ::/96 (IPv4-compatible), 2002::/16 (6to4) and 2001::/32 (Teredo) embed IPv4 addresses that a
// relay or a differently configured host could route to a private network: refused as well.
for (const [network, prefix] of [
  ["::", 96], ["::1", 128], ["64:ff9b::", 96], ["100::", 64], ["2001::", 32], ["2001:db8::", 32], ["2002::", 16], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8],
] as const) {
  privateRanges.addSubnet(network, prefix, "ipv6");
}

/** The IPv4 address inside an IPv4-mapped IPv6 one (::ffff:127.0.0.1 or ::ffff:7f00:1), else null. */
function mappedIpv4(address: string): string | null {
  const m = /^::ffff:(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(address);
  if (!m) return null;
  if (m[1]) return m[1];
  const hi = parseInt(m[2], 16);
  const lo = parseInt(m[3], 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

export function isPrivateAddress(address: string): boolean {
  const v4 = net.isIPv4(address) ? address : mappedIpv4(address);
  if (v4) return privateRanges.check(v4, "ipv4");
  return net.isIPv6(address) ? privateRanges.check(address, "ipv6") : true;
}

function allowedPrivate(host: string, address: string): boolean {
  const entries = (process.env.RECOMMENDER_PRIVATE_HOSTS ?? "").split(",").map((e) => e.trim().toLowerCase()).filter(Boolean);
  const name = host.toLowerCase().replace(/^\[|\]$/g, "");
  for (const entry of entries) {
    if (entry === "*" || entry === name || entry === address) return true;
    const [network, prefix] = entry.split("/");
    if (prefix !== undefined && net.isIP(network)) {
      const range = new net.BlockList();
      const type = net.isIPv4(network) ? "ipv4" : "ipv6";
      try {
        range.addSubnet(network, Number(prefix), type);
      } catch {
        continue;
      }
      const v4 = mappedIpv4(address) ?? address;
      if (range.check(type === "ipv4" ? v4 : address, type)) return true;
    }
  }
  return false;
}

export class OutboundRefused extends Error {}

const refusal = (host: string, address: string) =>
  new OutboundRefused(
    `${host} is in a private network (${address}); the workbench does not call private addresses unless the operator allows them (RECOMMENDER_PRIVATE_HOSTS)`,
  );

/** Refuses a URL whose host is a private address written out (a literal address is connected to without a lookup). */
export function checkLiteralHost(url: URL): void {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (net.isIP(host) && isPrivateAddress(host) && !allowedPrivate(host, host)) throw refusal(host, host);
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/** The connection's own lookup: every address the name resolves to must be public or allowed. */
function guardedLookup(hostname: string, options: dns.LookupOptions, callback: LookupCallback) {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((a) => isPrivateAddress(a.address) && !allowedPrivate(hostname, a.address));
    if (refused) return callback(refusal(hostname, refused.address) as NodeJS.ErrnoException, []);
    if (options.all) return callback(null, addresses);
    return callback(null, addresses[0].address, addresses[0].family);
  });
}

const globalAgent = globalThis as unknown as { modelServerAgent?: Agent };
/** The HTTP agent model-server calls go through. */
export const guardedAgent = () => (globalAgent.modelServerAgent ??= new Agent({ connect: { lookup: guardedLookup } }));
