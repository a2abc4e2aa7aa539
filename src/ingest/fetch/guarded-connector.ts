import { lookup as dnsLookup } from 'node:dns/promises';
import { buildConnector } from 'undici';
import { RedianError, isRedianError } from '../../errors.js';
import { assertAddressAllowed, parseIpLiteral, type AddressPolicy } from './address-policy.js';

/** Resolves a host name to every address it has, like `dns.lookup(host, { all: true })`. */
export type LookupFn = (hostname: string) => Promise<ReadonlyArray<{ address: string; family: number }>>;

export const systemLookup: LookupFn = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export interface ConnectorDeps {
  lookup?: LookupFn;
  /** The transport that opens sockets; replaced in tests to prove that none was opened. */
  connect?: buildConnector.connector;
}

/**
 * An undici connector that resolves the host itself, checks every address against the policy
 * and dials the checked address. Checking at connect time (not only when a URL is accepted)
 * covers redirects, DNS rebinding between check and connect, and names that resolve to private
 * addresses.
 */
export function guardedConnector(policy: AddressPolicy, deps: ConnectorDeps = {}): buildConnector.connector {
  const lookup = deps.lookup ?? systemLookup;
  const connect = deps.connect ?? buildConnector({});
  return (options, callback) => {
    resolveAllowedAddress(options.hostname, policy, lookup).then(
      (address) => {
        try {
          // `host` still names the server, so undici keeps sending it as SNI and checks the certificate against it.
          connect({ ...options, hostname: address }, callback);
        } catch (err) {
          callback(err as Error, null);
        }
      },
      (err: Error) => callback(err, null),
    );
  };
}

/** The address to dial for `hostname`: throws FETCH_BLOCKED_ADDRESS if any address it resolves to is refused. */
export async function resolveAllowedAddress(hostname: string, policy: AddressPolicy, lookup: LookupFn): Promise<string> {
  const literal = parseIpLiteral(hostname);
  if (literal !== undefined) {
    assertAddressAllowed(literal, policy, hostname);
    return literal;
  }
  let addresses: string[];
  try {
    addresses = (await lookup(hostname)).map((a) => a.address);
  } catch (err) {
    if (isRedianError(err)) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new RedianError('FETCH_FAILED', `cannot resolve ${hostname}${code ? ` (${code})` : ''}`, { cause: err });
  }
  if (addresses.length === 0) throw new RedianError('FETCH_FAILED', `${hostname} has no address`);
  // One refused address refuses the host: a name that mixes public and private addresses is a rebinding attempt or a misconfiguration.
  for (const address of addresses) assertAddressAllowed(address, policy, hostname);
  return addresses[0]!;
}
