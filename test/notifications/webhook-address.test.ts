import { configWarnings, loadConfig } from '../../src/config';
import { forbiddenRange, webhookAddressProblem, type HostLookup } from '../../src/notifications/webhook-address';

// Classification only: nothing here opens a connection, to these addresses or any other.
describe('which addresses a webhook may be sent to', () => {
  test.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['100.127.255.255', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fd00::1', 'uniqueLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'linkLocal'],
    ['64:ff9b::7f00:1', 'rfc6052'],
    ['2002:7f00:1::', '6to4'],
    ['::127.0.0.1', 'loopback'],
    ['::7f00:1', 'ipv4Compatible'],
    ['::a00:1', 'ipv4Compatible'],
  ])('when the address is %s, then it is refused as %s', (address, range) => {
    expect(forbiddenRange(address)).toBe(range);
  });

  test.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '169.255.0.1', '2606:4700::1111', '2a00:1450:4009:81f::200e', '::ffff:8.8.8.8'])(
    'when the address is %s, then it is allowed',
    (address) => {
      expect(forbiddenRange(address)).toBeUndefined();
    },
  );
});

/** Stands in for DNS, which tests on this machine cannot reach: answers from a table, "not found" otherwise. */
const dnsAnswering =
  (answers: Record<string, string[]>): HostLookup =>
  async (host) => {
    const addresses = answers[host];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

const PUBLIC_ONLY = { allowPrivateAddresses: false };

describe('checking a webhook address before it is saved', () => {
  test.each(['https://0x7f000001/', 'https://2130706433/', 'https://0177.0.0.1/', 'https://127.1/', 'https://0x7f.1/hook', 'https://[::ffff:7f00:1]/'])(
    'when the address is written as %s, then it is read as the loopback address it is and refused without asking DNS',
    async (url) => {
      const askedDns = jest.fn(dnsAnswering({}));
      expect(await webhookAddressProblem(url, { ...PUBLIC_ONLY, lookup: askedDns })).toMatch(/^The webhook address must be on the public internet: .* is this server itself/);
      expect(askedDns).not.toHaveBeenCalled();
    },
  );

  test('when a name leads to several addresses and any one is internal, then it is refused', async () => {
    const lookup = dnsAnswering({ 'cases.force-systems.police.uk': ['8.8.8.8', '10.1.2.3'] });
    expect(await webhookAddressProblem('https://cases.force-systems.police.uk/hook', { ...PUBLIC_ONLY, lookup })).toBe(
      'The webhook address must be on the public internet: cases.force-systems.police.uk leads to 10.1.2.3, which is a private network',
    );
  });

  test('when a name leads only to public addresses, then it is accepted', async () => {
    const lookup = dnsAnswering({ 'cases.force-systems.police.uk': ['8.8.8.8', '2606:4700::1111'] });
    expect(await webhookAddressProblem('https://cases.force-systems.police.uk/hook', { ...PUBLIC_ONLY, lookup })).toBeUndefined();
  });

  test('when a name cannot be found, then it is refused with a message saying so', async () => {
    expect(await webhookAddressProblem('https://cases.nowhere.police.uk/hook', { ...PUBLIC_ONLY, lookup: dnsAnswering({}) })).toBe(
      'Pathways could not find cases.nowhere.police.uk: check the webhook address, and that the server is on the public internet',
    );
  });

  test.each(['https://hooks.force.example/', 'https://x.test/hook', 'https://a.invalid/', 'https://printer.local/', 'https://app.localhost./'])(
    'when the name %s can never be on the public internet, then it is refused without asking DNS',
    async (url) => {
      const askedDns = jest.fn(dnsAnswering({}));
      expect(await webhookAddressProblem(url, { ...PUBLIC_ONLY, lookup: askedDns })).toMatch(/^Pathways could not find /);
      expect(askedDns).not.toHaveBeenCalled();
    },
  );

  test('when private addresses are allowed (tests and development only), then loopback passes, but a name must still be found', async () => {
    const lookup = dnsAnswering({ localhost: ['127.0.0.1'] });
    const allowed = { allowPrivateAddresses: true, lookup };
    expect(await webhookAddressProblem('http://127.0.0.1:9/hook', allowed)).toBeUndefined();
    expect(await webhookAddressProblem('http://localhost:9/hook', allowed)).toBeUndefined();
    expect(await webhookAddressProblem('https://cases.nowhere.police.uk/', allowed)).toMatch(/^Pathways could not find cases.nowhere.police.uk/);
  });
});

describe('the switch that lets webhooks reach private addresses', () => {
  test('when WEBHOOK_ALLOW_PRIVATE_ADDRESSES is not set, then private addresses are refused and nothing is said at start', () => {
    expect(loadConfig({}).webhookAllowPrivateAddresses).toBe(false);
    expect(loadConfig({ NODE_ENV: 'development' }).webhookAllowPrivateAddresses).toBe(false);
    expect(configWarnings(loadConfig({}))).toEqual([]);
  });

  test('when it is true, then they are allowed and the server warns at start; when it is anything else, then the server refuses to start', () => {
    const config = loadConfig({ WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true' });
    expect(config.webhookAllowPrivateAddresses).toBe(true);
    expect(configWarnings(config)).toEqual([expect.stringContaining('WEBHOOK_ALLOW_PRIVATE_ADDRESSES is on')]);
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'false' }).webhookAllowPrivateAddresses).toBe(false);
    expect(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'yes' })).toThrow(/WEBHOOK_ALLOW_PRIVATE_ADDRESSES/);
  });
});
