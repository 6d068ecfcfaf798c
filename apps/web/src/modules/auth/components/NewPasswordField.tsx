import { TextInput } from '@web/ui/TextInput';
import { NEW_PASSWORD_HINT, PasswordStrength } from './PasswordStrength';

export interface NewPasswordFieldProps {
  id: string;
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  /** The user's own words (name, email, organisation), which make a password weak. */
  userInputs?: readonly string[];
}

/** A new-password field with the rules in its hint and the strength meter under it. */
export function NewPasswordField({
  id,
  name,
  label,
  value,
  onChange,
  error,
  userInputs,
}: NewPasswordFieldProps) {
  const meterId = `${id}-strength`;
  return (
    <>
      <TextInput
        id={id}
        name={name}
        type="password"
        label={label}
        hint={NEW_PASSWORD_HINT}
        value={value}
        onChange={onChange}
        error={error}
        autoComplete="new-password"
        spellCheck={false}
        describedBy={meterId}
      />
      <PasswordStrength id={meterId} password={value} userInputs={userInputs} />
    </>
  );
}
