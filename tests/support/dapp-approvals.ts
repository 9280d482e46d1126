// dApp requests as a site sends them and as the approval window decides them, in Node: the worker's
// own DappService and Approvals (the review, the view stored with its revision and figures, the
// claim, execution) over test engines. FAKE: the storage areas (chrome.storage cannot run in Node),
// the window shell, and the vault (unlocked, the test's key active; the real vault runs in the vault
// suites).
import { ed25519 } from '@noble/curves/ed25519';
import type { Keypair } from '@solana/web3.js';
import { ApprovalStore } from '../../src/background/dapp/approval-store';
import type { QueuedRequest } from '../../src/background/dapp/approval-types';
import { Approvals } from '../../src/background/dapp/approvals';
import { ConnectedSites } from '../../src/background/dapp/connected-sites';
import { DappService, type DappEngines } from '../../src/background/dapp/dapp-service';
import type { Vault } from '../../src/background/vault/vault';
import { ARM_MS, type ApprovalView } from '../../src/shared/approval';
import type { DappParams } from '../../src/shared/dapp-protocol';
import type { Result } from '../../src/shared/errors';
import { FakeShell } from './fake-shell';
import { MemoryStorage } from './memory-storage';
import type { engineFor } from './staking';

const ORIGIN = 'https://dapp.example';

/** One engine for every network: what a suite on one test chain needs. */
export const onlyEngine = (engine: ReturnType<typeof engineFor>): DappEngines => ({
  current: async () => engine,
  for: () => engine,
});

export function dappApprovals(
  engines: DappEngines,
  user: Keypair,
  { local = new MemoryStorage(), session = new MemoryStorage() } = {},
) {
  const active = user.publicKey.toBase58();
  const clock = { now: Date.now() };
  const sites = new ConnectedSites(local);
  const vault = {
    restore: async () => {},
    keyring: () => ({
      activeAddress: active,
      sign: (_address: string, message: Uint8Array) => ed25519.sign(message, user.secretKey.subarray(0, 32)),
    }),
    accounts: () => [],
  } as unknown as Vault;
  const store = new ApprovalStore(session, local, new FakeShell(), () => clock.now);
  /** What the site was answered, in order. */
  const answers: Result<unknown>[] = [];
  const service: DappService = new DappService({
    vault,
    engines,
    sites,
    enqueue: (source, request, connected) => approvals.add(source, request, connected),
  });
  const approvals: Approvals = new Approvals(store, {
    review: (entry) => service.review(entry),
    execute: (entry) => service.execute(entry),
    finishInterrupted: (entry) => service.finishInterrupted(entry),
    answer: async (_entry, response) => void answers.push(response),
  });
  let asked = 0;

  /** The connected site asks; the window shows the request: its view, and the figures a stake is held to. */
  async function request(request: QueuedRequest) {
    await sites.connect(ORIGIN, active);
    asked += 1;
    await service.request(
      { origin: ORIGIN, tabId: 1, document: 'doc', favicon: null, pageRequestId: `r${asked}` },
      request,
    );
    const id = (await approvals.entries()).at(-1)!.id;
    const view = (await approvals.view(id))!;
    const entry = await store.get(id);
    const figures = entry?.state.kind === 'shown' ? entry.state.figures : null;
    return { id, view, figures };
  }

  return {
    answers,
    request,
    /** tidepool:stake for the user on `chain`. */
    async ask(params: Omit<DappParams<'stake'>, 'account' | 'chain'>, chain = 'solana:localnet' as const) {
      const shown = await request({ method: 'stake', params: { account: active, chain, ...params } });
      return { ...shown, view: shown.view as Extract<ApprovalView, { method: 'stake' }> };
    },
    /** Approve on the view shown, once the window would let the person press it. */
    async approve(id: string, revision: string) {
      clock.now += ARM_MS;
      return approvals.decide(id, true, revision);
    },
  };
}
