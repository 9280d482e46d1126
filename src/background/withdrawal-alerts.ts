// Tells the person when SOL they are waiting for can be collected: a stake account that is
// unstaking (a native deactivation or an LST's delayed unstake) or a Marinade ticket becomes
// withdrawable at an epoch boundary. Each such event the popup has seen (its refresh, "where is my
// SOL") is kept with the estimated time of that boundary, and one alarm is set for the earliest.
// When it fires, the accounts are read again on their own network: what is ready is notified once
// (its id kept, so never again), what is gone was collected already, what is not ready yet is
// timed again. The setting (Settings, on by default) is read when the alarm fires. The browser's
// alarms and notifications are handed in (browser-alerts.ts), so the logic runs in Node tests too.
import { solText, shortAddress } from '../shared/format';
import type { NetworkInfo } from '../shared/networks';
import { startsInMs, type WaitingItem } from '../shared/waiting';
import type { RpcClient } from './chain/rpc-client';
import { rpcCall } from './chain/rpc-methods';
import { epochTiming, measuredSlotTime, slotTimeCall } from './chain/slot-time';
import { decodeStakeAccount, stakeState } from './staking/stake-account';
import type { AlertPorts } from './browser-alerts';
import type { StorageArea } from './storage';

// What this module keeps in storage (the schema in shared/storage-schema.ts names the key's area and version).
declare module './storage' {
  interface StoredTypes {
    withdrawalAlerts: AlertBook;
  }
}

interface Alert {
  /** The network, the owner and the waiting item's id (which names its epoch): one event. */
  id: string;
  network: NetworkInfo;
  owner: string;
  address: string;
  kind: 'stake' | 'ticket';
  fromPool: boolean;
  lamports: string;
  readyEpoch: number;
  /** When to look: the estimated start of `readyEpoch`. */
  dueAt: number;
}

interface AlertBook {
  /** Events not yet told: looked at again when the alarm fires, until ready (told) or collected. */
  watched: Alert[];
  /** Events already notified, newest last (bounded). */
  notified: string[];
}

const KEPT_NOTIFIED = 500;
/** When the time of an epoch is unknown (no slot time measured), look again this much later. */
const LOOK_AGAIN_MS = 10 * 60_000;
/** The soonest an event not ready yet is looked at again. */
const AGAIN_AFTER_MS = 5_000;

export class WithdrawalAlerts {
  #writes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly storage: StorageArea<'local'>,
    private readonly ports: AlertPorts,
    /** The client of a network (the engine's), to look again on the network an event is on. */
    private readonly rpcFor: (network: NetworkInfo) => RpcClient,
    /** The person's setting, read when the alarm fires. */
    private readonly enabled: () => Promise<boolean>,
  ) {}

  install(): void {
    this.ports.onAlarm(() => void this.fire().catch(() => {}));
  }

  /** Serialised: each change reads and rewrites the one book. */
  #change<T>(change: (book: AlertBook) => Promise<T> | T): Promise<T> {
    const run = async () => {
      const book = (await this.storage.get('withdrawalAlerts')) ?? { watched: [], notified: [] };
      const result = await change(book);
      await this.storage.set('withdrawalAlerts', book);
      await this.#schedule(book);
      return result;
    };
    const next = this.#writes.then(run, run);
    this.#writes = next.catch(() => undefined);
    return next;
  }

  async #schedule(book: AlertBook): Promise<void> {
    const next = book.watched.length ? Math.min(...book.watched.map((a) => a.dueAt)) : null;
    await this.ports.schedule(next !== null && (await this.enabled()) ? next : null);
  }

  /** The items of `owner` on `network` that become collectable later, read at `readAt`: watched, each once. */
  watch(network: NetworkInfo, owner: string, items: readonly WaitingItem[], readAt: number): Promise<void> {
    const later = items.filter(
      (i): i is WaitingItem & { readyEpoch: number } =>
        i.readyEpoch !== null && (i.kind === 'deactivating' || i.kind === 'ticket'),
    );
    if (!later.length) return Promise.resolve();
    return this.#change((book) => {
      for (const item of later) {
        const id = `${network.rpcUrl}|${owner}|${item.id}`;
        if (book.notified.includes(id)) continue;
        const alert: Alert = {
          id,
          network,
          owner,
          address: item.address,
          kind: item.kind === 'ticket' ? 'ticket' : 'stake',
          fromPool: item.fromPool,
          lamports: item.lamports,
          readyEpoch: item.readyEpoch,
          dueAt: readAt + (item.readyInMs ?? LOOK_AGAIN_MS),
        };
        const at = book.watched.findIndex((a) => a.id === id);
        if (at >= 0) book.watched[at] = alert;
        else book.watched.push(alert);
      }
    });
  }

  /** Re-arms the alarm after the setting changed (on: the earliest event; off: none). */
  rearm(): Promise<void> {
    return this.#change(() => undefined);
  }

  /**
   * The alarm: every event waited for is looked at again on its network (one batch each, so the
   * ones not yet due cost nothing more, and an epoch that turned sooner than estimated is caught);
   * ready ones are notified once, the rest timed again.
   */
  fire(): Promise<void> {
    return this.#change(async (book) => {
      if (!(await this.enabled())) return;
      const now = Date.now();
      const byNetwork = new Map<string, Alert[]>();
      for (const a of book.watched)
        byNetwork.set(a.network.rpcUrl, [...(byNetwork.get(a.network.rpcUrl) ?? []), a]);
      const settled = new Set<string>();
      for (const alerts of byNetwork.values()) {
        try {
          await this.#lookAgain(alerts, settled, book, now);
        } catch {
          for (const a of alerts) a.dueAt = now + LOOK_AGAIN_MS; // the node did not answer: later
        }
      }
      book.watched = book.watched.filter((a) => !settled.has(a.id));
      book.notified = book.notified.slice(-KEPT_NOTIFIED);
    });
  }

  async #lookAgain(alerts: Alert[], settled: Set<string>, book: AlertBook, now: number): Promise<void> {
    const rpc = this.rpcFor(alerts[0]!.network);
    const [epochInfo, samples, accounts] = await rpc.batch([
      rpcCall('getEpochInfo', []),
      slotTimeCall(),
      rpcCall('getMultipleAccounts', [alerts.map((a) => a.address), { encoding: 'base64' }]),
    ]);
    const timing = epochTiming(epochInfo, measuredSlotTime(samples));
    const epoch = epochInfo.epoch;
    for (const [i, alert] of alerts.entries()) {
      const account = accounts.value[i];
      if (!account) {
        settled.add(alert.id); // collected (or closed) already: nothing to tell
        continue;
      }
      const stake =
        alert.kind === 'stake' ? decodeStakeAccount(Buffer.from(account.data[0], 'base64')) : null;
      const ready =
        epoch >= alert.readyEpoch &&
        (alert.kind === 'ticket' || (stake !== null && stakeState(stake, BigInt(epoch)) === 'inactive'));
      if (ready) {
        await this.ports.notify(alert.id, ...message(alert, account.lamports));
        book.notified.push(alert.id);
        settled.add(alert.id);
        continue;
      }
      const inMs = startsInMs(alert.readyEpoch, {
        epoch,
        endsInMs: timing?.endsInMs ?? null,
        epochMs: timing?.epochMs ?? null,
      });
      alert.dueAt = now + Math.max(inMs ?? LOOK_AGAIN_MS, AGAIN_AFTER_MS);
    }
  }
}

function message(alert: Alert, lamports: number): [title: string, message: string] {
  const where = shortAddress(alert.address);
  const amount = solText(BigInt(lamports), 4);
  const on = `${alert.network.label}, account ${shortAddress(alert.owner)}`;
  switch (alert.kind) {
    case 'stake':
      return [
        'SOL ready to withdraw',
        `${amount} in ${alert.fromPool ? 'your delayed unstake' : 'stake account'} ${where} can be withdrawn now (${on}). Open Tidepool: Where is my SOL.`,
      ];
    case 'ticket':
      return [
        'Marinade ticket ready',
        `${amount} from ticket ${where} can be claimed from about half an hour into epoch ${alert.readyEpoch} (${on}).`,
      ];
    default: {
      const never: never = alert.kind;
      return never;
    }
  }
}
