// Configuration fails fast with messages a person can act on.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './index.ts';

const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env, '/srv');
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.join('\n');
    throw e;
  }
  return '';
};

describe('loadConfig', () => {
  it('defaults to SQLite in ./data, sandbox mode and port 3000', () => {
    const c = loadConfig({}, '/srv');
    expect(c).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dataDir: '/srv/data',
      databaseUrl: undefined,
      mode: 'sandbox',
    });
    expect(Object.isFrozen(c)).toBe(true);
  });
  it('explains a malformed DATABASE_URL', () => {
    expect(problems({ DATABASE_URL: 'not a url' })).toMatch(/DATABASE_URL is not a valid URL/);
    expect(problems({ DATABASE_URL: 'mysql://h/db' })).toMatch(/must start with postgres:\/\//);
  });
  it('lists every missing Meta setting in cloud mode', () => {
    const p = problems({ GREENLIGHT_MODE: 'cloud' });
    for (const key of [
      'WHATSAPP_ACCESS_TOKEN',
      'WHATSAPP_APP_SECRET',
      'WHATSAPP_VERIFY_TOKEN',
      'WHATSAPP_PHONE_NUMBER_ID',
      'WHATSAPP_WABA_ID',
    ]) {
      expect(p).toContain(key);
    }
  });
  it('accepts a complete cloud configuration', () => {
    const c = loadConfig(
      {
        GREENLIGHT_MODE: 'cloud',
        WHATSAPP_ACCESS_TOKEN: 't',
        WHATSAPP_APP_SECRET: 's',
        WHATSAPP_VERIFY_TOKEN: 'v',
        WHATSAPP_PHONE_NUMBER_ID: '1',
        WHATSAPP_WABA_ID: '2',
        WHATSAPP_GRAPH_BASE_URL: 'http://127.0.0.1:9999/',
      },
      '/srv',
    );
    expect(c.cloud).toMatchObject({ graphBaseUrl: 'http://127.0.0.1:9999', graphVersion: 'v23.0' });
  });
  it('rejects bad numbers, modes and short API keys', () => {
    expect(problems({ PORT: 'eighty' })).toMatch(/PORT/);
    expect(problems({ GREENLIGHT_MODE: 'prod' })).toMatch(/GREENLIGHT_MODE/);
    expect(problems({ GREENLIGHT_API_KEY: 'short' })).toMatch(/at least 16/);
  });
});
