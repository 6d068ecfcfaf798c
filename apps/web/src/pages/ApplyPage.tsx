import { ApplyForm } from '@web/modules/auth/components/ApplyForm';

export function ApplyPage() {
  return <ApplyForm />;
}
