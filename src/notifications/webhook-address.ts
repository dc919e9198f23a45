import { DomainError } from '../errors/domain-error';
import dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Webhooks go only to servers on the public internet. An address an admin types could otherwise
 * point at this server, the private network around it, or a cloud's metadata service, and the
 * delivery log would report each one's answer. Checked when the address is saved (here) and again
 * on every connection (webhook-agent.ts), after the name is looked up, so a name that changes what
 * it leads to between the two is still caught.
 */

/** IPv4-compatible IPv6 (::a.b.c.d, deprecated): ipaddr.js counts it as unicast, but it carries an IPv4 address. */
const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');

/**
 * The range an address is refused for, or undefined when it is a public unicast address. An
 * IPv4-mapped IPv6 address (::ffff:a.b.c.d) is judged as the IPv4 address it carries.
 */
export function forbiddenRange(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return 'invalid';
  const parsed = ipaddr.process(address);
  const range = parsed.range();
  if (range !== 'unicast') return range;
  if (parsed.kind() === 'ipv6' && parsed.match(IPV4_COMPATIBLE)) return 'ipv4Compatible';
  return undefined;
}

/** What a refused range is, in the words an admin reads on the form. */
export function rangeInWords(range: string): string {
  switch (range) {
    case 'loopback':
      return 'this server itself';
    case 'private':
    case 'uniqueLocal':
      return 'a private network';
    case 'linkLocal':
      return 'a link-local address, used inside one network (and by cloud servers for their settings)';
    case 'carrierGradeNat':
      return 'a shared network inside an internet provider';
    default:
      return 'not the address of one public server';
  }
}

/** A connection refused because of where it would go: permanent, so the delivery is not retried. */
export class AddressNotAllowedError extends DomainError {
  constructor(host: string, address: string) {
    super(
      'address_not_allowed',
      host === address ? `Address not allowed: ${address} is not on the public internet` : `Address not allowed: ${host} leads to ${address}, which is not on the public internet`,
    );
  }
}

export type HostLookup = (host: string) => Promise<{ address: string; family: number }[]>;

/** The system's resolver, as connections use it (hosts file included). */
export const systemLookup: HostLookup = (host) => dns.promises.lookup(host, { all: true });

/** A URL's host as written between the slashes: IPv6 in brackets, IPv4 already normalised by the URL parser. */
export const bareHost = (hostname: string) => (hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname);

/**
 * Names kept out of the public DNS for good (RFC 2606 and 6761): no server on the internet has one,
 * so they are refused without asking DNS. `localhost` itself is looked up (the hosts file answers).
 */
const SPECIAL_USE_NAME = /\.(example|invalid|test|localhost|local)\.?$/i;

/** How long a save waits for DNS before saying the name could not be found. */
const LOOKUP_TIMEOUT_MS = 5000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error('DNS did not answer in time')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Why a webhook address cannot be saved, in plain words, or undefined when it can. The URL parser
 * has already turned 0x7f000001, 2130706433 or 0177.0.0.1 into 127.0.0.1; a name is looked up and
 * every address it leads to must be public. A name that cannot be found is refused: Pathways could
 * not deliver to it either. `allowPrivateAddresses` is the switch for tests and development.
 */
export async function webhookAddressProblem(url: string, options: { allowPrivateAddresses: boolean; lookup?: HostLookup }): Promise<string | undefined> {
  const host = bareHost(new URL(url).hostname);
  if (net.isIP(host)) {
    const range = forbiddenRange(host);
    if (!range || options.allowPrivateAddresses) return undefined;
    return `The webhook address must be on the public internet: ${ipaddr.process(host).toString()} is ${rangeInWords(range)}`;
  }
  const notFound = `Pathways could not find ${host}: check the webhook address, and that the server is on the public internet`;
  if (SPECIAL_USE_NAME.test(host)) return notFound;
  let addresses: { address: string }[];
  try {
    addresses = await withTimeout((options.lookup ?? systemLookup)(host), LOOKUP_TIMEOUT_MS);
  } catch {
    addresses = [];
  }
  if (addresses.length === 0) return notFound;
  if (options.allowPrivateAddresses) return undefined;
  for (const { address } of addresses) {
    const range = forbiddenRange(address);
    if (range) return `The webhook address must be on the public internet: ${host} leads to ${address}, which is ${rangeInWords(range)}`;
  }
  return undefined;
}
