import type { CodegenConfig } from '@graphql-codegen/cli';

// `npm run codegen` types every operation in src/ against the contract, graph/*.graphqls
// (not the live server: introspection is off). The output in src/gql/ is committed;
// scripts/test-frontend fails when regenerating it changes anything.
const config: CodegenConfig = {
  schema: '../graph/*.graphqls',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*', '!src/**/*.test.ts'],
  ignoreNoDocuments: false,
  // The preset's helpers use `any` twice; the hook turns them into `unknown`.
  hooks: { afterOneFileWrite: ['node scripts/gql-no-any.mjs'] },
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        strictScalars: true,
        scalars: { ID: 'string', Date: 'string' },
        skipTypename: true,
        avoidOptionals: false,
      },
    },
  },
};

export default config;
