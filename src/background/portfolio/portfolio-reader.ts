// What the popup's portfolio request is answered with. Without refresh: the saved copy (the popup
// paints it at once). With refresh: a fresh read, or, if that fails, the saved copy and why, in
// words; never an exception for a failed refresh. Either way, the wallet's sends on the engine's
// network the chain has not confirmed yet, so the popup can say they are on their way.
import { WalletError } from '../../shared/errors';
import { explorerTxUrl, type NetworkInfo } from '../../shared/networks';
import type { PortfolioView } from '../../shared/staking';
import type { TransactionSender } from '../chain/tx-sender';
import type { PortfolioService } from './portfolio-service';

export class PortfolioReader {
  constructor(
    private readonly network: NetworkInfo,
    private readonly sender: TransactionSender,
    private readonly portfolio: PortfolioService,
  ) {}

  async read(owner: string, refresh: boolean): Promise<PortfolioView> {
    const { network } = this;
    const waiting: Promise<PortfolioView['inFlight']> = this.sender.inFlight().then((all) =>
      all.map((p) => ({
        signature: p.signature,
        label: p.label,
        explorerUrl: explorerTxUrl(p.signature, network),
      })),
    );
    waiting.catch(() => undefined); // awaited below; this only keeps an early failure from being reported as unhandled
    // A refresh reads the saved copy only if it fails: the popup paints that copy itself.
    if (!refresh)
      return {
        portfolio: await this.portfolio.cached(owner),
        cached: true,
        error: null,
        inFlight: await waiting,
      };
    try {
      const fresh = await this.portfolio.refresh(owner);
      return { portfolio: fresh, cached: false, error: null, inFlight: await waiting };
    } catch (error) {
      const message =
        error instanceof WalletError
          ? error.message
          : 'The network answered with something Tidepool could not read.';
      return {
        portfolio: await this.portfolio.cached(owner),
        cached: true,
        error: message,
        inFlight: await waiting,
      };
    }
  }
}
