// The folder boundaries (eslint.config.js, eslint-plugin-boundaries with default disallow) hold the
// layers: each import below is linted as if it were written in that file, through the project's own
// ESLint configuration. The same configuration holds a module of src/ and tools/ to 400 lines.
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/** The project's configuration, this one rule alone (without type information, which it does not use). */
const eslint = new ESLint({
  cwd: `${import.meta.dirname}/../..`,
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  ruleFilter: ({ ruleId }) => ruleId === 'boundaries/dependencies',
});

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return result!.messages.filter((m) => m.ruleId === 'boundaries/dependencies').map((m) => m.message);
}

// Loading the configuration and its plugins is the first lint's work: done once before the cases, with room for a
// machine busy with other suites, so no case waits on it.
const LOAD_CONFIGURATION_TIMEOUT_MS = 60_000;

describe('the lint’s layer boundaries', () => {
  beforeAll(() => boundaryErrors('src/shared/format.ts', 'export {};\n'), LOAD_CONFIGURATION_TIMEOUT_MS);

  it.each([
    ['src/background/chain/raw-account.ts', "import type { Settings } from '../settings/settings';"],
    ['src/background/staking/outcomes.ts', "import type { Settings } from '../settings/settings';"],
    ['src/background/portfolio/holdings.ts', "import type { Settings } from '../settings/settings';"],
    ['src/background/activity/activity.ts', "import type { Settings } from '../settings/settings';"],
    ['src/background/dapp/hidden-text.ts', "import type { Settings } from '../settings/settings';"],
    ['src/background/vault/derivation.ts', "import type { Settings } from '../settings/settings';"],
    ['src/background/engine.ts', "import type { Settings } from './settings/settings';"],
    ['src/background/vault/derivation.ts', "import type { RpcClient } from '../chain/rpc-client';"],
    ['src/background/chain/raw-account.ts', "import type { PoolState } from '../staking/pool-account';"],
    ['src/background/dapp/hidden-text.ts', "import type { UiHandlers } from '../ui/router';"],
    ['src/background/dapp/dapp-service.ts', "import type { Vault } from '../vault/vault';"],
    ['src/popup/main.tsx', "import { Engines } from '../background/engines';"],
    ['src/inpage/index.ts', "import { ui } from '../ui/client';"],
    ['src/shared/format.ts', "import type { Engine } from '../background/engine';"],
    ['tools/demo/start.ts', "import type { Engine } from '../../src/background/engine.ts';"],
  ])('refuses, in %s: %s', async (file, line) => {
    expect(await boundaryErrors(file, `${line}\nexport {};\n`)).toHaveLength(1);
  });

  it.each([
    ['src/background/engines.ts', "import type { Settings } from './settings/settings';"],
    ['src/background/handlers/network.ts', "import type { Settings } from '../settings/settings';"],
    ['src/popup/main.tsx', "import type { Engines } from '../background/engines';"],
    ['src/background/dapp/hidden-text.ts', "import type { RpcClient } from '../chain/rpc-client';"],
  ])('allows, in %s: %s', async (file, line) => {
    expect(await boundaryErrors(file, `${line}\nexport {};\n`)).toEqual([]);
  });
});

describe('the lint’s module size', () => {
  const sizes = new ESLint({
    cwd: `${import.meta.dirname}/../..`,
    overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
    ruleFilter: ({ ruleId }) => ruleId === 'max-lines',
  });
  const lines = (n: number) =>
    `${Array.from({ length: n }, (_, i) => `export const v${i} = ${i};`).join('\n')}\n`;
  const errors = async (file: string, n: number) =>
    (await sizes.lintText(lines(n), { filePath: file }))[0]!.messages.filter((m) => m.ruleId === 'max-lines');

  it.each(['src/background/chain/long.ts', 'src/popup/screens/Long.tsx', 'tools/localnet/long.ts'])(
    'refuses a module of 401 lines in %s, and takes one of 400',
    async (file) => {
      expect(await errors(file, 401)).toHaveLength(1);
      expect(await errors(file, 400)).toEqual([]);
    },
  );

  it('leaves the tests their length', async () => {
    expect(await errors('tests/unit/long.test.ts', 600)).toEqual([]);
  });
});
