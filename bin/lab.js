#!/usr/bin/env node
// The `lab` executable: checks Node, loads TypeScript through tsx, runs the CLI in lab.ts.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(
    `lab needs Node >= 20.19; this is Node ${process.versions.node}. Install a current Node LTS and retry.`,
  );
  process.exit(4);
}
const { register } = await import('tsx/esm/api');
register();
await import('./lab.ts');
