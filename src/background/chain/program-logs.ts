// Why a simulated transaction fails, in the program's own words: the most specific log line
// ("Transfer: insufficient lamports 5, need 10", "Error: …") before the generic "failed" line.
export function failureReason(logs: string[]): string | null {
  const specific = logs.find((l) => /insufficient|Error:/i.test(l) && !/^Program \w+ failed/.test(l));
  const generic = [...logs].reverse().find((l) => /failed/i.test(l));
  const line = specific ?? generic;
  return line ? line.replace(/^Program log: /, '') : null;
}
