// CaseGraph's GraphiQL: starts the vendored GraphiQL (globals React, ReactDOM, GraphiQL) on
// #graphiql. A file of its own, not an inline script, so the page's Content-Security-Policy
// can allow scripts from 'self' only. The example query and the headers template come from
// the page (data-* attributes written by src/http/graphiql.rs), so the server owns them.
(function () {
  'use strict';
  var root = document.getElementById('graphiql');
  var endpoint = new URL(root.dataset.endpoint || '/graphql', window.location.href).toString();
  // A query in the page's own URL (GET /graphql?query=… from a browser) opens in the editor.
  var params = new URLSearchParams(window.location.search);
  var props = {
    fetcher: GraphiQL.createFetcher({ url: endpoint }),
    defaultQuery: root.dataset.query,
    // Used when the browser has no headers saved for GraphiQL; tokens are not saved
    // (shouldPersistHeaders stays false), so a fresh tab asks for one again.
    defaultHeaders: root.dataset.headers,
    defaultEditorToolsVisibility: 'headers',
  };
  if (params.has('query')) props.query = params.get('query');
  if (params.has('variables')) props.variables = params.get('variables');
  ReactDOM.createRoot(root).render(React.createElement(GraphiQL, props));
})();
