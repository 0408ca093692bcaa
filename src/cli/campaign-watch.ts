// `greenlight campaign watch ID`: follows a campaign through the API with a progress bar, then prints its stats.
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { createParser } from 'eventsource-parser';
import type { Config } from '../config/index.ts';

/** What GET /v1/campaigns/{id} and its progress stream answer (the fields the watcher reads). */
export type CampaignSnapshot = {
  id: string;
  name: string;
  status: string;
  audienceTotal: number;
  expanded: number;
  expansionDone: boolean;
  pauseReason: { code: string; message: string; by: string; [k: string]: unknown } | null;
  counts: Record<
    'total' | 'queued' | 'sending' | 'sent' | 'delivered' | 'read' | 'failed' | 'denied',
    number
  >;
  deniedByReason: Record<string, number>;
  failedByReason: Record<string, number>;
};

export type ProgressView = {
  /** Recipients whose message is out of the queue: sent (or further), failed or denied. */
  value: number;
  /** The audience as far as known: the expansion may not have reached its end yet. */
  total: number;
  payload: { name: string; status: string; line: string };
  /** The command's exit code once the campaign stopped (0 completed, 1 cancelled or paused); null while it goes on. */
  exitCode: 0 | 1 | null;
};

const STATUSES = ['queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'denied'] as const;

/** The progress bar's position and text for one snapshot. */
export function progressView(s: CampaignSnapshot): ProgressView {
  const c = s.counts;
  const value = c.sent + c.delivered + c.read + c.failed + c.denied;
  // Until the expansion is done, the audience total of a segment is not known: the enqueued rows are the floor.
  const total = Math.max(s.expansionDone ? c.total : s.audienceTotal, c.total, value, 1);
  const line = STATUSES.filter((k) => c[k] > 0)
    .map((k) => `${k} ${c[k]}`)
    .join(', ');
  return {
    value,
    total,
    payload: { name: s.name, status: s.status, line: line || 'nothing enqueued yet' },
    exitCode: s.status === 'completed' ? 0 : s.status === 'cancelled' || s.status === 'paused' ? 1 : null,
  };
}

const byCount = (r: Record<string, number>) => Object.entries(r).sort((a, b) => b[1] - a[1]);

/** The closing report: why the campaign stopped, its counts by status, and its denials and failures by reason. */
export function summaryLines(s: CampaignSnapshot): string[] {
  const c = s.counts;
  const lines = [`Campaign "${s.name}" (${s.id}) is ${s.status}.`];
  if (s.status === 'paused' && s.pauseReason) {
    const who = s.pauseReason.by === 'quality_guard' ? 'the quality guard' : 'the business';
    lines.push(`  Paused by ${who}: ${s.pauseReason.code}: ${s.pauseReason.message}`);
  }
  lines.push(
    `  ${c.total} message(s): ${STATUSES.map((k) => `${k} ${c[k]}`).join(', ')}`,
    // Sent counts every message Meta accepted, whatever happened after (delivered, read, or a late failure).
    `  Accepted by WhatsApp: ${c.sent + c.delivered + c.read}; delivered or read: ${c.delivered + c.read}.`,
  );
  const denied = byCount(s.deniedByReason);
  if (denied.length > 0) {
    lines.push('  Denied, by reason:');
    for (const [code, n] of denied) lines.push(`    ${code}: ${n}`);
  }
  const failed = byCount(s.failedByReason);
  if (failed.length > 0) {
    lines.push('  Failed, by reason:');
    for (const [code, n] of failed) lines.push(`    ${code}: ${n}`);
  }
  return lines;
}

export type WatchOptions = {
  id: string;
  url: string;
  apiKey: string;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  /** How often the fallback polls GET /v1/campaigns/{id} when the stream is not available. */
  pollMs?: number;
};

class ApiError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

async function apiError(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  return new ApiError(body?.error?.code ?? `http.${res.status}`, body?.error?.message ?? res.statusText);
}

/**
 * Follows the campaign over its SSE progress stream, feeding each snapshot to `onSnapshot` until it returns true
 * (the campaign stopped). Returns false when the stream broke off first, so that the caller falls back to polling.
 */
async function followStream(o: WatchOptions, onSnapshot: (s: CampaignSnapshot) => boolean): Promise<boolean> {
  const res = await fetch(`${o.url}/v1/campaigns/${encodeURIComponent(o.id)}/progress`, {
    headers: { authorization: `Bearer ${o.apiKey}`, accept: 'text/event-stream' },
  });
  if (res.status === 401 || res.status === 403 || res.status === 404) throw await apiError(res);
  if (!res.ok || !res.body || !res.headers.get('content-type')?.includes('text/event-stream')) return false;
  let stopped = false;
  const parser = createParser({
    onEvent: (e) => {
      if (stopped || (e.event !== 'progress' && e.event !== 'finished')) return;
      stopped = onSnapshot(JSON.parse(e.data) as CampaignSnapshot);
    },
  });
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  try {
    while (!stopped) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
    }
  } finally {
    // A paused campaign's stream stays open (it may resume): hang up once we have what we came for.
    await reader.cancel().catch(() => undefined);
  }
  return stopped;
}

async function poll(o: WatchOptions, onSnapshot: (s: CampaignSnapshot) => boolean): Promise<void> {
  for (;;) {
    const res = await fetch(`${o.url}/v1/campaigns/${encodeURIComponent(o.id)}`, {
      headers: { authorization: `Bearer ${o.apiKey}` },
    });
    if (!res.ok) throw await apiError(res);
    if (onSnapshot((await res.json()) as CampaignSnapshot)) return;
    await new Promise((r) => setTimeout(r, o.pollMs ?? 1000));
  }
}

/** The command itself: returns the exit code (0 completed, 1 cancelled or paused, 2 the API refused). */
export async function watchCampaign(o: WatchOptions): Promise<number> {
  const bar = new cliProgress.SingleBar(
    {
      format: '{name} [{bar}] {percentage}% | {value}/{total} | {line} | {status}',
      stream: o.err,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let last: CampaignSnapshot | undefined;
  const onSnapshot = (s: CampaignSnapshot): boolean => {
    last = s;
    const v = progressView(s);
    if (!started) {
      bar.start(v.total, v.value, v.payload);
      started = true;
    } else {
      bar.setTotal(v.total);
      bar.update(v.value, v.payload);
    }
    return v.exitCode !== null;
  };
  try {
    let done = false;
    try {
      done = await followStream(o, onSnapshot);
    } catch (e) {
      if (e instanceof ApiError) throw e;
      // A proxy that buffers or drops event streams: polling still works.
    }
    if (!done) {
      if (started) bar.stop();
      o.err.write('The progress stream is not available; polling instead.\n');
      started = false;
      await poll(o, onSnapshot);
    }
  } catch (e) {
    if (started) bar.stop();
    if (e instanceof ApiError) {
      o.err.write(`${e.code}: ${e.message}\n`);
      return 2;
    }
    if (e instanceof TypeError) {
      o.err.write(`Cannot reach ${o.url}: ${(e.cause as Error | undefined)?.message ?? e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (started) bar.stop();
  o.out.write(summaryLines(last!).join('\n') + '\n');
  return progressView(last!).exitCode!;
}

/** Adds `campaign watch` to the `campaign` command group, making the group when it is not there yet. */
export function registerCampaignWatchCommand(program: Command, config: () => Config): void {
  const campaign =
    program.commands.find((c) => c.name() === 'campaign') ??
    program.command('campaign').description('Campaigns');
  campaign
    .command('watch')
    .description(
      'Follow a campaign with a progress bar until it completes (exit 0), or is cancelled or paused (exit 1, with why)',
    )
    .argument('<id>', 'the campaign id (cmp_...)')
    .option('--url <url>', "the API's base URL (default http://127.0.0.1:$PORT)")
    .option('--api-key <key>', 'an API key (default GREENLIGHT_API_KEY)')
    .action(async (id: string, o: { url?: string; apiKey?: string }) => {
      const c = o.url === undefined || o.apiKey === undefined ? config() : undefined;
      const apiKey = o.apiKey ?? c?.apiKey;
      if (!apiKey) {
        process.stderr.write('Give an API key with --api-key or GREENLIGHT_API_KEY.\n');
        process.exit(2);
      }
      const code = await watchCampaign({
        id,
        url: (o.url ?? `http://127.0.0.1:${c!.port}`).replace(/\/+$/, ''),
        apiKey,
        out: process.stdout,
        err: process.stderr,
      });
      process.exit(code);
    });
}
