import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { buildConnector } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardedConnector, resolveAllowedAddress, type LookupFn } from './guarded-connector.js';

// A stand-in resolver: no test here sends a DNS query, let alone a packet to these addresses.
const DNS: Record<string, string[]> = {
  'news.test': ['93.184.215.14'],
  'intranet.test': ['10.0.0.5'],
  'rebind.test': ['93.184.215.14', '10.0.0.1'],
  'v6.test': ['2606:4700::1', 'fd00:ec2::254'],
  'loopback.test': ['127.0.0.1'],
  'empty.test': [],
};
const lookup: LookupFn = async (host) => {
  const addresses = DNS[host];
  if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};
const strict = { allowLoopback: false };

describe('resolveAllowedAddress', () => {
  it('returns the first address when every resolved address is allowed', async () => {
    await expect(resolveAllowedAddress('news.test', strict, lookup)).resolves.toBe('93.184.215.14');
  });

  it('refuses a host when any of its addresses is refused', async () => {
    for (const host of ['intranet.test', 'rebind.test', 'v6.test', 'loopback.test']) {
      await expect(resolveAllowedAddress(host, strict, lookup), host).rejects.toMatchObject({ code: 'FETCH_BLOCKED_ADDRESS' });
    }
    await expect(resolveAllowedAddress('rebind.test', strict, lookup)).rejects.toThrow('rebind.test (10.0.0.1) is private');
  });

  it('checks IP literals without asking the resolver', async () => {
    const asked: string[] = [];
    const recording: LookupFn = async (host) => {
      asked.push(host);
      return lookup(host);
    };
    await expect(resolveAllowedAddress('169.254.169.254', strict, recording)).rejects.toThrow('is metadata');
    await expect(resolveAllowedAddress('::ffff:127.0.0.1', strict, recording)).rejects.toThrow('is loopback');
    await expect(resolveAllowedAddress('127.0.0.1', { allowLoopback: true }, recording)).resolves.toBe('127.0.0.1');
    expect(asked).toEqual([]);
  });

  it('turns resolver failures into FETCH_FAILED', async () => {
    await expect(resolveAllowedAddress('missing.test', strict, lookup)).rejects.toMatchObject({
      code: 'FETCH_FAILED',
      message: expect.stringContaining('cannot resolve missing.test (ENOTFOUND)'),
    });
    await expect(resolveAllowedAddress('empty.test', strict, lookup)).rejects.toMatchObject({ code: 'FETCH_FAILED' });
  });
});

describe('guardedConnector', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function connectWith(policy: { allowLoopback: boolean }, hostname: string) {
    const dialled: buildConnector.Options[] = [];
    const transport: buildConnector.connector = (options, callback) => {
      dialled.push(options);
      // Whatever address was approved, the only socket this test opens is to its own server.
      const socket: Socket = createConnection({ host: '127.0.0.1', port });
      socket.once('connect', () => callback(null, socket)).once('error', (err) => callback(err, null));
    };
    const connector = guardedConnector(policy, { lookup, connect: transport });
    const result = new Promise<Socket>((resolve, reject) => {
      connector({ hostname, host: `${hostname}:${port}`, protocol: 'http:', port: String(port) }, (err, socket) => {
        if (err) reject(err);
        else resolve(socket as Socket);
      });
    });
    return { dialled, result };
  }

  it('refuses a private or metadata address before the transport is called', async () => {
    for (const hostname of ['10.0.0.1', '169.254.169.254', 'intranet.test', 'rebind.test', 'fd00:ec2::254']) {
      const { dialled, result } = connectWith({ allowLoopback: true }, hostname);
      await expect(result, hostname).rejects.toMatchObject({ code: 'FETCH_BLOCKED_ADDRESS' });
      expect(dialled).toEqual([]);
    }
  });

  it('dials the checked address, keeping the host name for SNI', async () => {
    const { dialled, result } = connectWith(strict, 'news.test');
    (await result).destroy();
    expect(dialled).toHaveLength(1);
    expect(dialled[0]).toMatchObject({ hostname: '93.184.215.14', host: `news.test:${port}` });
  });

  it('dials loopback only when the policy allows it', async () => {
    const refused = connectWith(strict, '127.0.0.1');
    await expect(refused.result).rejects.toMatchObject({ code: 'FETCH_BLOCKED_ADDRESS' });
    expect(refused.dialled).toEqual([]);
    const allowed = connectWith({ allowLoopback: true }, '127.0.0.1');
    (await allowed.result).destroy();
    expect(allowed.dialled.map((o) => o.hostname)).toEqual(['127.0.0.1']);
  });
});
