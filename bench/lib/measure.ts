/** Timing, medians and real `store` processes with their peak memory. */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const BIN = path.join(__dirname, '..', '..', 'bin', 'run.js');
const GNU_TIME = '/usr/bin/time';

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Seconds taken by fn, and its result. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await fn();
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, value };
}

export interface StoreRun {
  code: number;
  stdout: string;
  stderr: string;
  seconds: number;
  /** Peak resident set size of the store process, in MiB. */
  peakRssMiB: number;
}

/** Whether GNU time is here to report peak RSS; otherwise /proc is sampled. */
export const rssMethod: 'gnu-time' | 'proc-sampling' = fs.existsSync(GNU_TIME) ? 'gnu-time' : 'proc-sampling';

/**
 * Runs `node bin/run.js ARGS` as a user would, with only the given environment (plus PATH
 * and HOME). Wall time includes the process start, as a user waits for it. Peak RSS comes
 * from GNU time's wait4 rusage, or from sampling VmHWM (a high-water mark, so sampling
 * every 20 ms loses only what the last 20 ms add).
 */
export function runStore(args: string[], env: Record<string, string>): Promise<StoreRun> {
  return runNode([BIN, ...args], env);
}

/** Runs `node ARGS` the same way (runStore is `node bin/run.js …`; `node -e 0` is the floor). */
export function runNode(nodeArgs: string[], env: Record<string, string>): Promise<StoreRun> {
  const command = rssMethod === 'gnu-time' ? GNU_TIME : process.execPath;
  const argv = rssMethod === 'gnu-time' ? ['-f', 'peak-rss-kib=%M', process.execPath, ...nodeArgs] : nodeArgs;
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, argv, { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sampledKiB = 0;
    const sampler =
      rssMethod === 'proc-sampling'
        ? setInterval(() => {
            try {
              const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
              if (match) sampledKiB = Math.max(sampledKiB, Number(match[1]));
            } catch {
              // exited between two samples
            }
          }, 20)
        : undefined;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (sampler) clearInterval(sampler);
      let peakKiB = sampledKiB;
      const reported = /peak-rss-kib=(\d+)\s*$/.exec(stderr);
      if (reported) {
        peakKiB = Number(reported[1]);
        stderr = stderr.slice(0, reported.index);
      }
      resolve({ code: code ?? -1, stdout, stderr, seconds, peakRssMiB: peakKiB / 1024 });
    });
  });
}

/** CPU seconds (user + system) used so far by every process named postgres on this machine. */
export function serverCpuSeconds(): number {
  const tick = 100; // USER_HZ: the unit of /proc/PID/stat's times on Linux
  let total = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
      const fields = stat.slice(close + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / tick; // utime, stime (fields 14 and 15)
    } catch {
      // the process ended between the listing and the read
    }
  }
  return total;
}

export interface CpuSplit {
  /** CPU seconds of this node process. */
  node: number;
  /** CPU seconds of the PostgreSQL processes (the server and its backends). */
  server: number;
}

/** timed(), plus the CPU this process and the database server used meanwhile. */
export async function timedWithCpu<T>(fn: () => Promise<T>): Promise<{ seconds: number; value: T; cpu: CpuSplit }> {
  const nodeBefore = process.cpuUsage();
  const serverBefore = serverCpuSeconds();
  const { seconds, value } = await timed(fn);
  const used = process.cpuUsage(nodeBefore);
  return { seconds, value, cpu: { node: (used.user + used.system) / 1e6, server: serverCpuSeconds() - serverBefore } };
}
