import { useId, type ReactNode } from 'react';

/** A labelled form control: `<label for>` names the control, as screen readers expect. */
export function Field({
  text,
  className,
  children,
}: {
  text: string;
  className?: string;
  children: (id: string) => ReactNode;
}) {
  const id = useId();
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{text}</label>
      {children(id)}
    </div>
  );
}
