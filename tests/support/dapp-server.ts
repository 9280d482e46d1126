// Serves the test dApp on 127.0.0.1: its page and its script, bundled with esbuild (Vite's own).
import { build } from 'esbuild';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Keypair } from '@solana/web3.js';
import bs58 from 'bs58';
import { launchWallet, type Wallet } from './browser';
import { importSecretKey, useCustomRpc } from './flows';

export interface DappServer {
  url: string;
  close(): Promise<void>;
}

const PAGE =
  '<!doctype html><html><head><meta charset="utf-8"><title>Test dApp</title></head>' +
  '<body><h1>Test dApp</h1><script src="/app.js"></script></body></html>';

export async function startDappServer(): Promise<DappServer> {
  const bundle = await build({
    entryPoints: [resolve(import.meta.dirname, '../e2e/dapp/app.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome116',
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]!.text;
  const server: Server = createServer((req, res) => {
    if (req.url === '/app.js')
      return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    if (req.url === '/favicon.ico') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** The wallet holding `user`'s key on `rpcUrl`, and a tab on the test dApp. */
export async function walletWithDapp(
  user: Keypair,
  rpcUrl: string,
  onLaunch: (wallet: Wallet) => Promise<void> = async () => {},
) {
  const server = await startDappServer();
  const wallet = await launchWallet();
  await onLaunch(wallet);
  const popup = await wallet.openPopup();
  await importSecretKey(popup, bs58.encode(user.secretKey));
  await useCustomRpc(popup, rpcUrl);
  await popup.close();
  const dapp = await wallet.context.newPage();
  await dapp.goto(server.url);
  return { server, wallet, dapp };
}
