import * as path from 'node:path';

/** The package root, from src/db (ts-node) or dist/db (built) alike. */
export const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');
export const MIGRATIONS_DIR = path.join(PACKAGE_ROOT, 'migrations');
export const SQL_DIR = path.join(MIGRATIONS_DIR, 'sql');
export const SEEDERS_DIR = path.join(PACKAGE_ROOT, 'seeders');
export const DATA_DIR = path.join(PACKAGE_ROOT, 'data');
