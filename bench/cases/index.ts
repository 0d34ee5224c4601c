/**
 * Every benchmark case, in the order they run. A new one (payments under concurrency,
 * reports, start-up) is a module under bench/cases/ exporting a BenchCase, added here.
 */
import type { BenchCase } from '../lib/case';
import { importCase } from './import';

export const cases: BenchCase[] = [importCase];
