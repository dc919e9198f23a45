#!/usr/bin/env node
// The npm registry reachable from our build machines serves only the Linux x64 builds of native
// packages, so `npm install` leaves the other platforms' optional builds out of package-lock.json,
// and `npm ci` then refuses the lock file as out of sync. This adds the missing entries (marked
// optional, with their os and cpu, so no machine tries to fetch one it cannot use).
// Run it after any `npm install` that changes dependencies: node scripts/complete-lockfile.cjs
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const lockPath = path.join(root, 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
const OSES = ['darwin', 'win32', 'freebsd', 'android', 'openharmony', 'linux', 'wasm32'];
const CPUS = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'wasm32', 'loong64'];

let added = 0;
for (const [location, entry] of Object.entries(lock.packages)) {
  if (!location) continue;
  const manifestPath = path.join(root, location, 'package.json');
  if (!fs.existsSync(manifestPath)) continue;
  const optional = JSON.parse(fs.readFileSync(manifestPath, 'utf8')).optionalDependencies ?? {};
  for (const [name, version] of Object.entries(optional)) {
    if (lock.packages[`node_modules/${name}`] || lock.packages[`${location}/node_modules/${name}`]) continue;
    const os = OSES.find((candidate) => name.includes(candidate));
    const cpu = CPUS.find((candidate) => name.includes(`-${candidate}`));
    if (!os || !cpu) continue;
    entry.optionalDependencies = { ...entry.optionalDependencies, [name]: version };
    lock.packages[`node_modules/${name}`] = { version, dev: entry.dev, optional: true, os: [os], cpu: [cpu] };
    added += 1;
  }
}
fs.writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: ${added} platform entries added`);
