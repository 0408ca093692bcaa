// Platform roles as real child processes (node src/cli/main.ts <role>) for crash tests: start, wait, SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

export type RoleProcess = { child: ChildProcess; output: () => string; kill(): Promise<void> };

/**
 * Starts `greenlight <role>` on the project's Node (process.execPath inside Vitest is Node 24) with exactly the env
 * given (plus PATH), and resolves once it printed its start banner, i.e. migrated and started its loops.
 */
export function startRole(
  role: 'start' | 'api' | 'worker',
  env: Record<string, string>,
): Promise<RoleProcess> {
  const child = spawn(process.execPath, [path.join(root, 'src/cli/main.ts'), role], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out = (out + b.toString()).slice(-20_000)));
  const handle: RoleProcess = {
    child,
    output: () => out,
    kill: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void handle.kill();
      reject(new Error(`greenlight ${role} did not start in 30 s:\n${out}`));
    }, 30_000);
    const onData = () => {
      if (!out.includes('Greenlight (')) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve(handle);
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`greenlight ${role} exited early (${code ?? signal}):\n${out}`));
    });
  });
}

/** A TCP port that was free a moment ago, so that a restarted process can listen where the sandbox sends webhooks. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** Runs `fn` over items with at most `concurrency` in flight. */
export async function pool<T>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}
