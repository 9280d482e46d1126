import { useId } from 'preact/hooks';

interface FieldProps {
  type?: 'text' | 'password' | 'url';
  autocomplete?: string;
  placeholder?: string;
  maxLength?: number;
  spellcheck?: boolean;
  autoFocus?: boolean;
  inputMode?: 'decimal' | 'text';
  label: string;
  value: string;
  onValue: (value: string) => void;
  hint?: string;
  error?: string | null;
  multiline?: boolean;
}

/** A labelled input whose hint and error are announced with it. */
export function Field({ label, value, onValue, hint, error, multiline, ...input }: FieldProps) {
  const id = useId();
  const describedBy =
    [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    value,
    'aria-describedby': describedBy,
    'aria-invalid': error ? true : undefined,
    onInput: (e: Event) => onValue((e.currentTarget as HTMLInputElement).value),
  };
  return (
    <div>
      <label for={id}>{label}</label>
      {multiline ? (
        <textarea {...common} rows={3} spellcheck={false} autocomplete="off" />
      ) : (
        <input {...common} {...input} />
      )}
      {hint && (
        <div id={`${id}-hint`} class="muted">
          {hint}
        </div>
      )}
      {error && (
        <div id={`${id}-error`} class="error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
