import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENV_SCHEMA, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has working defaults for a laptop', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      siteUrl: 'http://localhost:3000',
      databaseUrl: 'data/redian.db',
      databaseConnectTimeoutMs: 5000,
      redisUrl: undefined,
      redisPrefix: 'redian',
      logLevel: 'info',
      loadDemo: true,
      migrateOnStart: true,
      fetchAllowLoopback: false,
      imageProxySecret: undefined,
      imageCacheDir: 'data/img-cache',
      imageCacheMaxMb: 512,
      metricsToken: undefined,
    });
  });

  it('reads every variable', () => {
    const c = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      SITE_URL: 'https://news.example.com/',
      DATABASE_URL: 'postgres://u@db/redian',
      DATABASE_CONNECT_TIMEOUT_MS: '2000',
      REDIS_URL: 'redis://127.0.0.1:6379',
      LOG_LEVEL: 'debug',
      REDIAN_DEMO: '0',
      MIGRATE_ON_START: 'false',
      IMAGE_PROXY_SECRET: 'a-long-enough-secret',
      IMAGE_CACHE_DIR: '/var/cache/redian/img',
      IMAGE_CACHE_MAX_MB: '64',
      METRICS_TOKEN: 'a-long-enough-metrics-token',
    });
    expect(c.metricsToken).toBe('a-long-enough-metrics-token');
    expect(c).toMatchObject({ port: 8080, host: '0.0.0.0', siteUrl: 'https://news.example.com', redisUrl: 'redis://127.0.0.1:6379', logLevel: 'debug', loadDemo: false, migrateOnStart: false, databaseConnectTimeoutMs: 2000, imageProxySecret: 'a-long-enough-secret', imageCacheDir: '/var/cache/redian/img', imageCacheMaxMb: 64 });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', SITE_URL: '' }).port).toBe(3000);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT must be a number (got "abc")'],
    [{ PORT: '70000' }, 'PORT must be between 0 and 65535'],
    [{ PORT: '80.5' }, 'PORT must be a whole number'],
    [{ SITE_URL: 'news.example.com' }, 'SITE_URL must be an absolute http(s) URL'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL must be a redis:// or rediss:// URL'],
    [{ SMTP_URL: 'https://mail.example' }, 'SMTP_URL must be an smtp:// or smtps:// URL'],
    [{ SMTP_FROM: 'noreply' }, 'SMTP_FROM must be an e-mail address'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent'],
    [{ REDIAN_DEMO: 'maybe' }, 'REDIAN_DEMO must be one of 1, 0, true'],
    [{ DATABASE_CONNECT_TIMEOUT_MS: '5' }, 'DATABASE_CONNECT_TIMEOUT_MS must be at least 100'],
    [{ IMAGE_PROXY_SECRET: 'short' }, 'IMAGE_PROXY_SECRET must be at least 16 characters'],
    [{ IMAGE_CACHE_MAX_MB: '0' }, 'IMAGE_CACHE_MAX_MB must be at least 1'],
    [{ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN must be at least 16 characters'],
  ])('refuses %o naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('is documented: the README config table lists every variable', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const name of Object.keys(ENV_SCHEMA.shape)) expect(readme).toMatch(new RegExp(`\\|\\s*\`${name}\`\\s*\\|`));
  });
});
