// Send SOL or any token held (LSTs included): a checked address, an exact amount or Max.
import { useState } from 'preact/hooks';
import { ADDRESS_TEXT } from '../../shared/base58';
import { LAMPORTS_PER_SIGNATURE, SOL_DECIMALS, formatUnits, shortAddress } from '../../shared/format';
import type { TxOutcome } from '../../shared/staking';
import { call } from '../../ui/client';
import { ErrorText } from '../../ui/components/ErrorText';
import { Field } from '../../ui/components/Field';
import { useAction } from '../../ui/use-action';
import { AmountField, parseAmount } from '../components/AmountField';
import { TxResult } from '../components/TxResult';
import { loadPortfolio, portfolio } from '../models/portfolio';
import { activeAccount } from '../models/wallet';

const FEE = LAMPORTS_PER_SIGNATURE;

export function Send() {
  const p = portfolio.value;
  const assets = [
    {
      key: 'SOL',
      label: 'SOL',
      decimals: SOL_DECIMALS,
      balance: p ? BigInt(p.solLamports) : 0n,
      mint: undefined as string | undefined,
    },
    ...[...(p?.lsts ?? []), ...(p?.otherLsts ?? [])].map((l) => ({
      key: l.mint,
      label: l.symbol,
      decimals: l.decimals,
      balance: BigInt(l.balance),
      mint: l.mint,
    })),
    ...(p?.tokens ?? []).map((t) => ({
      key: t.mint,
      label: `Token ${shortAddress(t.mint)}`,
      decimals: t.decimals,
      balance: BigInt(t.balance),
      mint: t.mint,
    })),
  ];
  const [assetKey, setAssetKey] = useState('SOL');
  const [to, setTo] = useState('');
  const [text, setText] = useState('');
  const [done, setDone] = useState<{ outcome: TxOutcome; what: string } | null>(null);
  const asset = assets.find((a) => a.key === assetKey) ?? assets[0]!;
  const parsed = parseAmount(text, asset.decimals);
  const max = asset.mint ? asset.balance : asset.balance > FEE ? asset.balance - FEE : 0n;
  const amountError =
    parsed.error ??
    (parsed.units !== null && parsed.units > max
      ? `You have ${formatUnits(asset.balance, asset.decimals)} ${asset.label}${asset.mint ? '' : '; keep 0.000005 SOL for the fee'}.`
      : null);
  const toError =
    to.trim() &&
    (!ADDRESS_TEXT.test(to.trim())
      ? 'That is not a Solana address.'
      : to.trim() === activeAccount.value?.address
        ? 'That is this account’s own address.'
        : null);
  const send = useAction(async () => {
    const token = asset.mint ? { mint: asset.mint, decimals: asset.decimals } : {};
    const outcome = await call('send:execute', { to: to.trim(), amount: parsed.units!.toString(), ...token });
    setDone({ outcome, what: `${text} ${asset.label} to ${shortAddress(to.trim())}` });
    setText('');
    void loadPortfolio();
  });
  const reason = !to.trim()
    ? 'Enter the recipient’s address'
    : toError || amountError || (!parsed.units ? 'Enter an amount' : null);
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
      <label for="send-asset">Asset</label>
      <select
        id="send-asset"
        value={assetKey}
        onChange={(e) => {
          setAssetKey((e.currentTarget as HTMLSelectElement).value);
          setText('');
        }}
      >
        {assets.map((a) => (
          <option key={a.key} value={a.key}>
            {a.label} — {formatUnits(a.balance, a.decimals, 4)}
          </option>
        ))}
      </select>
      <Field
        label="Recipient address"
        value={to}
        onValue={setTo}
        spellcheck={false}
        error={toError || null}
      />
      <AmountField
        value={text}
        onValue={setText}
        decimals={asset.decimals}
        symbol={asset.label}
        max={p ? max : null}
        error={amountError}
      />
      <button
        class="primary"
        disabled={!!reason || send.busy}
        title={reason ?? undefined}
        onClick={() => send.run()}
      >
        {send.busy ? 'Sending…' : 'Send'}
      </button>
      <ErrorText error={send.error} />
    </main>
  );
}
