/**
 * Progress for long work: a bar on stderr when a person watches (stderr is a terminal and
 * the output is not --json), nothing at all otherwise.
 */
import type { Readable } from 'node:stream';
import { PassThrough } from 'node:stream';
import { isTty } from './render';

export interface Progress {
  /** Wraps the input so that bytes read move the bar. */
  track(source: Readable): Readable;
  rows(count: number): void;
  stop(): void;
}

const SILENT: Progress = { track: (source) => source, rows: () => undefined, stop: () => undefined };

export function fileProgress(options: { label: string; totalBytes?: number; enabled: boolean }): Progress {
  if (!options.enabled || !isTty(process.stderr)) return SILENT;
  const cliProgress = require('cli-progress') as typeof import('cli-progress');
  const started = Date.now();
  let rows = 0;
  let bytes = 0;
  const total = options.totalBytes && options.totalBytes > 0 ? options.totalBytes : 0;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: total
        ? `${options.label} |{bar}| {percentage}% | {rows} rows | {speed} rows/s | ETA {eta_formatted}`
        : `${options.label} {rows} rows | {speed} rows/s`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total || 1, 0, { rows: 0, speed: 0 });
  const update = () => {
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    bar.update(total ? Math.min(bytes, total) : 0, { rows, speed: Math.round(rows / seconds) });
  };
  return {
    track(source) {
      const counter = new PassThrough();
      counter.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      source.on('error', (error) => counter.destroy(error));
      return source.pipe(counter);
    },
    rows(count) {
      rows = count;
      update();
    },
    stop() {
      bar.stop();
    },
  };
}
