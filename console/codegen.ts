// graphql-codegen for the console: typed operations (the client preset, documents as plain
// strings) from the committed schema.graphql alone. The output in src/gql is committed; CI
// regenerates it and fails when it differs, so a schema change that breaks the console
// fails the build.
import type { CodegenConfig } from '@graphql-codegen/cli';

const scalars = {
  DateTime: 'string',
  Date: 'string',
  JSON: { input: 'unknown', output: 'unknown' },
  ID: 'string',
  Upload: { input: 'File | Blob', output: 'never' },
};

const config: CodegenConfig = {
  schema: '../schema.graphql',
  documents: ['src/**/*.ts', 'src/**/*.tsx', '!src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        scalars,
        enumsAsTypes: true,
        strictScalars: true,
        useTypeImports: true,
        documentMode: 'string',
      },
    },
  },
};

export default config;
