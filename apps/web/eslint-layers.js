// One-way imports in the web app: app → features → shared (src/components, src/lib, src/api).
// A feature imports its own folder and shared code, never another feature or the app shell;
// shared code imports shared code only. Used by the root eslint.config.js (rule web-layers/one-way).
import path from 'node:path';

const SHARED = new Set(['components', 'lib', 'api']);

/** 'app' | 'feature:<name>' | 'shared' | null (outside src, e.g. a package) for an absolute path. */
function layerOf(file, srcRoot) {
  const rel = path.relative(srcRoot, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  const [top, second] = rel.split(path.sep);
  if (top === 'app') return 'app';
  if (top === 'features') return second ? `feature:${second}` : null;
  if (SHARED.has(top)) return 'shared';
  return 'app'; // main.tsx, env.d.ts: the entry point
}

function problem(from, to) {
  if (from === 'app' || from === null || to === null) return null;
  if (to === 'shared' || to === from) return null;
  if (from === 'shared') return `shared code (components, lib, api) must not import from ${to === 'app' ? 'the app shell' : to.replace(':', ' ')}`;
  if (to === 'app') return `${from.replace(':', ' ')} must not import from the app shell (src/app): move the piece to src/components or src/lib`;
  return `${from.replace(':', ' ')} must not import from ${to.replace(':', ' ')}: move the shared piece to src/components, src/lib or src/api, or pass it in from the page`;
}

const oneWay = {
  meta: { type: 'problem', docs: { description: 'web app layers: app → features → shared, no feature imports another' }, schema: [] },
  create(context) {
    const file = context.filename;
    const marker = `${path.sep}apps${path.sep}web${path.sep}src${path.sep}`;
    const at = file.indexOf(marker);
    if (at < 0) return {};
    const srcRoot = file.slice(0, at + marker.length - 1);
    const from = layerOf(file, srcRoot);
    const check = (node) => {
      const spec = node?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const message = problem(from, layerOf(path.resolve(path.dirname(file), spec), srcRoot));
      if (message) context.report({ node, message });
    };
    return {
      ImportDeclaration: (n) => check(n.source),
      ExportNamedDeclaration: (n) => check(n.source),
      ExportAllDeclaration: (n) => check(n.source),
      ImportExpression: (n) => check(n.source),
    };
  },
};

export default { rules: { 'one-way': oneWay } };
