// The lint holds what the type checker cannot: the architecture (which folder may import which, in
// BOUNDARIES below, and no import circles) and a few type-aware correctness rules (every promise handled,
// every switch over a union exhaustive). It is deliberately small: no stylistic rule sets; formatting
// belongs to Prettier.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import tseslint from 'typescript-eslint';

const ROOT = import.meta.dirname;

/**
 * The import boundaries, as repo-relative folder prefixes. For a file under `from`, an import that
 * resolves under one of `forbid` is an error, unless it also resolves under one of `except`, or the
 * boundary allows `import type` and the import brings in types only (erased from the built code).
 */
const BOUNDARIES = [
  {
    from: ['src/popup/', 'src/approval/', 'src/ui/'],
    forbid: ['src/background/'],
    typeOnlyAllowed: true,
    why: 'the extension pages ask the background over the message protocol; they may import its types only',
  },
  {
    from: ['src/popup/', 'src/approval/', 'src/ui/'],
    forbid: ['src/content/', 'src/inpage/'],
    why: 'the page-side scripts are not part of the extension pages',
  },
  {
    from: ['src/content/'],
    forbid: ['src/'],
    except: ['src/content/', 'src/shared/'],
    why: 'the content relay runs in every web page and may import only src/shared',
  },
  {
    from: ['src/inpage/'],
    forbid: ['src/'],
    except: ['src/inpage/', 'src/shared/'],
    why: 'the in-page provider runs in the page itself and may import only src/shared',
  },
  {
    from: ['src/shared/'],
    forbid: ['src/'],
    except: ['src/shared/'],
    why: 'src/shared is the bottom layer: everything may import it, it imports nothing above it',
  },
  {
    from: ['src/background/'],
    forbid: ['src/popup/', 'src/approval/', 'src/ui/', 'src/content/', 'src/inpage/'],
    why: 'the background never pulls in page code',
  },
  {
    from: ['src/background/chain/'],
    forbid: [
      'src/background/staking/',
      'src/background/dapp/',
      'src/background/portfolio/',
      'src/background/handlers/',
    ],
    why: 'chain/ is the layer under staking, dApps and the portfolio',
  },
  {
    from: ['src/background/dapp/'],
    forbid: ['src/background/handlers/', 'src/background/ui/'],
    why: 'the dApp side does not reach into the popup-facing handlers or the UI router',
  },
  {
    from: ['tools/'],
    forbid: ['src/'],
    except: ['src/shared/'],
    why: 'tools/ may import only src/shared from the extension',
  },
];

const under = (file, prefixes) => prefixes.some((prefix) => file.startsWith(prefix));

/** Only types come in: `import type …`, `export type … from`, or every named specifier marked `type`. */
function typeOnly(node) {
  if (node.importKind === 'type' || node.exportKind === 'type') return true;
  const specifiers = node.specifiers ?? [];
  return specifiers.length > 0 && specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type');
}

/** @type {import('eslint').Rule.RuleModule} */
const boundariesRule = {
  meta: { type: 'problem', schema: [], docs: { description: 'Folder import boundaries (eslint.config.js)' } },
  create(context) {
    const file = path.relative(ROOT, context.filename).split(path.sep).join('/');
    const active = BOUNDARIES.filter((b) => under(file, b.from));
    if (active.length === 0) return {};
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
      const target = path
        .relative(ROOT, path.resolve(path.dirname(context.filename), source.value))
        .split(path.sep)
        .join('/');
      const targetDir = `${target}/`;
      for (const b of active) {
        if (!under(targetDir, b.forbid) || under(targetDir, b.except ?? [])) continue;
        if (b.typeOnlyAllowed && typeOnly(node)) continue;
        context.report({
          node: source,
          message: `${file} may not import ${target}: ${b.why}.`,
        });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source : null),
    };
  },
};

/** The file a relative specifier names (with or without its extension), or null when none is there. */
function resolveFile(fromFile, specifier) {
  const base = path.resolve(path.dirname(fromFile), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) {
    if (statSync(candidate, { throwIfNoEntry: false })?.isFile()) return candidate;
  }
  return null;
}

/** Every .ts/.tsx file under the given folders, with the files its relative imports (all kinds) name. */
function importGraph(folders) {
  const graph = new Map();
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        const { importedFiles } = ts.preProcessFile(readFileSync(full, 'utf8'), true, true);
        const targets = importedFiles
          .filter(({ fileName }) => fileName.startsWith('.'))
          .map(({ fileName }) => resolveFile(full, fileName))
          .filter((target) => target !== null);
        graph.set(full, new Set(targets));
      }
    }
  };
  for (const folder of folders) visit(path.join(ROOT, folder));
  return graph;
}

/** A shortest import path from `start` to `goal` (both included), or null. */
function importPath(graph, start, goal) {
  const cameFrom = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift();
    if (file === goal) {
      const chain = [];
      for (let at = goal; at !== null; at = cameFrom.get(at)) chain.unshift(at);
      return chain;
    }
    for (const next of graph.get(file) ?? []) {
      if (!cameFrom.has(next)) {
        cameFrom.set(next, file);
        queue.push(next);
      }
    }
  }
  return null;
}

const CYCLE_FOLDERS = ['src', 'tools', 'tests'];
let graphOfThisRun = null; // read once per lint run: the CLI lints a tree that does not change under it

/** No import circles: no file may import one that, through any chain of imports, imports it back. */
const noImportCyclesRule = {
  meta: { type: 'problem', schema: [], docs: { description: 'No import circles (eslint.config.js)' } },
  create(context) {
    const file = context.filename;
    const check = (source) => {
      if (!source || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
      const target = resolveFile(file, source.value);
      if (target === null) return;
      graphOfThisRun ??= importGraph(CYCLE_FOLDERS);
      const back = importPath(graphOfThisRun, target, file);
      if (back === null) return;
      const names = [file, ...back].map((f) => path.relative(ROOT, f).split(path.sep).join('/'));
      context.report({ node: source, message: `Import circle: ${names.join(' → ')}.` });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source.type === 'Literal' ? node.source : null),
    };
  },
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.localnet/', 'tests/e2e/artifacts/'] },
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: ROOT },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: {
      '@typescript-eslint': tseslint.plugin,
      tidepool: { rules: { boundaries: boundariesRule, 'no-import-cycles': noImportCyclesRule } },
    },
    rules: {
      'tidepool/boundaries': 'error',
      'tidepool/no-import-cycles': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: false, requireDefaultForNonUnion: false },
      ],
    },
  },
);
