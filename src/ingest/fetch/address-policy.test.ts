import { describe, expect, it } from 'vitest';
import { isRedianError } from '../../errors.js';
import { assertAddressAllowed, classifyAddress, isAddressAllowed, parseIpLiteral, type AddressKind } from './address-policy.js';

describe('parseIpLiteral', () => {
  // Every notation here is one the WHATWG URL parser (and inet_aton) reads as 127.0.0.1.
  const loopbackNotations = [
    '127.0.0.1',
    '2130706433',
    '0x7f000001',
    '0X7F000001',
    '0x7f.0.0.1',
    '0x7f.1',
    '0177.0.0.1',
    '00000177.0.0.1',
    '0x00007f.0.0.1',
    '127.1',
    '127.0.1',
    '127.0.0.1.',
    '127.0.0.0x1',
    '017700000001',
  ];

  it.each(loopbackNotations)('reads %s as 127.0.0.1, as the URL parser does', (host) => {
    expect(parseIpLiteral(host)).toBe('127.0.0.1');
    expect(new URL(`http://${host}/`).hostname).toBe('127.0.0.1');
  });

  it('reads the short and empty forms the URL parser accepts', () => {
    expect(parseIpLiteral('0')).toBe('0.0.0.0');
    expect(parseIpLiteral('0x')).toBe('0.0.0.0');
    expect(parseIpLiteral('1.256')).toBe('1.0.1.0');
    expect(parseIpLiteral('10.1')).toBe('10.0.0.1');
    expect(parseIpLiteral('4294967295')).toBe('255.255.255.255');
  });

  it('rejects what is not an IPv4 literal, as the URL parser does', () => {
    for (const host of ['4294967296', '1.2.3.4.5', '08.0.0.1', '256.0.0.1', '1..2', '', 'example.com', '127.0.0.1.example', '0x1g']) {
      expect(parseIpLiteral(host), host).toBeUndefined();
    }
    expect(() => new URL('http://4294967296/')).toThrow();
    expect(() => new URL('http://08.0.0.1/')).toThrow();
  });

  it('reads IPv6 with or without brackets, embedded dotted quads and zone ids', () => {
    expect(parseIpLiteral('[::1]')).toBe('::1');
    expect(parseIpLiteral('0:0:0:0:0:0:0:1')).toBe('::1');
    expect(parseIpLiteral('[::ffff:127.0.0.1]')).toBe('::ffff:7f00:1');
    expect(parseIpLiteral('::ffff:7f00:1')).toBe('::ffff:7f00:1');
    expect(parseIpLiteral('fe80::1%eth0')).toBe('fe80::1');
    expect(parseIpLiteral('[2001:DB8:0:0:1:0:0:1]')).toBe('2001:db8::1:0:0:1');
    expect(parseIpLiteral('[127.0.0.1]')).toBeUndefined();
    expect(parseIpLiteral('[::1')).toBeUndefined();
  });

  it('agrees with the URL parser on bracketed IPv6 hosts', () => {
    for (const host of ['[::ffff:127.0.0.1]', '[0:0:0:0:0:0:0:1]', '[::127.0.0.1]', '[64:ff9b::10.0.0.1]']) {
      expect(`[${parseIpLiteral(host)}]`).toBe(new URL(`http://${host}/`).hostname);
    }
  });
});

describe('classifyAddress', () => {
  const cases: Array<[string, AddressKind]> = [
    ['8.8.8.8', 'public'],
    ['1.1.1.1', 'public'],
    ['223.5.5.5', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.15.255.255', 'public'],
    ['172.32.0.0', 'public'],
    ['192.168.1.1', 'private'],
    ['169.254.1.1', 'link-local'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['100.128.0.0', 'public'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['169.254.169.254', 'metadata'],
    ['169.254.170.2', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['2606:4700:4700::1111', 'public'],
    ['2400:3200::1', 'public'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'private'],
    ['ff02::1', 'multicast'],
    ['fd00:ec2::254', 'metadata'],
    ['2001:db8::1', 'reserved'],
    ['2001::1', 'reserved'], // Teredo
    ['100::1', 'reserved'],
    ['4000::1', 'reserved'], // outside 2000::/3
    // IPv4-mapped and -compatible addresses are the IPv4 address to the socket layer.
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:8.8.8.8', 'public'],
    ['::127.0.0.1', 'loopback'],
    ['::a00:1', 'private'],
    ['::ffff:0:a00:1', 'private'],
    // Translated (6to4, NAT64) private addresses reach the gateway's network; its loopback is not ours.
    ['2002:a00:1::', 'private'],
    ['2002:a9fe:a9fe::1', 'metadata'],
    ['2002:808:808::1', 'public'],
    ['2002:7f00:1::', 'reserved'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['64:ff9b::7f00:1', 'reserved'],
    ['64:ff9b::8.8.8.8', 'public'],
    ['64:ff9b:1::1', 'private'],
  ];

  it.each(cases)('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it('classifies any notation of an address alike', () => {
    expect(classifyAddress('2130706433')).toBe('loopback');
    expect(classifyAddress('0xa000001')).toBe('private');
    expect(classifyAddress('0251.0376.0251.0376')).toBe('metadata');
    expect(classifyAddress('[::ffff:a9fe:a9fe]')).toBe('metadata');
  });

  it('is undefined for host names', () => {
    expect(classifyAddress('localhost')).toBeUndefined();
    expect(classifyAddress('example.com')).toBeUndefined();
  });
});

describe('the policy', () => {
  it('allows only public addresses by default', () => {
    expect(isAddressAllowed('8.8.8.8', { allowLoopback: false })).toBe(true);
    expect(isAddressAllowed('127.0.0.1', { allowLoopback: false })).toBe(false);
    expect(isAddressAllowed('::1', { allowLoopback: false })).toBe(false);
    expect(isAddressAllowed('localhost', { allowLoopback: false })).toBe(false);
  });

  it('with allowLoopback opens loopback and nothing else', () => {
    const policy = { allowLoopback: true };
    expect(isAddressAllowed('127.0.0.1', policy)).toBe(true);
    expect(isAddressAllowed('::1', policy)).toBe(true);
    expect(isAddressAllowed('::ffff:127.0.0.1', policy)).toBe(true);
    for (const address of ['10.0.0.1', '192.168.0.1', '172.16.0.1', '169.254.169.254', 'fd00:ec2::254', 'fe80::1', '0.0.0.0', '100.100.100.200', '2002:7f00:1::']) {
      expect(isAddressAllowed(address, policy), address).toBe(false);
    }
  });

  it('throws FETCH_BLOCKED_ADDRESS naming the host, the address and its kind', () => {
    expect(() => assertAddressAllowed('8.8.8.8', { allowLoopback: false })).not.toThrow();
    try {
      assertAddressAllowed('10.1.2.3', { allowLoopback: false }, 'intranet.example');
      expect.unreachable();
    } catch (err) {
      expect(isRedianError(err, 'FETCH_BLOCKED_ADDRESS')).toBe(true);
      expect((err as Error).message).toContain('intranet.example (10.1.2.3) is private');
    }
  });
});
