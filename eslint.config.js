// The lint holds what the type checker cannot: the architecture (which folder may import which, as
// an allow-list in POLICIES below, and no import circles), the size of a module in src/ and tools/
// (400 lines), and a few type-aware correctness rules (every promise handled, every switch over a
// union exhaustive). It is deliberately small: no
// stylistic rule sets; formatting belongs to Prettier. The circle rule stays our own:
// eslint-plugin-boundaries checks one import at a time and knows no circles, and eslint-plugin-
// import's no-cycle resolves every module again per file, where this reads the graph once per run.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import boundaries from 'eslint-plugin-boundaries';
import ts from 'typescript';
import tseslint from 'typescript-eslint';

const ROOT = import.meta.dirname;

/**
 * The architecture as an allow-list (eslint-plugin-boundaries, default disallow): every folder of
 * src/ and tools/ is an element, the background's loose files are sorted by job, and an import is
 * allowed only where a policy below says so (imports within one element are allowed; npm packages
 * and files under no element, like manifest.json, are not checked).
 */
const element = (type, pattern) => ({ type, pattern, partialMatch: false });
const ELEMENTS = [
  element('popup', 'src/popup'),
  element('approval', 'src/approval'),
  element('ui', 'src/ui'),
  element('content', 'src/content'),
  element('inpage', 'src/inpage'),
  element('shared', 'src/shared'),
  element('handlers', 'src/background/handlers'),
  element('router', 'src/background/ui'),
  element('dapp', 'src/background/dapp'),
  element('books', 'src/background/portfolio'),
  element('books', 'src/background/activity'),
  element('income', 'src/background/income'),
  element('staking', 'src/background/staking'),
  element('chain', 'src/background/chain'),
  element('vault', 'src/background/vault'),
  element('settings', 'src/background/settings'),
  element('worker', 'src/background'), // the loose files, by category below
  element('tools', 'tools'),
  element('tests', 'tests'),
];
const WORKER_FILES = [
  { category: 'wiring', pattern: 'src/background/index.ts' },
  { category: 'engines', pattern: 'src/background/engines.ts' },
  { category: 'engine', pattern: 'src/background/{engine,custom-network,withdrawal-alerts}.ts' },
  {
    category: 'base',
    pattern: 'src/background/{storage,browser-storage,browser-alerts,cached-area,node-globals,wire-error}.ts',
  },
];
const BACKGROUND = [
  'handlers',
  'router',
  'dapp',
  'income',
  'books',
  'staking',
  'chain',
  'vault',
  'settings',
  'worker',
];
const from = (type, categories) => ({ element: { type }, ...(categories ? { file: { categories } } : {}) });
const to = (...types) => ({ element: { type: types } });
const worker = (...categories) => ({ element: { type: 'worker' }, file: { categories } });
/** `from` may import what `allow` lists (each a `to` selector). */
const policy = (fromSelector, ...allow) => ({ from: fromSelector, allow: allow.map((t) => ({ to: t })) });

const POLICIES = [
  // The extension pages ask the background over the message protocol: its types only.
  ...['popup', 'approval', 'ui'].map((page) => ({
    from: from(page),
    allow: [{ to: to('ui', 'shared') }, { to: to(...BACKGROUND), dependency: { kind: 'type' } }],
  })),
  // The content relay and the in-page provider run in web pages: src/shared only.
  policy(from('content'), to('shared')),
  policy(from('inpage'), to('shared')),
  // src/shared is the bottom layer; tools/ take only src/shared from the extension (the bench
  // drives the built extension through the tests' helpers).
  policy(from('tools'), to('shared', 'tests')),
  // The worker's entry wires everything of the background.
  policy(from('worker', 'wiring'), to(...BACKGROUND, 'shared')),
  policy(
    from('handlers'),
    to('router', 'dapp', 'chain', 'vault', 'settings', 'shared'),
    worker('engines', 'engine', 'base'),
  ),
  policy(from('router'), to('shared'), worker('base')),
  // Engines is the one place that turns the settings' choice into a network.
  policy(from('worker', 'engines'), to('settings', 'chain', 'shared'), worker('engine', 'base')),
  policy(from('worker', 'engine'), to('income', 'books', 'staking', 'chain', 'shared'), worker('base')),
  policy(from('worker', 'base'), to('shared')),
  // Below the wiring nothing reads the settings: a network is a value an operation holds. The dApp
  // side reaches keys only through the ports it is handed (dapps.ts), never the vault.
  policy(from('dapp'), to('staking', 'chain', 'shared'), worker('base')),
  // The income ledger books what the portfolio and the staking engine saw.
  policy(from('income'), to('books', 'staking', 'chain', 'shared'), worker('base')),
  policy(from('books'), to('staking', 'chain', 'shared'), worker('base')),
  policy(from('staking'), to('chain', 'shared'), worker('base')),
  policy(from('chain'), to('shared'), worker('base')),
  policy(from('vault'), to('shared'), worker('base')),
  policy(from('settings'), to('shared'), worker('base')),
];

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
      tidepool: { rules: { 'no-import-cycles': noImportCyclesRule } },
    },
    rules: {
      'tidepool/no-import-cycles': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: false, requireDefaultForNonUnion: false },
      ],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}', 'tools/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js'] } },
      'boundaries/elements': ELEMENTS,
      'boundaries/files': WORKER_FILES,
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        { default: 'disallow', checkInternals: false, checkUnknownLocals: false, policies: POLICIES },
      ],
      // The convention, held: a module of the product or its tools is at most 400 lines (aim under ~200).
      'max-lines': ['error', { max: 400 }],
    },
  },
);
