// Which cluster a network is, resolved in one place (CustomNetworks), against a real HTTP server on
// 127.0.0.1 that counts what it is asked: a public cluster's hash without a question, any other
// URL's node asked once for both the network it is and the hash its histories are kept under, and
// an answer that is no 32-byte hash taken as no answer (it would become part of storage keys).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CustomNetworks } from '../../src/background/custom-network';
import { BUILTIN_NETWORKS, customNetwork } from '../../src/shared/networks';
import { MemoryStorage } from '../support/memory-storage';

const DEVNET = 'EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG';
const UNNAMED = 'TidepooLChainA11111111111111111111111111111';

describe('CustomNetworks: a network’s cluster', () => {
  let server: Server;
  let url = '';
  let asked = 0;
  let genesis: unknown = UNNAMED;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk) => (text += chunk));
      req.on('end', () => {
        const { id, method } = JSON.parse(text) as { id: number; method: string };
        if (method === 'getGenesisHash') asked++;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ jsonrpc: '2.0', id, result: genesis }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    asked = 0;
    genesis = UNNAMED;
  });

  it('knows a public cluster’s hash from its chain, asking nothing', async () => {
    const networks = new CustomNetworks(new MemoryStorage());
    expect(await networks.genesisHash(BUILTIN_NETWORKS.devnet)).toBe(DEVNET);
    expect(await networks.genesisHash(customNetwork(url, DEVNET))).toBe(DEVNET);
    expect(asked).toBe(0);
  });

  it('asks any other network’s node once, for the network it is and the hash of its histories alike', async () => {
    const session = new MemoryStorage();
    const networks = new CustomNetworks(session);
    const network = await networks.of(url);
    expect(network.chain).toBe('solana:localnet');
    expect(await networks.genesisHash(network)).toBe(UNNAMED);
    expect(await networks.genesisHash(network)).toBe(UNNAMED);
    expect(asked).toBe(1);
    // A restarted worker reads the session's answer.
    expect(await new CustomNetworks(session).genesisHash(network)).toBe(UNNAMED);
    expect(asked).toBe(1);
  });

  it('takes an answer that is no 32-byte hash as no answer: the network unnamed, its histories refused', async () => {
    genesis = 'x:lstRates:*';
    const session = new MemoryStorage();
    const networks = new CustomNetworks(session);
    expect((await networks.of(url)).label).toBe(`Custom (${new URL(url).host})`);
    await expect(networks.genesisHash(customNetwork(url, null))).rejects.toThrow(
      'did not say which cluster it is',
    );
    expect(await session.get('genesisHashes')).toBeUndefined();
  });
});
