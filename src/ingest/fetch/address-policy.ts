import { isIPv6 } from 'node:net';
import { RedianError } from '../../errors.js';

/**
 * Which addresses Redian may fetch from. Everything fetched is hostile, and a feed URL or a
 * redirect can point anywhere, so only globally routable unicast addresses are allowed.
 */
export type AddressKind =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'cgnat'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'metadata';

export interface AddressPolicy {
  /** Lets tests reach a server on 127.0.0.1 / ::1; every other refused kind stays refused. */
  allowLoopback: boolean;
}

type ParsedAddress = { family: 4; value: number } | { family: 6; value: bigint };

/**
 * The canonical text of an IP literal (dotted quad, or compressed IPv6 without brackets) written
 * in any notation the WHATWG URL parser or inet_aton accept: 2130706433, 0x7f.0.0.1, 0x7f000001,
 * 0177.0.0.1, 127.1, a trailing dot, [::ffff:127.0.0.1], zone ids. Undefined for a host name.
 */
export function parseIpLiteral(host: string): string | undefined {
  const parsed = parseAddress(host);
  if (!parsed) return undefined;
  return parsed.family === 4 ? formatIPv4(parsed.value) : formatIPv6(parsed.value);
}

/** What kind of address an IP literal is; undefined when `address` is not an IP literal. */
export function classifyAddress(address: string): AddressKind | undefined {
  const parsed = parseAddress(address);
  if (!parsed) return undefined;
  return parsed.family === 4 ? classifyIPv4(parsed.value) : classifyIPv6(parsed.value);
}

export function isAddressAllowed(address: string, policy: AddressPolicy): boolean {
  const kind = classifyAddress(address);
  return kind === 'public' || (kind === 'loopback' && policy.allowLoopback);
}

/** Throws FETCH_BLOCKED_ADDRESS unless the policy allows `address`; `host` names it in the message. */
export function assertAddressAllowed(address: string, policy: AddressPolicy, host = address): void {
  if (isAddressAllowed(address, policy)) return;
  const kind = classifyAddress(address) ?? 'not an IP address';
  const shown = host === address ? address : `${host} (${address})`;
  throw new RedianError('FETCH_BLOCKED_ADDRESS', `${shown} is ${kind}`);
}

function parseAddress(host: string): ParsedAddress | undefined {
  const bracketed = host.startsWith('[') && host.endsWith(']');
  const text = bracketed ? host.slice(1, -1) : host;
  const v6 = parseIPv6(text);
  if (v6 !== undefined) return { family: 6, value: v6 };
  if (bracketed) return undefined;
  const v4 = parseIPv4(text);
  return v4 === undefined ? undefined : { family: 4, value: v4 };
}

// The WHATWG "IPv4 parser", which follows inet_aton: one to four parts, each decimal, 0x-hex or
// 0-octal; the last part fills the remaining bytes (127.1 is 127.0.0.1, 2130706433 is one part).
function parseIPv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length === 0 || parts.length > 4) return undefined;
  const numbers: bigint[] = [];
  for (const part of parts) {
    const n = parseIPv4Part(part);
    if (n === undefined) return undefined;
    numbers.push(n);
  }
  const last = numbers.pop()!;
  if (numbers.some((n) => n > 255n) || last >= 256n ** BigInt(4 - numbers.length)) return undefined;
  const value = numbers.reduce((acc, n, i) => acc + (n << BigInt(8 * (3 - i))), last);
  return Number(value);
}

function parseIPv4Part(part: string): bigint | undefined {
  if (/^0x[0-9a-f]*$/i.test(part)) return part.length === 2 ? 0n : BigInt(part);
  if (/^0[0-7]+$/.test(part)) return BigInt(`0o${part.slice(1)}`);
  if (/^(0|[1-9][0-9]*)$/.test(part)) return BigInt(part);
  return undefined;
}

function parseIPv6(text: string): bigint | undefined {
  // A zone id (fe80::1%eth0) picks an interface; the address itself is what gets classified.
  const address = text.replace(/%[^%]*$/, '');
  if (!isIPv6(address)) return undefined;
  let groups = address.split(':');
  const tail = groups[groups.length - 1]!;
  if (tail.includes('.')) {
    const v4 = parseIPv4(tail)!;
    groups = [...groups.slice(0, -1), (v4 >>> 16).toString(16), (v4 & 0xffff).toString(16)];
  }
  const gap = groups.indexOf('');
  if (gap !== -1) {
    const before = groups.slice(0, gap);
    const after = groups.slice(gap).filter((g) => g !== '');
    groups = [...before, ...Array<string>(8 - before.length - after.length).fill('0'), ...after];
  }
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(`0x${g}`), 0n);
}

function formatIPv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 0xff).join('.');
}

function formatIPv6(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => ((value >> BigInt(16 * (7 - i))) & 0xffffn).toString(16));
  // The URL parser already implements the RFC 5952 compression rules.
  return new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
}

const IPV4_METADATA = new Set([
  '169.254.169.254', // AWS, GCP, Azure, OpenStack, Oracle, DigitalOcean…
  '169.254.170.2', // AWS ECS task credentials
  '169.254.170.23', // AWS EKS pod identity
  '100.100.100.200', // Alibaba Cloud
  '192.0.0.192', // Oracle Cloud (legacy)
]);

const IPV4_RANGES: Array<[string, number, AddressKind]> = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'cgnat'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'reserved'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['255.255.255.255', 32, 'broadcast'],
  ['240.0.0.0', 4, 'reserved'],
];

function classifyIPv4(value: number): AddressKind {
  if (IPV4_METADATA.has(formatIPv4(value))) return 'metadata';
  for (const [base, bits, kind] of IPV4_RANGES) {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    if (((value & mask) >>> 0) === parseIPv4(base)) return kind;
  }
  return 'public';
}

const IPV6_METADATA = new Set(['fd00:ec2::254']); // AWS IMDS over IPv6

// How an IPv4 address is carried inside an IPv6 one: which bits hold it, and whether the socket
// layer treats the address as that IPv4 address itself ('alias') or a gateway translates it.
type Embedding = { shift: bigint; via: 'alias' | 'translation' };

const IPV6_RANGES: Array<[string, number, AddressKind | Embedding]> = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['::ffff:0:0', 96, { shift: 0n, via: 'alias' }], // IPv4-mapped
  ['::ffff:0:0:0', 96, { shift: 0n, via: 'translation' }], // IPv4-translated (RFC 2765)
  ['::', 96, { shift: 0n, via: 'alias' }], // IPv4-compatible (deprecated, still accepted by stacks)
  ['64:ff9b::', 96, { shift: 0n, via: 'translation' }], // NAT64 well-known prefix
  ['64:ff9b:1::', 48, 'private'], // NAT64 local-use prefix
  ['2002::', 16, { shift: 80n, via: 'translation' }], // 6to4
  ['100::', 64, 'reserved'], // discard-only
  ['2001::', 23, 'reserved'], // IETF protocol assignments: Teredo, benchmarking, ORCHID
  ['2001:db8::', 32, 'reserved'], // documentation
  ['3fff::', 20, 'reserved'], // documentation
  ['fc00::', 7, 'private'], // unique local
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'private'], // site-local (deprecated)
  ['ff00::', 8, 'multicast'],
  ['2000::', 3, 'public'],
];

function classifyIPv6(value: bigint): AddressKind {
  if (IPV6_METADATA.has(formatIPv6(value))) return 'metadata';
  for (const [base, bits, what] of IPV6_RANGES) {
    const shift = BigInt(128 - bits);
    if (value >> shift !== parseIPv6(base)! >> shift) continue;
    if (typeof what === 'string') return what;
    const embedded = classifyIPv4(Number((value >> what.shift) & 0xffffffffn));
    // A translated loopback address is the gateway's loopback, not ours: never a test server.
    return what.via === 'translation' && embedded === 'loopback' ? 'reserved' : embedded;
  }
  // Outside 2000::/3 nothing is assigned for global unicast.
  return 'reserved';
}
