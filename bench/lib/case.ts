/** A benchmark case: one module under bench/cases/, listed in bench/cases/index.ts. */
import type { BenchServer } from './database';
import type { BenchSuiteResult } from './report';

export interface BenchOptions {
  /** Smaller inputs and fewer runs: a whole quick run stays under two minutes. */
  quick: boolean;
  /** Include the slow large inputs (the 1M-row import); never in a quick run. */
  big: boolean;
  /** Runs per measured case (the median is reported). */
  runs: number;
  server: BenchServer;
  /** Scratch directory for generated files, removed afterwards. */
  workDir: string;
  log(message: string): void;
}

export interface BenchCase {
  /** Selects the case on the command line (`npm run bench -- import`) and marks its docs section. */
  id: string;
  title: string;
  /** Measures; throws when the store produced a wrong result (the run then fails). */
  run(options: BenchOptions): Promise<BenchSuiteResult>;
}
