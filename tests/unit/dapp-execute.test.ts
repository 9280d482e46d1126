// Carrying out an approved dApp request checks again what may have changed since it was shown:
// the selected account must be the one the view named, and the site must still be connected. In
// Node, the dApp side as the worker builds it (createDapps, through tests/support/dapp-approvals.ts)
// over the named in-memory FAKE of chrome.storage, with a FAKE engine (the network only: signing a
// message reads no chain) and a FAKE signer that signs with a fixed marker (the real keyring runs
// in the vault and e2e suites).
import { Keypair } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import type { Approved } from '../../src/background/dapp/approval-types';
import type { SignatureFee } from '../../src/background/chain/signature-fee';
import type { RpcClient } from '../../src/background/chain/rpc-client';
import type { TransactionSender } from '../../src/background/chain/tx-sender';
import type { RouteService } from '../../src/background/staking/routes/route-service';
import type { StakingService } from '../../src/background/staking/staking-service';
import { BUILTIN_NETWORKS } from '../../src/shared/networks';
import { ORIGIN, dappApprovals, onlyEngine } from '../support/dapp-approvals';

const NETWORK = BUILTIN_NETWORKS.localnet;
const ALICE_KEY = Keypair.generate();
const ALICE = ALICE_KEY.publicKey.toBase58();
const BOB = '11111111111111111111111111111111';

function setup() {
  /** FAKE engine: the network only. */
  const engine = {
    rpc: { network: NETWORK } as RpcClient,
    fees: {} as SignatureFee,
    sender: {} as TransactionSender,
    staking: {} as StakingService,
    routes: {} as RouteService,
  };
  const dapp = dappApprovals(onlyEngine(engine), ALICE_KEY, { sign: async () => new Uint8Array(64).fill(7) });
  const approved = (account: string | null): Approved => ({
    origin: ORIGIN,
    tabId: 1,
    document: 'doc',
    favicon: null,
    pageRequestId: 'r1',
    id: 'id-1',
    createdAt: 0,
    deadline: 1,
    method: 'signMessage',
    params: { account: ALICE, message: 'aGk=' },
    state: { kind: 'claimed', revision: 'rev', claimedAt: 0, minimum: null, account, network: NETWORK },
  });
  return { service: dapp.service, sites: dapp.sites, approved };
}

describe('executing an approved request', () => {
  it('signs with the account shown, for a site still connected', async () => {
    const m = setup();
    await m.sites.connect(ORIGIN, ALICE);
    expect(await m.service.execute(m.approved(ALICE))).toMatchObject({
      signedMessage: 'aGk=',
    });
  });

  it('refuses when the selected account is not the one the view named', async () => {
    const m = setup();
    await m.sites.connect(ORIGIN, ALICE);
    await expect(m.service.execute(m.approved(BOB))).rejects.toThrow(
      /not the one this request showed\. Nothing was signed/,
    );
    const connect: Approved = { ...m.approved(BOB), method: 'connect', params: {} };
    await expect(m.service.execute(connect)).rejects.toThrow(/not the one this request showed/);
    expect(await m.sites.isConnected(ORIGIN, ALICE)).toBe(true);
    expect(await m.sites.isConnected(ORIGIN, BOB)).toBe(false);
  });

  it('refuses for a site revoked while its request waited', async () => {
    const m = setup();
    await m.sites.connect(ORIGIN, ALICE);
    await m.sites.revoke(ORIGIN);
    await expect(m.service.execute(m.approved(ALICE))).rejects.toMatchObject({
      code: 'unauthorized',
      message: expect.stringMatching(/no longer connected/),
    });
  });
});
