#!/usr/bin/env node
// Production entry point: runs the built command line, dist/store.bundle.js (made by `npm ci`/`npm run build`).

// `store --version` alone is answered before oclif loads: requiring @oclif/core and reading its
// config is most of that command's time (docs/benchmarks.md, "Start-up"), and a script or
// health check that asks for the version should not pay for it. The line is oclif's own
// (Config#userAgent: name/version platform-arch node-version); test/commands/surface.test.ts
// checks the two agree. Windows Subsystem for Linux, where oclif says "wsl", goes to oclif.
if (process.argv.length === 3 && process.argv[2] === '--version' && !/microsoft/i.test(require('node:os').release())) {
  const { name, version } = require('../package.json');
  const arch = process.arch === 'ia32' ? 'x86' : process.arch;
  process.stdout.write(`${name}/${version} ${process.platform}-${arch} node-${process.version}\n`);
} else {
  // Everything else runs from the bundle (bin/load-bundle.js says why).
  require('./load-bundle').loadBundle().exports.run(__dirname);
}
