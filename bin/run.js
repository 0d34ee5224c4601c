#!/usr/bin/env node
// Production entry point: runs the compiled commands in dist/ (built by `npm ci`/`npm run build`).
require('reflect-metadata');
const { execute } = require('@oclif/core');

execute({ dir: __dirname }).catch(require('@oclif/core').handle);
