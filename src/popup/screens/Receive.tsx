import { useState } from 'preact/hooks';
import { QrCode } from '../components/QrCode';
import { activeAccount } from '../models/wallet';

export function Receive() {
  const address = activeAccount.value?.address ?? '';
  const [copied, setCopied] = useState(false);
  return (
    <main class="screen stack center">
      <h2>Receive</h2>
      <p class="muted">Send SOL or any Solana token to this address.</p>
      <QrCode text={address} label={`QR code of your address ${address}`} />
      <p class="mono" data-testid="receive-address">
        {address}
      </p>
      <button
        class="primary"
        onClick={() => navigator.clipboard.writeText(address).then(() => setCopied(true))}
      >
        Copy address
      </button>
      <p role="status" class="muted small">
        {copied ? 'Copied.' : ''}
      </p>
    </main>
  );
}
