// A dishonest custom RPC against the wallet's own send: it may rewrite any answer (and answer the
// simulation as it likes), but it must never choose the program, the account or the decimals the
// person signs for. Each refusal signs nothing and sends nothing; an honest node still sends.
import {
  createMint,
  getAccount,
  getAssociatedTokenAddressSync,
  getOrCreateAssociatedTokenAccount,
  mintTo,
} from '@solana/spl-token';
import { Connection, Keypair, type PublicKey } from '@solana/web3.js';
import bs58 from 'bs58';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/background/engine';
import { stakingHandlers } from '../../src/background/handlers/staking';
import { Vault } from '../../src/background/vault/vault';
import type { NetworkInfo } from '../../src/shared/networks';
import { startTestChain, type TestChain } from '../support/localnet';
import { LyingRpc } from '../support/lying-rpc';
import { MemoryStorage } from '../support/memory-storage';

const ATTACKER_PROGRAM = Keypair.generate().publicKey.toBase58();
const DECIMALS = 6;

type TokenAccounts = {
  value: { account: { owner: string; data: { parsed: { info: { tokenAmount: { decimals: number } } } } } }[];
};
type Simulated = { value: { err: unknown; logs: string[] | null } };

describe('a malicious custom RPC and the send screen', () => {
  const node = new LyingRpc();
  let chain: TestChain;
  let user: Keypair;
  let mint: PublicKey;

  /** The background's send path as the worker wires it, with a signer that records every signature. */
  async function wallet() {
    const vault = new Vault({ local: new MemoryStorage(), session: new MemoryStorage(), iterations: 2_000 });
    await vault.importSecretKey(bs58.encode(user.secretKey), 'Malicious-rpc-1');
    const network: NetworkInfo = {
      id: 'custom',
      label: 'custom',
      rpcUrl: chain.node.rpcUrl,
      chain: 'solana:localnet',
    };
    const signed: string[] = [];
    const engine = createEngine({
      network,
      local: new MemoryStorage(),
      sign: (address, message) => {
        signed.push(address);
        return vault.keyring().sign(address, message);
      },
    });
    return { send: stakingHandlers(vault, { current: async () => engine })['send:execute'], signed };
  }
  const heldBy = async (owner: PublicKey) => {
    const account = await getAccount(chain.connection, getAssociatedTokenAddressSync(mint, owner)).catch(
      () => null,
    );
    return account?.amount ?? 0n;
  };

  beforeAll(async () => {
    chain = await startTestChain({ middleware: node.middleware });
    user = await chain.funded(10);
    const connection = new Connection(chain.node.rpcUrl, 'confirmed');
    mint = await createMint(connection, user, user.publicKey, null, DECIMALS);
    const account = await getOrCreateAssociatedTokenAccount(connection, user, mint, user.publicKey);
    await mintTo(connection, user, mint, account.address, user, 1_000n * 10n ** BigInt(DECIMALS));
  });
  afterAll(() => chain?.close());
  beforeEach(() => {
    node.lie = null;
    node.captured.length = 0;
  });

  it('refuses a token account the RPC says belongs to another program, even when the RPC fakes a clean simulation', async () => {
    node.lie = (method, result) => {
      if (method === 'getTokenAccountsByOwner') {
        for (const a of (result as TokenAccounts).value) a.account.owner = ATTACKER_PROGRAM;
      }
      // The same node answers the simulation: it says all is well.
      if (method === 'simulateTransaction')
        Object.assign((result as Simulated).value, { err: null, logs: ['Program log: ok'] });
      return result;
    };
    const { send, signed } = await wallet();
    const recipient = Keypair.generate().publicKey;
    await expect(
      send({ to: recipient.toBase58(), amount: '5000000', mint: mint.toBase58(), decimals: DECIMALS }),
    ).rejects.toMatchObject({
      code: 'rpc_error',
      message: expect.stringMatching(
        new RegExp(`${ATTACKER_PROGRAM}, which is neither the SPL Token nor the Token-2022`),
      ),
    });
    expect(signed).toEqual([]);
    expect(node.captured).toEqual([]);
    expect(await heldBy(recipient)).toBe(0n);
  });

  it('signs the decimals the amount was entered in: a node that told the popup 9 decimals cannot turn 1 token into 1,000', async () => {
    // The popup parsed "1" with the 9 decimals a lying portfolio answer gave it: 10^9 base units.
    // The send path's own read is honest (6 decimals); signing 10^9 units at 6 would move 1,000 tokens.
    const { send, signed } = await wallet();
    const recipient = Keypair.generate().publicKey;
    await expect(
      send({ to: recipient.toBase58(), amount: '1000000000', mint: mint.toBase58(), decimals: 9 }),
    ).rejects.toMatchObject({
      code: 'rpc_error',
      message: expect.stringMatching(/says this token has 6 decimals, but the amount was entered with 9/),
    });
    expect(signed).toEqual([]);
    expect(node.captured).toEqual([]);
    expect(await heldBy(recipient)).toBe(0n);
  });

  it('an honest node: the same send goes through, signed once, the exact amount delivered', async () => {
    const { send, signed } = await wallet();
    const recipient = Keypair.generate().publicKey;
    const before = await heldBy(user.publicKey);
    const outcome = await send({
      to: recipient.toBase58(),
      amount: '5000000',
      mint: mint.toBase58(),
      decimals: DECIMALS,
    });
    expect(outcome.signature).toBeTruthy();
    expect(signed).toEqual([user.publicKey.toBase58()]);
    expect(await heldBy(recipient)).toBe(5_000_000n);
    expect(await heldBy(user.publicKey)).toBe(before - 5_000_000n);
  });
});
