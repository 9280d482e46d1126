// The body of a request: what exactly the site asks for, in words.
import type { ApprovalView, TransactionReview } from '../shared/approval';
import { SOL_DECIMALS, formatLamports, formatUnits, shortAddress } from '../shared/format';
import { StakeIntent } from './StakeIntent';

export function RequestDetails({ view }: { view: ApprovalView }) {
  switch (view.method) {
    case 'connect':
      return (
        <section class="card stack">
          <p>
            The site will see this account’s address and balances, and may <strong>ask</strong> you to approve
            transactions.
          </p>
          <p class="muted small">It can never move funds without your approval in this window.</p>
        </section>
      );
    case 'signMessage':
    case 'signIn':
      return (
        view.message && (
          <section class="stack">
            <h2>
              {view.method === 'signIn'
                ? 'Sign in with Solana'
                : `Message${view.message.encoding === 'hex' ? ' (not text: shown as hex)' : ''}`}
            </h2>
            <pre class="card message" data-testid="message">
              {view.message.text}
            </pre>
            <p class="muted small">Signing a message costs nothing and moves no funds.</p>
          </section>
        )
      );
    case 'stake':
      return (
        <>
          {view.intent && <StakeIntent intent={view.intent} />}
          {view.transaction && <TransactionDetails review={view.transaction} />}
        </>
      );
    case 'signTransaction':
    case 'signAndSendTransaction':
      return view.transaction && <TransactionDetails review={view.transaction} />;
    default: {
      const never: never = view;
      return never;
    }
  }
}

function TransactionDetails({ review }: { review: TransactionReview }) {
  return (
    <>
      <section class="stack" aria-labelledby="ix-h">
        <h2 id="ix-h">What it does</h2>
        <ol class="stack plain" data-testid="instructions">
          {review.instructions.map((ix, i) => (
            <li key={i} class={`card ${ix.known ? '' : 'unknown'}`}>
              <span class="muted small">{ix.program}</span>
              <div>{ix.summary}</div>
            </li>
          ))}
        </ol>
      </section>
      <section class="stack" aria-labelledby="sim-h">
        <h2 id="sim-h">Result if approved</h2>
        {review.simulatedBy && (
          <p class="muted small" data-testid="simulated-by">
            As simulated by your custom RPC node {review.simulatedBy}: Tidepool cannot check what it answers.
          </p>
        )}
        {!!review.unreadableChanges.length && (
          <ul class="stack plain" data-testid="unreadable-changes">
            {review.unreadableChanges.map((text) => (
              <li key={text} class="card error">
                {text}
              </li>
            ))}
          </ul>
        )}
        {review.simulationError ? (
          <p class="danger-box" role="alert" data-testid="simulation-error">
            Simulation failed: {review.simulationError}
          </p>
        ) : (
          <ul class="stack plain" data-testid="balance-changes">
            {!review.balanceChanges.length && !review.unreadableChanges.length && (
              <li class="muted">No change to your balances (besides the fee).</li>
            )}
            {review.balanceChanges.map((c) => (
              <li key={c.asset} class="row card">
                <span>{c.asset}</span>
                <strong class={c.change.startsWith('-') ? 'error' : 'ok'}>{c.change}</strong>
              </li>
            ))}
          </ul>
        )}
        {!review.simulationError && !!review.stakeAccountChanges.length && (
          <ul class="stack plain" data-testid="stake-account-changes" aria-label="Your stake accounts">
            {review.stakeAccountChanges.map((c) => (
              <li key={c.address} class="card stack">
                <div class="row">
                  <span>Stake account {shortAddress(c.address)}</span>
                  {c.change && (
                    <strong class={c.change.startsWith('-') ? 'error' : 'ok'}>{c.change} SOL</strong>
                  )}
                </div>
                <div class="muted small">Before: {c.before}</div>
                <div class="small">After: {c.after}</div>
              </li>
            ))}
          </ul>
        )}
        <p class="muted small" data-testid="network-fee">
          Network fee: {formatLamports(BigInt(review.networkFeeLamports), SOL_DECIMALS)} SOL
          {BigInt(review.networkFee.priorityLamports) > 0n &&
            ` (base ${formatLamports(BigInt(review.networkFee.baseLamports), SOL_DECIMALS)} + priority ${formatLamports(BigInt(review.networkFee.priorityLamports), SOL_DECIMALS)} SOL: ${formatUnits(BigInt(review.networkFee.microLamportsPerUnit), 0)} micro-lamports × ${review.networkFee.computeUnitLimit.toLocaleString('en-US')} units)`}
        </p>
      </section>
    </>
  );
}
