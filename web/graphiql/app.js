// GraphiQL for newsgraph: queries and mutations over HTTP, subscriptions
// over a WebSocket (graphql-transport-ws) on the same endpoint. The headers
// editor's JSON (for example {"Authorization": "Bearer TOKEN"}) goes with
// every HTTP request and in the WebSocket's connection_init payload.
(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('graphiql-config').textContent);
  var endpoint = new URL(config.endpoint, window.location.href);
  var socket = new URL(endpoint.href);
  socket.protocol = endpoint.protocol === 'https:' ? 'wss:' : 'ws:';

  var fetcher = GraphiQL.createFetcher({
    url: endpoint.href,
    subscriptionUrl: socket.href,
  });
  var explorer = GraphiQLPluginExplorer.explorerPlugin();

  var tabs = config.examples.map(function (example, i) {
    var body = example.query;
    if (body.charAt(0) === '{' && example.name) {
      body = 'query ' + example.name + ' ' + body;
    }
    var query = '# ' + example.title.join('\n# ') + '\n' + body;
    if (i === 0) {
      query = config.welcome.map(function (line) { return '# ' + line; }).join('\n') + '\n#\n' + query;
    }
    return { query: query };
  });

  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultTabs: tabs,
    defaultEditorToolsVisibility: 'headers',
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: false,
    plugins: [explorer],
  }));
})();
