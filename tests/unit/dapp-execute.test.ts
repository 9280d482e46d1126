// Carrying out an approved dApp request checks again what may have changed since it was shown:
// the selected account must be the one the view named, and the site must still be connected. In
// Node: the real ConnectedSites over the named in-memory FAKE of chrome.storage, and a FAKE vault
// (its keyring signs with a fixed marker; the real keyring runs in the vault and e2e suites).
import { describe, expect, it } from 'vitest';
import { ConnectedSites } from '../../src/background/dapp/connected-sites';
import { DappService } from '../../src/background/dapp/dapp-service';
import type { Approved } from '../../src/background/dapp/approval-types';
import type { Vault } from '../../src/background/vault/vault';
import type { SignatureFee } from '../../src/background/chain/signature-fee';
import type { RpcClient } from '../../src/background/chain/rpc-client';
import type { TransactionSender } from '../../src/background/chain/tx-sender';
import type { RouteService } from '../../src/background/staking/routes/route-service';
import type { StakingService } from '../../src/background/staking/staking-service';
import { BUILTIN_NETWORKS } from '../../src/shared/networks';

const NETWORK = BUILTIN_NETWORKS.localnet;
import { MemoryStorage } from '../support/memory-storage';

const ALICE = '11111111111111111111111111111111';
const BOB = 'So11111111111111111111111111111111111111112';
const ORIGIN = 'https://dapp.example';

function setup() {
  const selected = { address: ALICE };
  /** FAKE vault: unlocked, `selected.address` active, signatures a fixed marker. */
  const vault = {
    restore: async () => {},
    keyring: () => ({ activeAddress: selected.address, sign: () => new Uint8Array(64).fill(7) }),
    accounts: () => [],
  } as unknown as Vault;
  const sites = new ConnectedSites(new MemoryStorage());
  /** FAKE engine: the network only (signing a message reads no chain). */
  const engine = {
    rpc: { network: NETWORK } as RpcClient,
    fees: {} as SignatureFee,
    sender: {} as TransactionSender,
    staking: {} as StakingService,
    routes: {} as RouteService,
  };
  const service = new DappService({
    vault,
    engines: { current: async () => engine, for: () => engine },
    sites,
    enqueue: async () => {
      throw new Error('not asked');
    },
  });
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
    state: { kind: 'claimed', revision: 'rev', claimedAt: 0, figures: null, account, network: NETWORK },
  });
  return { service, sites, selected, approved };
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
