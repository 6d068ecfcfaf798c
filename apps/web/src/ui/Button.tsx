import type { ReactNode } from 'react';

export type ButtonVariant = 'primary' | 'secondary' | 'warning';

export interface ButtonProps {
  children: ReactNode;
  type?: 'button' | 'submit';
  variant?: ButtonVariant;
  onClick?: () => void;
  /** While busy the button stays focusable but ignores clicks. */
  busy?: boolean;
  disabled?: boolean;
  className?: string;
}

const variantClass: Record<ButtonVariant, string> = {
  primary: '',
  secondary: ' govuk-button--secondary',
  warning: ' govuk-button--warning',
};

export function Button({
  children,
  type = 'button',
  variant = 'primary',
  onClick,
  busy = false,
  disabled = false,
  className,
}: ButtonProps) {
  return (
    <button
      type={type}
      className={`govuk-button${variantClass[variant]}${className ? ` ${className}` : ''}`}
      data-module="govuk-button"
      disabled={disabled}
      aria-disabled={busy ? true : undefined}
      onClick={(event) => {
        if (busy) {
          event.preventDefault();
          return;
        }
        onClick?.();
      }}
    >
      {children}
    </button>
  );
}
