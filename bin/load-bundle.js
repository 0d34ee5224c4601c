'use strict';
/**
 * Loads dist/store.bundle.js, the whole command line in one file (made by scripts/bundle.js),
 * with the V8 code cache made beside it at build time.
 *
 * Why: a command's start-up was mostly Node finding, reading and compiling some 400 files
 * (@oclif/core, zod, pg and the store's own) before any of its work began. One file removes the
 * finding and reading; the code cache removes most of the compiling, because V8 takes the
 * functions it compiled at build time instead of parsing them again. Node 22 has this built in
 * (module.enableCompileCache); Node 20, which package.json still supports, has only the vm API
 * used here. docs/benchmarks.md ("Start-up") has the figures.
 *
 * A cache that V8 rejects (another Node version, V8 flags such as --max-old-space-size in
 * NODE_OPTIONS) costs nothing but the time it saves: the bundle is compiled as usual. V8 checks
 * a cache against the length of the source only, so the cache also names the size and mtime of
 * the bundle it was made from, and is not used for any other (as Python does with .pyc files):
 * a bundle edited by hand or rebuilt without its cache runs as written. Code in the bundle
 * cannot call import() (see src/db/esm.ts, which the bundle leaves out for that reason).
 */
const { Buffer, isAscii } = require('node:buffer');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { createRequire } = require('node:module');
const Module = require('node:module');

const DIST = path.join(__dirname, '..', 'dist');
const BUNDLE = path.join(DIST, 'store.bundle.js');
const CACHE = `${BUNDLE}.cache`;
/** The module the bundle was made from: oclif requires it by this name (package.json, oclif.commands). */
const ENTRY = path.join(DIST, 'cli.js');

/**
 * Runs the bundle as a CommonJS module and returns its exports (src/cli.ts), the compiled script
 * (to make a cache from) and whether V8 took the cache. With `cache: false` the cache is not read.
 */
function loadBundle({ cache = true } = {}) {
  let bytes;
  let stat;
  try {
    const fd = fs.openSync(BUNDLE, 'r');
    try {
      stat = fs.fstatSync(fd);
      bytes = fs.readFileSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    if (error.code === 'ENOENT') throw new Error(`${BUNDLE} is missing: run npm run build (npm ci runs it)`, { cause: error });
    throw error;
  }
  // The build makes the bundle ASCII (scripts/bundle.js), which decodes ten times faster as a
  // one-byte string; anything else is read as UTF-8.
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const cachedData = cache ? readCache(stat) : undefined;
  // Node's own CommonJS wrapper, on the same line as the code so line numbers stay right.
  const wrapper = `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
  const script = new vm.Script(wrapper, { filename: BUNDLE, cachedData });
  const bundle = new Module(BUNDLE, module);
  bundle.filename = BUNDLE;
  // One module under both names, so that oclif's require of the command table returns this one
  // instead of loading the unbundled dist/ a second time.
  require.cache[BUNDLE] = bundle;
  require.cache[ENTRY] = bundle;
  script.runInThisContext().call(bundle.exports, bundle.exports, createRequire(BUNDLE), bundle, BUNDLE, DIST);
  bundle.loaded = true;
  return { exports: bundle.exports, script, cacheAccepted: cachedData !== undefined && !script.cachedDataRejected };
}

/** The first line of the cache file: which bundle it was made from. */
function cacheHeader(stat) {
  return `store code cache: ${stat.size} bytes, mtime ${Math.floor(stat.mtimeMs)} ms\n`;
}

/** The cache made from this very bundle (by size and mtime), or undefined. */
function readCache(stat) {
  let file;
  try {
    file = fs.readFileSync(CACHE);
  } catch {
    return undefined; // no cache (a build without it): compile as usual
  }
  const header = Buffer.from(cacheHeader(stat));
  return file.subarray(0, header.length).equals(header) ? file.subarray(header.length) : undefined;
}

/** Writes the code cache of a script loadBundle compiled (scripts/bundle.js, at build time). */
function writeCache(script) {
  fs.writeFileSync(CACHE, Buffer.concat([Buffer.from(cacheHeader(fs.statSync(BUNDLE))), script.createCachedData()]));
}

module.exports = { loadBundle, writeCache, BUNDLE, CACHE };
