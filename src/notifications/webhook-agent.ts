import dns from 'node:dns';
import net from 'node:net';
import { Agent, buildConnector } from 'undici';
import { AddressNotAllowedError, forbiddenRange } from './webhook-address';

/**
 * The name lookup every webhook connection makes: every address the name leads to must be public,
 * not just the one connected to first. Node asks for one address or for all (when it tries IPv4
 * and IPv6 side by side); it gets the answer in the shape it asked for.
 */
const publicOnlyLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', undefined);
    const refused = addresses.find(({ address }) => forbiddenRange(address));
    if (refused) return callback(new AddressNotAllowedError(hostname, refused.address), '', undefined);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};

/**
 * The connection pool webhooks are sent through (with undici's own fetch: the global fetch ignores
 * it). Checking at connection time, not only when the address was saved, catches a name whose DNS
 * answer has since changed to an internal address. An address written as an IP is never looked up,
 * so it is checked before connecting. With `allowPrivateAddresses` (tests and development) it is a
 * plain pool.
 */
export function webhookAgent(options: { allowPrivateAddresses: boolean; connectTimeoutMs: number }): Agent {
  if (options.allowPrivateAddresses) return new Agent({ connect: { timeout: options.connectTimeoutMs } });
  const connect = buildConnector({ lookup: publicOnlyLookup, timeout: options.connectTimeoutMs });
  return new Agent({
    connect(target, callback) {
      if (net.isIP(target.hostname) && forbiddenRange(target.hostname)) {
        callback(new AddressNotAllowedError(target.hostname, target.hostname), null);
        return;
      }
      connect(target, callback);
    },
  });
}

/** The refusal behind a failed fetch (undici reports it as the cause of "fetch failed"), if that is why it failed. */
export function addressRefusal(error: unknown): AddressNotAllowedError | undefined {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (cause instanceof AddressNotAllowedError) return cause;
  }
  return undefined;
}
