/** A JSON-RPC error with the codes Solana nodes use, so clients see the familiar errors. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

export const RPC = {
  parseError: -32700,
  blockCleanedUp: -32001,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internal: -32603,
  simulationFailed: -32002,
  signatureFailure: -32003,
  blockNotAvailable: -32004,
  slotSkipped: -32007,
  minContextSlotNotReached: -32016,
} as const;

export const invalidParams = (message: string) =>
  new RpcError(RPC.invalidParams, `Invalid params: ${message}`);

/** A slot parameter: a non-negative integer. */
export function slotParam(value: unknown, name = 'slot'): bigint {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    throw invalidParams(`${name} must be a non-negative integer`);
  return BigInt(value);
}
