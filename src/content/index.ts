// Placeholder relay; replaced by the dApp bridge.
export {};
