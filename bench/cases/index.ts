/**
 * Every benchmark case, in the order they run. A new one is a module under bench/cases/
 * exporting a BenchCase, added here.
 */
import type { BenchCase } from '../lib/case';
import { importCase } from './import';
import { paymentsCase } from './payments';
import { reportsCase } from './reports';
import { startupCase } from './startup';

export const cases: BenchCase[] = [importCase, paymentsCase, reportsCase, startupCase];
