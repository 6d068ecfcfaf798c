import { SignInForm } from '@web/modules/auth/components/SignInForm';

export function SignInPage() {
  return <SignInForm />;
}
