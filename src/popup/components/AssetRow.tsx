// One asset on Home, on one compact row: initials, symbol and name, the value in SOL, the amount,
// and the rate and APY in one short line; a warning that changes what the figures mean (value
// unknown, paused, unknown token) as a short badge. The row opens the asset's detail, where
// everything else about it is (TokenDetail).
// A row re-renders only when what it shows changed: the fresh portfolio usually repeats the saved one.
import { Component } from 'preact';
import { VALUE_UNKNOWN, assetBadges, symbolOf, type Asset } from '../models/assets';
import { go } from '../models/route';
import { Sol, Tokens, rateText } from './Amounts';

/** "1.0832 SOL · 7.10% APY": what one token is worth, and the pool's estimated yield. */
function rateLine(asset: Asset): string {
  switch (asset.kind) {
    case 'sol':
      return 'Native token';
    case 'splStakePool':
      return `${rateText(asset)} SOL${asset.apyBps === null ? '' : ` · ${(asset.apyBps / 100).toFixed(2)}% APY`}`;
    case 'infinity':
    case 'marinade':
      return `${rateText(asset)} SOL`;
    case 'unvalued':
      return 'Rate unknown';
    default: {
      const never: never = asset;
      return never;
    }
  }
}

/** Warnings as short badges. */
export function Flags({ badges }: { badges: string[] }) {
  return (
    <>
      {badges.map((b) => (
        <span key={b} class="flag" data-testid="asset-badge">
          {b}
        </span>
      ))}
    </>
  );
}

/** Everything the row shows, as one string: equal strings, same row. */
function shown(asset: Asset): string {
  if (asset.kind === 'sol') return `SOL|${asset.valueLamports}`;
  const value = asset.kind === 'unvalued' ? '' : asset.valueLamports;
  return [asset.symbol, asset.name, asset.balance, value, rateLine(asset), ...assetBadges(asset)].join('|');
}

function AssetRowView({ asset }: { asset: Asset }) {
  const symbol = symbolOf(asset);
  // "value unknown" stands where the value would; the other badges beside the symbol.
  const badges = assetBadges(asset).filter((b) => b !== VALUE_UNKNOWN);
  const id = asset.kind === 'sol' ? 'sol' : 'lst'; // test ids: sol-value, lst-value, …
  return (
    <li class="asset" data-testid={`${id}-row`} data-kind={asset.kind} data-mint={asset.mint}>
      <button class="asset-open" onClick={() => go({ name: 'token', mint: asset.mint })}>
        <span class="badge" aria-hidden="true">
          {asset.kind === 'sol' ? '◎' : symbol.slice(0, 2)}
        </span>
        <span class="asset-text">
          <span class="asset-line">
            <strong data-testid={`${id}-symbol`}>{symbol}</strong> <Flags badges={badges} />{' '}
            <span class="muted asset-name">{asset.kind === 'sol' ? 'Solana' : asset.name}</span>
          </span>
          <span class="asset-sub small muted" data-testid={`${id}-row-rate`}>
            {rateLine(asset)}
          </span>
        </span>
        <span class="asset-figures">
          {asset.kind === 'unvalued' ? (
            <span class="flag" data-testid="lst-value">
              {VALUE_UNKNOWN}
            </span>
          ) : (
            <strong data-testid={`${id}-value`}>
              <Sol lamports={asset.valueLamports} />
            </strong>
          )}
          {asset.kind !== 'sol' && (
            <span class="small muted" data-testid="lst-balance">
              <Tokens amount={asset.balance} decimals={asset.decimals} symbol={symbol} />
            </span>
          )}
        </span>
      </button>
    </li>
  );
}

export class AssetRow extends Component<{ asset: Asset }> {
  override shouldComponentUpdate(next: { asset: Asset }): boolean {
    return next.asset !== this.props.asset && shown(next.asset) !== shown(this.props.asset);
  }

  override render({ asset }: { asset: Asset }) {
    return <AssetRowView asset={asset} />;
  }
}
