// web3.js, spl-token and spl-stake-pool expect Node's Buffer as a global. Only the service
// worker bundles them, so only the worker gets this; it must be its entry's first import.
import { Buffer } from 'buffer';

(globalThis as { Buffer?: typeof Buffer }).Buffer ??= Buffer;
