// Password rules, shared so the popup can show them as the user types and the background can
// enforce them. The vault's strength rests on the KDF; these rules stop the guessable passwords.

const COMMON = new Set([
  'password',
  'password1',
  'password123',
  '12345678',
  '123456789',
  '1234567890',
  'qwertyui',
  'qwerty123',
  'iloveyou',
  'sunshine',
  'letmein1',
  'solana123',
  'phantom1',
  'bitcoin1',
  '11111111',
  '00000000',
  'abc12345',
]);

const MIN_PASSWORD_LENGTH = 8;

/** The rules the password breaks, in the user's words; empty when it is acceptable. */
export function passwordProblems(password: string): string[] {
  const problems: string[] = [];
  if (password.length < MIN_PASSWORD_LENGTH) problems.push(`Use at least ${MIN_PASSWORD_LENGTH} characters.`);
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (password.length > 0 && kinds < 2)
    problems.push('Mix letters with numbers or symbols (or upper and lower case).');
  if (COMMON.has(password.toLowerCase())) problems.push('This password is too common; choose another.');
  return problems;
}
