// Configuration: the only reader of process.env. Parsed once, validated with actionable messages, frozen.
import path from 'node:path';

export type Mode = 'sandbox' | 'cloud';

export type CloudConfig = {
  accessToken: string;
  appSecret: string;
  verifyToken: string;
  phoneNumberId: string;
  wabaId: string;
  graphBaseUrl: string;
  graphVersion: string;
};

export type Config = Readonly<{
  host: string;
  port: number;
  publicUrl: string | undefined;
  dataDir: string;
  databaseUrl: string | undefined;
  apiKey: string | undefined;
  businessName: string;
  mode: Mode;
  cloud: CloudConfig | undefined;
  logLevel: string;
  workerPollMs: number;
  dispatchBatchSize: number;
  dispatchConcurrency: number;
  /** How long a claimed outbox row or webhook item stays with its worker before a crash recovery may take it over. */
  dispatchLeaseMs: number;
  webhookLeaseMs: number;
  /** Default quiet hours for marketing in the contact's local time (a business may set its own); null when off. */
  quietHours: { start: string; end: string } | null;
  /** How long a dashboard sign-in lasts before the person must sign in again. */
  sessionTtlMs: number;
  /** Chatbot limits: bot messages per inbound message, and turns not understood before a person takes over. */
  bots: Readonly<{ maxRepliesPerMessage: number; handoffAfterNotUnderstood: number }>;
  sandbox: Readonly<{
    throughputMps: number;
    verifyToken: string;
    graphVersion: string;
    /** Whether the default business starts with the example chatbot flow (examples/flows/coffee-shop.yaml). */
    exampleFlow: boolean;
  }>;
}>;

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const DEFAULT_GRAPH_VERSION = 'v23.0';

type Env = Record<string, string | undefined>;

function int(env: Env, key: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${key}=${JSON.stringify(raw)} must be a whole number from ${min} to ${max}.`);
    return fallback;
  }
  return n;
}

function checkDatabaseUrl(raw: string, problems: string[]): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(
      'DATABASE_URL is not a valid URL. Expected postgres://user:password@host:5432/database ' +
        '(leave it unset to use the embedded SQLite database).',
    );
    return undefined;
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    problems.push(
      `DATABASE_URL must start with postgres:// or postgresql:// (got ${url.protocol}//). ` +
        'Leave it unset to use the embedded SQLite database in GREENLIGHT_DATA_DIR.',
    );
    return undefined;
  }
  if (!url.hostname)
    problems.push('DATABASE_URL has no host name, e.g. postgres://127.0.0.1:5432/greenlight.');
  return raw;
}

function onOff(env: Env, key: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  if (['on', 'true', '1'].includes(raw.toLowerCase())) return true;
  if (['off', 'false', '0'].includes(raw.toLowerCase())) return false;
  problems.push(`${key}=${JSON.stringify(raw)} must be "on" or "off".`);
  return fallback;
}

/** Parses and validates the environment. Throws ConfigError listing every problem at once. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const problems: string[] = [];
  const port = int(env, 'PORT', 3000, 0, 65535, problems);
  const host = env.HOST || '127.0.0.1';
  const databaseUrl = env.DATABASE_URL ? checkDatabaseUrl(env.DATABASE_URL, problems) : undefined;

  const modeRaw = env.GREENLIGHT_MODE || 'sandbox';
  if (modeRaw !== 'sandbox' && modeRaw !== 'cloud') {
    problems.push(
      `GREENLIGHT_MODE must be "sandbox" (default, the built-in simulator) or "cloud" (Meta), not "${modeRaw}".`,
    );
  }
  const mode: Mode = modeRaw === 'cloud' ? 'cloud' : 'sandbox';

  let cloud: CloudConfig | undefined;
  if (mode === 'cloud') {
    const required = [
      ['WHATSAPP_ACCESS_TOKEN', 'a system-user access token from Meta Business Settings'],
      [
        'WHATSAPP_APP_SECRET',
        "your Meta app's secret (App settings > Basic), used to verify webhook signatures",
      ],
      [
        'WHATSAPP_VERIFY_TOKEN',
        'the string you type into the webhook "Verify token" field in the App Dashboard',
      ],
      ['WHATSAPP_PHONE_NUMBER_ID', 'the phone number id shown in WhatsApp Manager > API Setup'],
      ['WHATSAPP_WABA_ID', 'the WhatsApp Business Account id'],
    ] as const;
    for (const [key, what] of required) {
      if (!env[key]) problems.push(`GREENLIGHT_MODE=cloud needs ${key}: ${what}.`);
    }
    const graphBaseUrl = env.WHATSAPP_GRAPH_BASE_URL || 'https://graph.facebook.com';
    try {
      new URL(graphBaseUrl);
    } catch {
      problems.push(`WHATSAPP_GRAPH_BASE_URL=${JSON.stringify(graphBaseUrl)} is not a URL.`);
    }
    const graphVersion = env.WHATSAPP_GRAPH_VERSION || DEFAULT_GRAPH_VERSION;
    if (!/^v\d+\.\d+$/.test(graphVersion))
      problems.push(`WHATSAPP_GRAPH_VERSION must look like v23.0, not "${graphVersion}".`);
    cloud = {
      accessToken: env.WHATSAPP_ACCESS_TOKEN ?? '',
      appSecret: env.WHATSAPP_APP_SECRET ?? '',
      verifyToken: env.WHATSAPP_VERIFY_TOKEN ?? '',
      phoneNumberId: env.WHATSAPP_PHONE_NUMBER_ID ?? '',
      wabaId: env.WHATSAPP_WABA_ID ?? '',
      graphBaseUrl: graphBaseUrl.replace(/\/+$/, ''),
      graphVersion,
    };
  }

  const apiKey = env.GREENLIGHT_API_KEY || undefined;
  if (apiKey !== undefined && apiKey.length < 16) {
    problems.push(
      'GREENLIGHT_API_KEY must be at least 16 characters; unset it to have one generated on first start.',
    );
  }
  const logLevel = env.GREENLIGHT_LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel))
    problems.push(`GREENLIGHT_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}.`);

  const publicUrl = env.GREENLIGHT_PUBLIC_URL || undefined;
  if (publicUrl) {
    try {
      new URL(publicUrl);
    } catch {
      problems.push(
        `GREENLIGHT_PUBLIC_URL=${JSON.stringify(publicUrl)} is not a URL, e.g. https://greenlight.example.com.`,
      );
    }
  }

  const quietRaw = (env.GREENLIGHT_QUIET_HOURS || '21:00-08:00').trim();
  const quietMatch = /^(([01]\d|2[0-3]):[0-5]\d)-(([01]\d|2[0-3]):[0-5]\d)$/.exec(quietRaw);
  if (quietRaw !== 'off' && (!quietMatch || quietMatch[1] === quietMatch[3]))
    problems.push(
      `GREENLIGHT_QUIET_HOURS must be "HH:MM-HH:MM" (e.g. 21:00-08:00) or "off", not ${JSON.stringify(quietRaw)}.`,
    );
  const config: Config = {
    host,
    port,
    publicUrl: publicUrl?.replace(/\/+$/, ''),
    dataDir: path.resolve(cwd, env.GREENLIGHT_DATA_DIR || './data'),
    databaseUrl,
    apiKey,
    businessName: (env.GREENLIGHT_BUSINESS_NAME || 'Greenlight Demo Shop').trim(),
    mode,
    cloud,
    logLevel,
    workerPollMs: int(env, 'GREENLIGHT_WORKER_POLL_MS', 200, 5, 60_000, problems),
    dispatchBatchSize: int(env, 'GREENLIGHT_DISPATCH_BATCH_SIZE', 100, 1, 1000, problems),
    dispatchConcurrency: int(env, 'GREENLIGHT_DISPATCH_CONCURRENCY', 64, 1, 1024, problems),
    dispatchLeaseMs: int(env, 'GREENLIGHT_DISPATCH_LEASE_MS', 120_000, 1_000, 3_600_000, problems),
    webhookLeaseMs: int(env, 'GREENLIGHT_WEBHOOK_LEASE_MS', 60_000, 1_000, 3_600_000, problems),
    quietHours: quietMatch ? { start: quietMatch[1]!, end: quietMatch[3]! } : null,
    sessionTtlMs: int(env, 'GREENLIGHT_SESSION_TTL_HOURS', 12, 1, 24 * 90, problems) * 3_600_000,
    bots: {
      maxRepliesPerMessage: int(env, 'GREENLIGHT_BOT_MAX_REPLIES', 3, 1, 10, problems),
      handoffAfterNotUnderstood: int(env, 'GREENLIGHT_BOT_HANDOFF_AFTER', 2, 1, 10, problems),
    },
    sandbox: {
      throughputMps: int(env, 'GREENLIGHT_SANDBOX_THROUGHPUT_MPS', 80, 1, 100_000, problems),
      verifyToken: env.GREENLIGHT_SANDBOX_VERIFY_TOKEN || 'greenlight-sandbox-verify-token',
      graphVersion: DEFAULT_GRAPH_VERSION,
      exampleFlow: onOff(env, 'GREENLIGHT_SANDBOX_EXAMPLE_FLOW', true, problems),
    },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}
