// One reading of TRUST_PROXY for everything that looks at forwarded headers (the client address
// for rate limits, the origin check), so "false" cannot mean off in one place and on in another.

/** Whether TRUST_PROXY is set to something other than empty, 0, false, no or off. */
export function proxyTrusted(value = process.env.TRUST_PROXY): boolean {
  return !!value && !/^\s*(0|false|no|off)\s*$/i.test(value);
}
