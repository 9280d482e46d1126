// A dishonest custom RPC against the wallet's own send: it may rewrite any answer (and answer the
// simulation as it likes), but it must never choose the program, the account or the decimals the
// person signs for. Each refusal signs nothing and sends nothing; an honest node still sends. And
// against a dApp's review (issue 19, finding 6): a drain it simulates as a credit is doubted aloud,
// and the result says whose simulation it is.
import {
  createMint,
  getAccount,
  getAssociatedTokenAddressSync,
  getOrCreateAssociatedTokenAccount,
  mintTo,
} from '@solana/spl-token';
import { createTransferCheckedInstruction } from '@solana/spl-token';
import { Connection, Keypair, LAMPORTS_PER_SOL, SystemProgram, type PublicKey } from '@solana/web3.js';
import bs58 from 'bs58';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reviewTransaction } from '../../src/background/dapp/tx-review';
import { createEngine } from '../../src/background/engine';
import { stakingHandlers } from '../../src/background/handlers/staking';
import { Vault } from '../../src/background/vault/vault';
import type { NetworkInfo } from '../../src/shared/networks';
import { v0 } from '../support/attacks';
import { startTestChain, type TestChain } from '../support/localnet';
import { clusterOf, engineFor } from '../support/staking';
import { LyingRpc } from '../support/lying-rpc';
import { MemoryStorage } from '../support/memory-storage';

const ATTACKER_PROGRAM = Keypair.generate().publicKey.toBase58();
const DECIMALS = 6;

type Accounts = { value: ({ owner: string } | null)[] };
type Simulated = { value: { err: unknown; logs: string[] | null } };
type SimulatedAccounts = {
  value: { accounts: { lamports: number; data: [string, string] }[] | null };
};

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
      cluster: clusterOf(network),
      local: new MemoryStorage(),
      sign: async (address, message) => {
        signed.push(address);
        return vault.keyring().sign(address, message);
      },
    });
    const noAlerts = { watch: async () => {} };
    return {
      send: stakingHandlers(vault, { current: async () => engine }, noAlerts)['send:execute'],
      signed,
    };
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
      if (method === 'getMultipleAccounts') {
        for (const a of (result as Accounts).value) if (a) a.owner = ATTACKER_PROGRAM;
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

  describe('a dApp’s drain it simulates as a credit', () => {
    const attacker = Keypair.generate().publicKey;
    const review = async (ixs: Parameters<typeof v0>[2]) => {
      const engine = engineFor(chain, user);
      const { blockhash } = await chain.connection.getLatestBlockhash();
      return reviewTransaction(
        engine.rpc,
        engine.fees,
        v0(user.publicKey, blockhash, ixs),
        user.publicKey.toBase58(),
      );
    };
    /** The node's simulation: `change` applied to the account at `index` of those asked for. */
    const lieAbout = (
      address: PublicKey,
      change: (account: { lamports: number; data: [string, string] }) => void,
    ) => {
      node.lie = (method, result, params) => {
        if (method !== 'simulateTransaction') return result;
        const asked = (params[1] as { accounts: { addresses: string[] } }).accounts.addresses;
        const account = (result as SimulatedAccounts).value.accounts?.[asked.indexOf(address.toBase58())];
        if (account) change(account);
        return result;
      };
    };
    const drain = () =>
      SystemProgram.transfer({
        fromPubkey: user.publicKey,
        toPubkey: attacker,
        lamports: 5 * LAMPORTS_PER_SOL,
      });

    it('a 5 SOL transfer to someone else shown as +3 SOL is doubted, and the result names the node', async () => {
      lieAbout(user.publicKey, (account) => {
        account.lamports += 8 * LAMPORTS_PER_SOL; // the honest −5 becomes +3
      });
      const lied = await review([drain()]);
      expect(lied.balanceChanges).toContainEqual({ asset: 'SOL', change: '+2.999995' });
      expect(lied.simulatedBy).toBe(new URL(chain.node.rpcUrl).host);
      expect(lied.warnings.filter((w) => w.code === 'simulation_contradicts').map((w) => w.text)).toEqual([
        expect.stringMatching(
          /send 5 SOL out of your accounts, but the simulation shows your SOL growing by 3 SOL\./,
        ),
      ]);
      // The same transaction on an honest node: its loss shown, nothing doubted.
      node.lie = null;
      const honest = await review([drain()]);
      expect(honest.balanceChanges).toContainEqual({ asset: 'SOL', change: '-5.000005' });
      expect(honest.warnings.map((w) => w.code)).not.toContain('simulation_contradicts');
    });

    it('a token drain shown as no change is doubted; the honest node’s loss is not', async () => {
      const source = getAssociatedTokenAddressSync(mint, user.publicKey);
      const sink = (await getOrCreateAssociatedTokenAccount(chain.connection, user, mint, attacker)).address;
      const before = (await chain.connection.getAccountInfo(source))!.data.toString('base64');
      lieAbout(source, (account) => {
        account.data = [before, 'base64']; // the balance as it was: "no change"
      });
      const tokens = createTransferCheckedInstruction(
        source,
        mint,
        sink,
        user.publicKey,
        7_000_000n,
        DECIMALS,
      );
      const lied = await review([tokens]);
      expect(lied.balanceChanges.map((c) => c.asset)).toEqual(['SOL']); // the fee alone
      expect(lied.warnings.filter((w) => w.code === 'simulation_contradicts').map((w) => w.text)).toEqual([
        expect.stringContaining(`send 7 of token ${mint.toBase58().slice(0, 4)}`),
      ]);
      node.lie = null;
      expect((await review([tokens])).warnings.map((w) => w.code)).not.toContain('simulation_contradicts');
    });
  });
});
