/**
 * Where a CPU profile's time went, as text (not part of the test suite).
 *
 *   npx ts-node --transpile-only bench/api/cpu-profile-summary.ts /tmp/prof/CPU.*.cpuprofile [--top 40] [--match guard,typeorm]
 *
 * Reads a `node --cpu-prof` profile and prints, as shares of the busy (non-idle) samples:
 * self time by package or source folder; the top frames by self time; and the inclusive
 * time of every frame whose name or file contains one of `--match` (a frame counted once per
 * sample however deep it recurses), which is what a part of the request path costs.
 */
import { readFileSync } from 'node:fs';
import { arg } from '../shared';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

const TOP = arg('top', 40);
const matchIndex = process.argv.indexOf('--match');
const MATCH = matchIndex > 0 ? process.argv[matchIndex + 1].split(',') : [];

/** `node_modules/@nestjs/core/…` → `@nestjs/core`; `src/auth/…` → `src/auth`; Node's own → `node:internal`. */
function owner(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (module) return module[1];
  const own = /\/(src|bench|test)\/([^/]+\/)?/.exec(url);
  if (own) return own[2] ? `${own[1]}/${own[2].slice(0, -1)}` : own[1];
  if (url.startsWith('node:')) return 'node:internal';
  return url;
}

function frameName(frame: CallFrame): string {
  const file = frame.url.replace(/^.*\/(node_modules|src|bench)\//, '$1/');
  return `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
}

function percent(n: number, of: number): string {
  return `${((100 * n) / of).toFixed(1).padStart(5)} %`;
}

function main(): void {
  const file = process.argv[2];
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const selfByNode = new Map<number, number>();
  for (const id of profile.samples) selfByNode.set(id, (selfByNode.get(id) ?? 0) + 1);
  const idle = [...selfByNode].filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)').reduce((sum, [, n]) => sum + n, 0);
  const busy = profile.samples.length - idle;
  console.log(`${profile.samples.length} samples, ${busy} busy (${percent(busy, profile.samples.length).trim()})\n`);

  const byOwner = new Map<string, number>();
  const byFrame = new Map<string, number>();
  for (const [id, n] of selfByNode) {
    const { callFrame } = byId.get(id)!;
    if (callFrame.functionName === '(idle)') continue;
    const who = owner(callFrame.url, callFrame.functionName);
    byOwner.set(who, (byOwner.get(who) ?? 0) + n);
    byFrame.set(frameName(callFrame), (byFrame.get(frameName(callFrame)) ?? 0) + n);
  }
  console.log('self time by package / folder');
  for (const [who, n] of [...byOwner].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${percent(n, busy)}  ${who}`);
  console.log(`\ntop ${TOP} frames by self time`);
  for (const [name, n] of [...byFrame].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${percent(n, busy)}  ${name}`);

  if (!MATCH.length) return;
  const inclusive = new Map<string, number>();
  for (const [id, n] of selfByNode) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      const name = frameName(frame);
      if (MATCH.some((m) => name.includes(m))) seen.add(name);
    }
    for (const name of seen) inclusive.set(name, (inclusive.get(name) ?? 0) + n);
  }
  console.log(`\ninclusive time of frames matching ${MATCH.join(', ')}`);
  for (const [name, n] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${percent(n, busy)}  ${name}`);
}

main();
