/**
 * Every benchmark case, in the order they run. A new one (reports, say) is a module under
 * bench/cases/ exporting a BenchCase, added here.
 */
import type { BenchCase } from '../lib/case';
import { importCase } from './import';
import { paymentsCase } from './payments';
import { startupCase } from './startup';

export const cases: BenchCase[] = [importCase, paymentsCase, startupCase];
