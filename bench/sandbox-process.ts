// The sandbox as its own process for the send benchmark: reports its URL and credentials over IPC, stops by itself.
import { randomBytes, randomInt } from 'node:crypto';
import { OffsetClock } from '../src/kernel/clock.ts';
import { startSandboxServer, type SandboxInfo } from '../src/sandbox/index.ts';

export type SandboxReady = { type: 'ready'; url: string; info: SandboxInfo };
/** Parent to child: where status webhooks go (null holds them in the sandbox's queue), or stop. */
export type SandboxCommand = { type: 'webhookUrl'; url: string | null } | { type: 'stop' };

// Hard stop, whatever the parent does: the benchmark as a whole is meant to finish in about two minutes.
const MAX_LIFETIME_MS = 10 * 60_000;

const ids = () => `1${Array.from({ length: 14 }, () => randomInt(10)).join('')}`;

async function main(): Promise<void> {
  if (!process.send) throw new Error('bench/sandbox-process.ts must be started with child_process.fork');
  const throughputMps = Number(process.env.BENCH_SANDBOX_MPS ?? 5000);
  let webhookUrl: string | undefined;
  const server = await startSandboxServer({
    port: 0,
    clock: new OffsetClock(),
    accessToken: `EAAG${randomBytes(24).toString('base64url')}`,
    appSecret: randomBytes(16).toString('hex'),
    wabaId: ids(),
    phoneNumberId: ids(),
    displayPhoneNumber: '15550101234',
    verifiedName: 'Greenlight Bench',
    webhookUrl: () => webhookUrl,
    throughputMps,
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close().catch(() => undefined);
    process.exit(0);
  };
  const lifetime = setTimeout(() => void stop(), MAX_LIFETIME_MS);
  lifetime.unref();
  process.on('message', (m: SandboxCommand) => {
    if (m.type === 'webhookUrl') webhookUrl = m.url ?? undefined;
    else if (m.type === 'stop') void stop();
  });
  // The parent went away: nothing left to serve.
  process.on('disconnect', () => void stop());
  process.send({ type: 'ready', url: server.url, info: server.sandbox.info() } satisfies SandboxReady);
}

await main();
