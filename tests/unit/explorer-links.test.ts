// Explorer links never carry a custom RPC URL (it often holds an API key): every link in the
// extension is built by explorerTxUrl, and for a custom network it names no URL at all.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_NETWORKS, explorerTxUrl, type NetworkInfo } from '../../src/shared/networks';

const SIGNATURE = '5VERv8NMvzbJMEkV8xnrLkEaWRtSz9CosKDYjCJjBRnbJLgp8uirBgmQpjKhoR4tjF3ZpRzrFmBV6UjKdiSZkQUW';
const SRC = resolve(import.meta.dirname, '../../src');

const custom = (rpcUrl: string): NetworkInfo => ({
  id: 'custom',
  label: 'Custom',
  rpcUrl,
  chain: 'solana:mainnet',
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('explorer links', () => {
  it('a custom network’s link carries no part of its RPC URL, wherever the key sits', () => {
    for (const rpcUrl of [
      'https://mainnet.helius-rpc.com/?api-key=7f1c0ffee-secret',
      'https://solana-mainnet.g.alchemy.com/v2/7f1c0ffee-secret',
      'https://rpc.example.com:8443/7f1c0ffee-secret/',
      'http://127.0.0.1:9999/7f1c0ffee-secret',
    ]) {
      const link = explorerTxUrl(SIGNATURE, custom(rpcUrl));
      expect(link).toBe(`https://explorer.solana.com/tx/${SIGNATURE}?cluster=custom`);
      expect(decodeURIComponent(link)).not.toContain('7f1c0ffee-secret');
      expect(link).not.toContain('customUrl');
      expect(decodeURIComponent(link)).not.toContain(new URL(rpcUrl).host);
    }
  });

  it('built-in networks link to their own cluster; localnet names only the built-in loopback URL', () => {
    expect(explorerTxUrl(SIGNATURE, BUILTIN_NETWORKS.mainnet)).toBe(
      `https://explorer.solana.com/tx/${SIGNATURE}`,
    );
    expect(explorerTxUrl(SIGNATURE, BUILTIN_NETWORKS.devnet)).toBe(
      `https://explorer.solana.com/tx/${SIGNATURE}?cluster=devnet`,
    );
    expect(explorerTxUrl(SIGNATURE, BUILTIN_NETWORKS.localnet)).toBe(
      `https://explorer.solana.com/tx/${SIGNATURE}?cluster=custom&customUrl=${encodeURIComponent('http://127.0.0.1:8899')}`,
    );
    // A localnet entry whose URL was tampered with still links only to the built-in one.
    const tampered: NetworkInfo = { ...BUILTIN_NETWORKS.localnet, rpcUrl: 'https://evil.example/?api-key=x' };
    expect(explorerTxUrl(SIGNATURE, tampered)).not.toContain('evil.example');
  });

  it('no other source file builds an explorer URL: every link goes through explorerTxUrl', () => {
    const builders = sourceFiles(SRC)
      .filter((file) =>
        /explorer\.solana\.com|solscan\.io|solana\.fm|customUrl=/.test(readFileSync(file, 'utf8')),
      )
      .map((file) => relative(SRC, file));
    expect(builders).toEqual(['shared/networks.ts']);
  });
});
