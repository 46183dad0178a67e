// Flat config: typescript-eslint's recommended rules over all TS sources; build output ignored.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.qx/**', 'miniprogram/dist/**', 'coverage/**', '**/*.js', '**/*.mjs', 'test/fixtures/releases/files/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
