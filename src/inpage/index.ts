// Placeholder provider; replaced by the Wallet Standard provider.
export {};
