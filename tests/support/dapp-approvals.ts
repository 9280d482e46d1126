// The worker's dApp side in Node, built by its own createDapps (dapp/dapps.ts) over test engines:
// requests as a site sends them and as the approval window decides them (the review, the view
// stored with its revision and minimum, the claim, execution). FAKE: the storage areas
// (chrome.storage cannot run in Node) and the window shell; the ports the worker hands in from the
// vault (the selected account, its name, the signer) are the test's key, as the real vault would
// answer unlocked (the vault suites run the real one).
import type { Keypair } from '@solana/web3.js';
import type { QueuedRequest } from '../../src/background/dapp/approval-types';
import type { DappEngines } from '../../src/background/dapp/dapp-service';
import { createDapps } from '../../src/background/dapp/dapps';
import { ARM_MS, type ApprovalView } from '../../src/shared/approval';
import type { DappParams } from '../../src/shared/dapp-protocol';
import type { Result } from '../../src/shared/errors';
import { FakeShell } from './fake-shell';
import { MemoryStorage } from './memory-storage';
import { signerOf, type engineFor } from './staking';

export const ORIGIN = 'https://dapp.example';
/** The site's tab: no content-script port is open in Node, so its answers are kept for it (undeliveredAnswers). */
const TAB = 1;

/** One engine for every network: what a suite on one test chain needs. */
export const onlyEngine = (
  engine: Pick<ReturnType<typeof engineFor>, 'rpc' | 'fees' | 'sender' | 'staking' | 'routes'>,
): DappEngines => ({
  current: async () => engine,
  for: () => engine,
});

export function dappApprovals(
  engines: DappEngines,
  user: Keypair,
  {
    local = new MemoryStorage(),
    session = new MemoryStorage(),
    /** The signing port (default: the user's key). */
    sign = signerOf(user),
  } = {},
) {
  /** The account selected in the wallet (a test may switch it); null: locked. */
  const selected: { address: string | null } = { address: user.publicKey.toBase58() };
  const clock = { now: Date.now() };
  const dapps = createDapps({
    engines,
    activeAccount: async () => selected.address,
    accountName: () => null,
    sign,
    local,
    session,
    shell: new FakeShell(),
    extensionId: 'tidepool-test',
    now: () => clock.now,
  });
  let asked = 0;

  /** The connected site asks; the window shows the request: its view, and the minimum a stake is held to. */
  async function request(request: QueuedRequest) {
    await dapps.sites.connect(ORIGIN, user.publicKey.toBase58());
    asked += 1;
    await dapps.service.request(
      { origin: ORIGIN, tabId: TAB, document: 'doc', favicon: null, pageRequestId: `r${asked}` },
      request,
    );
    const id = (await dapps.approvals.entries()).at(-1)!.id;
    const view = (await dapps.approvals.view(id))!;
    const entry = await dapps.store.get(id);
    const minimum = entry?.state.kind === 'shown' ? entry.state.minimum : null;
    return { id, view, minimum };
  }

  return {
    ...dapps,
    selected,
    request,
    /** What the site was answered, in order. */
    async answers(): Promise<Result<unknown>[]> {
      const kept = (await session.get('undeliveredAnswers'))?.[TAB] ?? [];
      return kept.map((a) => a.message.response);
    },
    /** tidepool:stake for the user on `chain`. */
    async ask(params: Omit<DappParams<'stake'>, 'account' | 'chain'>, chain = 'solana:localnet' as const) {
      const account = user.publicKey.toBase58();
      const shown = await request({ method: 'stake', params: { account, chain, ...params } });
      return { ...shown, view: shown.view as Extract<ApprovalView, { method: 'stake' }> };
    },
    /** Approve on the view shown, once the window would let the person press it. */
    async approve(id: string, revision: string) {
      clock.now += ARM_MS;
      return dapps.approvals.decide(id, true, revision);
    },
  };
}
