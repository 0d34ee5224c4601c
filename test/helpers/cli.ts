import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const BIN = path.join(__dirname, '..', '..', 'bin', 'run.js');
/** The bundles bin/run.js loads and where (bin/load-bundle.js, made by scripts/bundle.js). */
export const { BUNDLES, cacheOf } = require('../../bin/load-bundle') as {
  BUNDLES: Record<'store' | 'orm', { file: string; aliases: string[] }>;
  cacheOf: (name: 'store' | 'orm') => string;
};
export const DIST = path.join(__dirname, '..', '..', 'dist');
export const BUNDLE = BUNDLES.store.file;
/** The store modules of dist/ a process holds when it runs from the store bundle: the bundle, under its own name and its aliases. */
export const BUNDLE_MODULES = [BUNDLE, ...BUNDLES.store.aliases].sort();
/** The files of the store's own dist/ among a process's loaded modules (not a dependency's dist/). */
export const storeDistModules = (loaded: string[]) => loaded.filter((file) => file.startsWith(DIST + path.sep)).sort();

/** A fresh config directory, so no saved login leaks into a run (from a developer or another test). */
const configDirs: string[] = [];
export function freshConfigDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-config-'));
  configDirs.push(dir);
  return dir;
}
process.on('exit', () => {
  for (const dir of configDirs) fs.rmSync(dir, { recursive: true, force: true });
});

export interface CliResult {
  code: number;
  /** The signal that ended the process, when one did (code is then -1). */
  signal?: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built `store` binary as a user would (a separate process, no TTY), with only the
 * environment given plus PATH/HOME and, unless given, a new empty STORE_CONFIG_DIR: nothing
 * leaks in from the developer's shell or from another test.
 */
export function runCli(args: string[], env: Record<string, string | undefined> = {}, input?: string): Promise<CliResult> {
  return startCli(args, env, input).done;
}

export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  done: Promise<CliResult>;
}

/** runCli, with the process at hand while it runs (to kill it at a chosen moment). */
export function startCli(args: string[], env: Record<string, string | undefined> = {}, input?: string): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, STORE_CONFIG_DIR: env.STORE_CONFIG_DIR ?? freshConfigDir(), ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const done = new Promise<CliResult>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? -1, stdout, stderr, ...(signal ? { signal } : {}) }));
    child.stdin.on('error', () => undefined); // a killed process closes its stdin early
    child.stdin.end(input ?? '');
  });
  return { child, done };
}

/** What a process loaded and made, as test/fixtures/loaded-modules.js records it at its exit. */
export interface RecordedRun extends CliResult {
  /** Files in require.cache (the bundles, their stubs, what is left in node_modules). */
  modules: string[];
  /** Node's built-in modules (net, crypto, internal/…). */
  builtins: string[];
  /** The locale of every Intl.NumberFormat made. */
  numberFormats: string[];
}

/** runCli with the recording preload (start-up checks: what a command loads and does not). */
export async function runRecorded(args: string[], env: Record<string, string | undefined> = {}): Promise<RecordedRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-record-'));
  const out = path.join(dir, 'record.json');
  try {
    const result = await runCli(args, { ...env, NODE_OPTIONS: `--require ${path.join(__dirname, '..', 'fixtures', 'loaded-modules.js')}`, STORE_TEST_RECORD_OUT: out });
    return { ...result, ...(JSON.parse(fs.readFileSync(out, 'utf8')) as Pick<RecordedRun, 'modules' | 'builtins' | 'numberFormats'>) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A refusal as a user sees it: the exit code, exactly one line on stderr matching the
 * pattern, no stack trace, and with emptyStdout nothing at all on stdout.
 */
export function expectRefused(result: CliResult, code: number, pattern: RegExp, options: { emptyStdout?: boolean } = {}): void {
  expect(result.code, result.stderr).to.equal(code);
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).to.have.length(1);
  expect(lines[0]).to.match(pattern);
  expect(result.stderr).to.not.match(/\n\s+at /);
  if (options.emptyStdout) expect(result.stdout).to.equal('');
}
