import { passwordProblems } from '../../shared/password-policy';
import { Field } from '../../ui/components/Field';

export interface PasswordPair {
  password: string;
  confirm: string;
}

/** The rule the pair breaks (for the disabled button's reason), or null when it is good. */
export function passwordPairProblem({ password, confirm }: PasswordPair): string | null {
  const problems = passwordProblems(password);
  if (problems.length) return problems[0]!;
  if (password !== confirm) return 'The two passwords do not match.';
  return null;
}

export function PasswordChoice({
  value,
  onChange,
}: {
  value: PasswordPair;
  onChange: (v: PasswordPair) => void;
}) {
  const problems = value.password ? passwordProblems(value.password) : [];
  const mismatch =
    value.confirm && value.confirm !== value.password ? 'The two passwords do not match.' : null;
  return (
    <>
      <Field
        label="Password"
        type="password"
        autocomplete="new-password"
        value={value.password}
        onValue={(password) => onChange({ ...value, password })}
        hint="At least 8 characters, mixing letters with numbers or symbols. It unlocks Tidepool on this computer only."
        error={problems.join(' ') || null}
      />
      <Field
        label="Confirm password"
        type="password"
        autocomplete="new-password"
        value={value.confirm}
        onValue={(confirm) => onChange({ ...value, confirm })}
        error={mismatch}
      />
    </>
  );
}
