// Runs in the page (MAIN world) at document_start: announces Tidepool to dApps through the
// Wallet Standard. It holds no secrets and reaches the wallet only through the content relay.
import { registerWallet } from '@wallet-standard/wallet';
import { PageBridge } from './bridge';
import { TidepoolWallet } from './wallet';

registerWallet(new TidepoolWallet(new PageBridge()));
