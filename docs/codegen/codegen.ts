// graphql-codegen for CaseGraph (https://the-guild.dev/graphql/codegen).
// `npm ci && npm run codegen` writes typed documents for the operations in src/ (the client
// preset) and the schema's types (the typescript plugin), both from the committed SDL.
// Against a running server, set `schema` to its URL and an Authorization header instead:
//   schema: { 'http://127.0.0.1:8080/graphql': { headers: { Authorization: `Bearer ${process.env.CASEGRAPH_TOKEN}` } } }
import type { CodegenConfig } from '@graphql-codegen/cli';

// CaseGraph's custom scalars as TypeScript sees them on the wire.
const scalars = {
  // RFC 3339 date-time, such as 2026-11-30T09:15:00Z.
  DateTime: 'string',
  // yyyy-MM-dd, such as 1970-05-29.
  Date: 'string',
  // Any JSON value.
  JSON: { input: 'unknown', output: 'unknown' },
  // Every id is a UUID, written as a string.
  ID: 'string',
  // A file of a multipart request (uploadDocument): a File or Blob in the browser.
  Upload: { input: 'File | Blob', output: 'never' },
};

const config: CodegenConfig = {
  // CI points CASEGRAPH_SCHEMA at the checkout's schema.graphql.
  schema: process.env.CASEGRAPH_SCHEMA ?? '../../schema.graphql',
  documents: ['src/**/*.graphql', 'src/**/*.ts'],
  ignoreNoDocuments: false,
  generates: {
    // Typed documents for Apollo Client, urql, graphql-request…: `graphql(...)` returns a
    // TypedDocumentNode whose result and variables are typed.
    'generated/': {
      preset: 'client',
      config: { scalars, enumsAsTypes: true, strictScalars: true, useTypeImports: true },
    },
    // Every type of the schema, for code that handles them outside operations.
    'generated/schema-types.ts': {
      plugins: ['typescript'],
      config: { scalars, enumsAsTypes: true, strictScalars: true, useTypeImports: true },
    },
  },
};

export default config;
