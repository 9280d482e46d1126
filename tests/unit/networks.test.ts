// The one definition of "this machine" (loopback) and the chain ids every context shares.
import { describe, expect, it } from 'vitest';
import { BUILTIN_NETWORKS, checkRpcUrl, isLoopbackHttp, SOLANA_CHAINS } from '../../src/shared/networks';
import { dappMethods } from '../../src/shared/dapp-methods';

describe('networks', () => {
  it('counts plain http to 127.0.0.1, localhost and [::1] as this machine, and nothing that only looks like it', () => {
    for (const url of ['http://127.0.0.1:8899', 'http://localhost:8899/', 'http://[::1]:8899'])
      expect(isLoopbackHttp(new URL(url))).toBe(true);
    for (const url of [
      'https://127.0.0.1:8899',
      'http://127.0.0.1.evil.example',
      'http://localhost.evil.example:8899',
      'http://10.0.0.1:8899',
    ]) {
      expect(isLoopbackHttp(new URL(url))).toBe(false);
    }
    expect(checkRpcUrl('http://[::1]:8899')).toEqual({ ok: true, url: 'http://[::1]:8899/' });
    expect(checkRpcUrl('http://127.0.0.1.evil.example')).toMatchObject({ ok: false });
  });

  it('names chains as the Wallet Standard does, and a dApp may name only those', () => {
    expect(SOLANA_CHAINS).toEqual(['solana:mainnet', 'solana:devnet', 'solana:testnet', 'solana:localnet']);
    expect(Object.values(BUILTIN_NETWORKS).map((n) => n.chain)).toEqual([
      'solana:mainnet',
      'solana:devnet',
      'solana:localnet',
    ]);
    const base = { account: '11111111111111111111111111111111', transaction: 'AA==' };
    expect(() =>
      dappMethods.signTransaction.params.parse({ ...base, chain: 'solana:testnet' }),
    ).not.toThrow();
    expect(() =>
      dappMethods.signTransaction.params.parse({ ...base, chain: 'solana:mainnet-beta' }),
    ).toThrow();
  });
});
