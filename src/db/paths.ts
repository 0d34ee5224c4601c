import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The package root: the nearest directory above this module with a package.json. The same from
 * src/db (ts-node), dist/db (the compiled modules) and dist/ (the bundle bin/run.js loads, where
 * every module's __dirname is dist/).
 */
export const PACKAGE_ROOT = findPackageRoot(__dirname);

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}
export const MIGRATIONS_DIR = path.join(PACKAGE_ROOT, 'migrations');
export const SQL_DIR = path.join(MIGRATIONS_DIR, 'sql');
export const SEEDERS_DIR = path.join(PACKAGE_ROOT, 'seeders');
export const DATA_DIR = path.join(PACKAGE_ROOT, 'data');
