// Send SOL or any token held (LSTs included): a checked address, an exact amount or Max.
import { useState } from 'preact/hooks';
import { ADDRESS_TEXT } from '../../shared/base58';
import { SOL_DECIMALS, formatUnits, shortAddress, solText } from '../../shared/format';
import type { TxOutcome } from '../../shared/staking';
import { call } from '../../ui/client';
import { Field } from '../../ui/components/Field';
import { useAction } from '../../ui/use-action';
import { AmountField, parseAmount } from '../components/AmountField';
import { ExecuteButton } from '../components/ExecuteButton';
import { TransferFeeNote } from '../components/TransferFeeNote';
import { transferFeeOf, type TransferFeeRate } from '../../shared/transfer-fee';
import { TxResult } from '../components/TxResult';
import { loadPortfolio, portfolio } from '../models/portfolio';
import { route } from '../models/route';
import { activeAccount } from '../models/wallet';

type Sent = { outcome: TxOutcome; what: string };

export function Send() {
  const [done, setDone] = useState<Sent | null>(null);
  const form = useSendForm();
  const { assets, asset, max } = form;
  const send = useSendAction(form, setDone);
  if (done) {
    return (
      <main class="screen stack">
        <TxResult title="Sent" outcome={done.outcome}>
          <p>Sent {done.what}.</p>
        </TxResult>
        <button onClick={() => setDone(null)}>Send more</button>
      </main>
    );
  }
  return (
    <main class="screen stack">
      <h2>Send</h2>
      <AssetSelect assets={assets} value={form.assetKey} onAsset={form.chooseAsset} />
      <Field
        label="Recipient address"
        value={form.to}
        onValue={form.setTo}
        spellcheck={false}
        error={form.toError || null}
      />
      <AmountField
        value={form.text}
        onValue={form.setText}
        decimals={asset.decimals}
        symbol={asset.label}
        max={portfolio.value ? max : null}
        error={form.amountError}
      />
      {asset.transferFee && (
        <>
          <TransferFeeNote rate={asset.transferFee} decimals={asset.decimals} symbol={asset.label} />
          {form.parsed.units !== null && (
            <p data-testid="send-arrives">
              The recipient gets{' '}
              {formatUnits(
                form.parsed.units - transferFeeOf(asset.transferFee, form.parsed.units),
                asset.decimals,
              )}{' '}
              {asset.label};{' '}
              {formatUnits(transferFeeOf(asset.transferFee, form.parsed.units), asset.decimals)} is withheld.
            </p>
          )}
        </>
      )}
      <ExecuteButton action={send} reason={form.reason} label="Send" busyLabel="Sending…" />
    </main>
  );
}

type Asset = ReturnType<typeof sendableAssets>[number];

/** What can be sent: SOL first, then every LST and other token held, each with its balance. */
function sendableAssets() {
  const p = portfolio.value;
  return [
    {
      key: 'SOL',
      label: 'SOL',
      decimals: SOL_DECIMALS,
      balance: p ? BigInt(p.solLamports) : 0n,
      mint: undefined as string | undefined,
      transferFee: null as TransferFeeRate | null,
    },
    ...[...(p?.lsts ?? []), ...(p?.otherLsts ?? [])].map((l) => ({
      key: l.mint,
      label: l.symbol,
      decimals: l.decimals,
      balance: BigInt(l.balance),
      mint: l.mint,
      transferFee: l.transferFee,
    })),
    ...(p?.tokens ?? []).map((t) => ({
      key: t.mint,
      label: `Token ${shortAddress(t.mint)}`,
      decimals: t.decimals,
      balance: BigInt(t.balance),
      mint: t.mint,
      transferFee: t.transferFee,
    })),
  ];
}

/** The form's state: the asset, the recipient and the amount, each checked, and why it cannot go yet. */
function useSendForm() {
  const assets = sendableAssets();
  // Opened from an asset's detail: that asset, while it is held.
  const [assetKey, setAssetKey] = useState(() => {
    const wanted = route.value.name === 'send' ? route.value.mint : undefined;
    return assets.some((a) => a.key === wanted) ? wanted! : 'SOL';
  });
  const [to, setTo] = useState('');
  const [text, setText] = useState('');
  const asset = assets.find((a) => a.key === assetKey) ?? assets[0]!;
  const parsed = parseAmount(text, asset.decimals);
  // What a signature costs, as the network last said (the worker checks it again before signing).
  const knownFee = portfolio.value?.lamportsPerSignature;
  const fee = knownFee ? BigInt(knownFee) : 0n;
  const max = asset.mint ? asset.balance : asset.balance > fee ? asset.balance - fee : 0n;
  const amountError =
    parsed.error ??
    (parsed.units !== null && parsed.units > max
      ? `You have ${formatUnits(asset.balance, asset.decimals)} ${asset.label}${asset.mint || !knownFee ? '' : `; keep ${solText(fee)} for the fee`}.`
      : null);
  const toError =
    to.trim() &&
    (!ADDRESS_TEXT.test(to.trim())
      ? 'That is not a Solana address.'
      : to.trim() === activeAccount.value?.address
        ? 'That is this account’s own address.'
        : null);
  const reason = !to.trim()
    ? 'Enter the recipient’s address'
    : toError || amountError || (!parsed.units ? 'Enter an amount' : null);
  // A new asset starts the amount over (its decimals and balance differ).
  const chooseAsset = (key: string) => {
    setAssetKey(key);
    setText('');
  };
  return {
    assets,
    assetKey,
    chooseAsset,
    asset,
    to,
    setTo,
    text,
    setText,
    parsed,
    max,
    amountError,
    toError,
    reason,
  };
}

/** Sends what the form says, then clears the amount and refreshes the portfolio. */
function useSendAction(form: ReturnType<typeof useSendForm>, done: (sent: Sent) => void) {
  const { asset, to, text, parsed } = form;
  return useAction(async () => {
    const token = asset.mint ? { mint: asset.mint, decimals: asset.decimals } : {};
    const outcome = await call('send:execute', { to: to.trim(), amount: parsed.units!.toString(), ...token });
    done({ outcome, what: `${text} ${asset.label} to ${shortAddress(to.trim())}` });
    form.setText('');
    void loadPortfolio();
  });
}

/** The asset to send, each with its balance. */
function AssetSelect({
  assets,
  value,
  onAsset,
}: {
  assets: Asset[];
  value: string;
  onAsset: (key: string) => void;
}) {
  return (
    <>
      <label for="send-asset">Asset</label>
      <select
        id="send-asset"
        value={value}
        onChange={(e) => onAsset((e.currentTarget as HTMLSelectElement).value)}
      >
        {assets.map((a) => (
          <option key={a.key} value={a.key}>
            {a.label} — {formatUnits(a.balance, a.decimals, 4)}
          </option>
        ))}
      </select>
    </>
  );
}
