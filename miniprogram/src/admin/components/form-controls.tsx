/** Form controls shared by the admin editors (campaigns, rule segments). */
import { Input, Text, View } from '@tarojs/components';
import type { PropsWithChildren } from 'react';
import type { FieldProblem } from '../services/admin-api';

/** A toggle chip. */
export function Chip({
  on,
  onClick,
  children,
  className,
}: PropsWithChildren<{ on: boolean; onClick: () => void; className?: string }>) {
  return (
    <View className={`admin-chip ${on ? 'admin-chip-on' : ''} ${className ?? ''}`} onClick={onClick}>
      {children}
    </View>
  );
}

/** A labelled field with the server's problems for its path. */
export function Field({
  label,
  path,
  problems,
  children,
}: PropsWithChildren<{ label: string; path: string; problems: FieldProblem[] }>) {
  const mine = problems.filter((p) => p.path === path || p.path.startsWith(`${path}.`));
  return (
    <View className={`admin-field qx-field-${path.replace(/\./g, '-')}`}>
      <Text className="admin-label">{label}</Text>
      {children}
      {mine.map((p, i) => (
        <Text key={i} className="admin-problem">
          {p.message}
        </Text>
      ))}
    </View>
  );
}

/** A one-line input. */
export function TextBox({
  value,
  onChange,
  cls,
  placeholder,
  type,
}: {
  value: string;
  onChange: (v: string) => void;
  cls: string;
  placeholder?: string;
  type?: 'text' | 'digit';
}) {
  return (
    <Input
      className={`admin-input ${cls}`}
      value={value}
      type={type ?? 'text'}
      placeholder={placeholder}
      onInput={(e) => onChange(e.detail.value)}
    />
  );
}
