// One asset's detail, opened from its row on Home as a modal dialog (Escape or Close returns to the
// row): everything the compact row leaves out — where the name comes from, how fresh the rate is,
// why an LST is worth more than 1 SOL, what staking earned, the rate over time, and how to leave
// the position (unstake here, or where the token is unstaked) — with Stake, Unstake and Send.
import { useEffect, useRef } from 'preact/hooks';
import { shortAddress } from '../../shared/format';
import type { HeldLst } from '../../shared/staking';
import { Sol, Tokens, rateText } from '../components/Amounts';
import { Flags } from '../components/AssetRow';
import { EarnedPanel } from '../components/EarnedPanel';
import { LstKindNote } from '../components/LstKindNote';
import { RateChart } from '../components/RateChart';
import { TransferFeeNote } from '../components/TransferFeeNote';
import { assetBadges, assets, symbolOf, type Asset } from '../models/assets';
import { portfolio } from '../models/portfolio';
import { go, type Route } from '../models/route';

function NameSource({ lst }: { lst: HeldLst }) {
  if (lst.nameSource === 'registry')
    return <p class="muted small">Name from the LST registry Tidepool ships.</p>;
  return (
    <p class="muted small" data-testid="lst-name-source">
      {lst.nameSource === 'metadata' ? (
        <>
          Name from the token’s own metadata (not a verified list) · mint{' '}
          <span class="mono">{shortAddress(lst.mint)}</span>
        </>
      ) : (
        <>
          No name found for this token: shown by its mint <span class="mono">{lst.mint}</span>
        </>
      )}
    </p>
  );
}

function LstFacts({ lst, epoch, slotMs }: { lst: HeldLst; epoch: number; slotMs: number | null }) {
  const valued = lst.kind !== 'unvalued';
  return (
    <>
      {valued && (
        <p data-testid="lst-rate">
          1 {lst.symbol} = {rateText(lst)} SOL
        </p>
      )}
      <NameSource lst={lst} />
      {lst.transferFee && (
        <TransferFeeNote rate={lst.transferFee} decimals={lst.decimals} symbol={lst.symbol} />
      )}
      <LstKindNote lst={lst} epoch={epoch} slotMs={slotMs} />
      {lst.earned && (
        <EarnedPanel earned={lst.earned} symbol={lst.symbol} decimals={lst.decimals} balance={lst.balance} />
      )}
      {valued && (
        <RateChart
          symbol={lst.symbol}
          points={lst.history}
          stakedAt={lst.earned?.since ?? null}
          lastEpochRate={lst.kind === 'splStakePool' ? lst.lastEpochLamportsPerToken : null}
        />
      )}
      {valued && (
        <button class="link" onClick={() => go({ name: 'explainer', symbol: lst.symbol })}>
          Why is 1 {lst.symbol} worth more than 1 SOL?
        </button>
      )}
    </>
  );
}

/** Where a person goes from here: the exits this asset has in Tidepool. */
function Actions({ asset }: { asset: Asset }) {
  const to = (route: Route) => () => go(route);
  const symbol = symbolOf(asset);
  return (
    <div class="row actions">
      {asset.kind === 'sol' && (
        <button class="primary" onClick={to({ name: 'stake' })}>
          Stake
        </button>
      )}
      {asset.kind === 'splStakePool' && (
        <>
          <button onClick={to({ name: 'stake', pool: asset.pool })} aria-label={`Stake more into ${symbol}`}>
            Stake
          </button>
          <button onClick={to({ name: 'unstake', pool: asset.pool })} aria-label={`Unstake ${symbol}`}>
            Unstake
          </button>
        </>
      )}
      {(asset.kind === 'infinity' || asset.kind === 'marinade') && (
        <>
          <button
            onClick={to({ name: 'routeStake', into: asset.kind })}
            aria-label={`Stake more into ${symbol}`}
          >
            Stake
          </button>
          <button onClick={to({ name: 'exits', mint: asset.mint })} aria-label={`Unstake ${symbol}`}>
            Unstake
          </button>
        </>
      )}
      {asset.kind === 'splStakePool' && (
        <button onClick={to({ name: 'exits', mint: asset.mint })} aria-label={`Every route out of ${symbol}`}>
          Every route
        </button>
      )}
      <button
        onClick={to({ name: 'send', mint: asset.kind === 'sol' ? undefined : asset.mint })}
        aria-label={`Send ${symbol}`}
      >
        Send
      </button>
      {asset.kind === 'sol' && <button onClick={to({ name: 'receive' })}>Receive</button>}
    </div>
  );
}

export function TokenDetail({ mint }: { mint: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current!;
    if (!d.open) d.showModal();
  }, []);
  const asset = assets.value.find((a) => a.mint === mint);
  const epoch = portfolio.value?.epoch ?? 0;
  const symbol = asset ? symbolOf(asset) : '';
  return (
    // Escape closes a modal dialog (its cancel, then close event), and focus goes back to the row.
    <dialog ref={dialog} class="detail" aria-labelledby="detail-h" onClose={() => go({ name: 'home' })}>
      <div class="row">
        <h2 id="detail-h" class="grow">
          {asset ? (asset.kind === 'sol' ? 'SOL' : `${asset.symbol} · ${asset.name}`) : 'Not held'}
        </h2>
        <button onClick={() => dialog.current?.close()}>Close</button>
      </div>
      {!asset ? (
        <p>This account no longer holds that token.</p>
      ) : (
        <div class="stack" data-testid="token-detail">
          <p class="detail-figures">
            <strong class="big" data-testid="detail-value">
              {asset.kind === 'unvalued' ? 'value unknown' : <Sol lamports={asset.valueLamports} />}
            </strong>
            {asset.kind !== 'sol' && (
              <span class="muted" data-testid="detail-balance">
                <Tokens amount={asset.balance} decimals={asset.decimals} symbol={symbol} />
              </span>
            )}
          </p>
          {assetBadges(asset).length > 0 && (
            <p class="small">
              <Flags badges={assetBadges(asset)} />
            </p>
          )}
          {asset.kind === 'sol' ? (
            <p class="muted small">
              Solana’s own token: it pays the network’s fees. Stake it into a pool to earn rewards and keep it
              spendable as an LST.
            </p>
          ) : (
            <LstFacts lst={asset} epoch={epoch} slotMs={portfolio.value?.slotTime?.ms ?? null} />
          )}
          <Actions asset={asset} />
        </div>
      )}
    </dialog>
  );
}
