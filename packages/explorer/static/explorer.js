// The explorer page: GraphiQL (its UMD build) with a bar to paste a bearer token, kept in this browser's
// localStorage, and to open the saved queries of the repository's queries/ folder. Plain browser JavaScript:
// the gateway serves this file as it is, without a build step.
(function () {
  'use strict';
  var h = React.createElement;
  var config = JSON.parse(document.getElementById('explorer-config').textContent);
  var TOKEN_KEY = 'ntg-explorer:token';
  // The page is served at the GraphQL path itself, so queries go to the page's own URL.
  var endpoint = window.location.pathname;

  function readToken() {
    try { return window.localStorage.getItem(TOKEN_KEY) || ''; } catch (e) { return ''; }
  }
  function storeToken(token) {
    try {
      if (token) window.localStorage.setItem(TOKEN_KEY, token);
      else window.localStorage.removeItem(TOKEN_KEY);
    } catch (e) { /* private mode: the token lasts for this page only */ }
  }
  function normalise(text) {
    return text.trim().replace(/^bearer\s+/i, '');
  }

  /** Sends the token with every request; an authorization header typed into GraphiQL's headers editor wins. */
  function createFetcher(token) {
    return function (params, options) {
      var headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
      if (token) headers.authorization = 'Bearer ' + token;
      var extra = (options && options.headers) || {};
      Object.keys(extra).forEach(function (key) { headers[key.toLowerCase()] = extra[key]; });
      return fetch(endpoint, { method: 'POST', headers: headers, body: JSON.stringify(params), credentials: 'omit' })
        .then(function (response) { return response.json(); });
    };
  }

  var SlotContext = React.createContext(null);

  /** Rendered inside GraphiQL (so it may use GraphiQL's editor context), shown in the bar above it. */
  function SavedQueryPicker() {
    var slot = React.useContext(SlotContext);
    var editor = GraphiQL.React.useEditorContext({ nonNull: true });
    if (!slot || config.savedOperations.length === 0) return null;
    function open(event) {
      var saved = config.savedOperations.find(function (s) { return s.name === event.target.value; });
      event.target.value = '';
      if (!saved) return;
      // A new tab per saved query keeps whatever the user was writing; the values go in once the tab is active.
      editor.addTab();
      window.setTimeout(function () {
        if (editor.queryEditor) editor.queryEditor.setValue(saved.query);
        if (editor.variableEditor) editor.variableEditor.setValue(saved.variables ? JSON.stringify(saved.variables, null, 2) : '');
      }, 0);
    }
    return ReactDOM.createPortal(
      h('label', null, 'Saved queries ',
        h('select', { id: 'ntg-saved-query', defaultValue: '', onChange: open },
          h('option', { value: '' }, 'open one…'),
          config.savedOperations.map(function (s) { return h('option', { key: s.name, value: s.name }, s.name); }))),
      slot);
  }

  function TokenForm(props) {
    var state = React.useState(props.token);
    var draft = state[0], setDraft = state[1];
    function apply(event) {
      if (event) event.preventDefault();
      if (normalise(draft) !== props.token) props.onChange(normalise(draft));
    }
    return h('form', { className: 'ntg-token', onSubmit: apply },
      h('label', { htmlFor: 'ntg-token-input' }, 'Bearer token'),
      h('input', {
        id: 'ntg-token-input', type: 'password', autoComplete: 'off', spellCheck: false, value: draft,
        placeholder: 'paste a token from pnpm start or pnpm run token',
        onChange: function (event) { setDraft(event.target.value); }, onBlur: apply,
      }),
      h('button', { type: 'submit' }, 'Use'),
      props.token ? h('button', { type: 'button', onClick: function () { setDraft(''); props.onChange(''); } }, 'Forget') : null,
      h('span', { className: props.token ? 'ntg-state' : 'ntg-state ntg-missing', id: 'ntg-token-state' },
        props.token ? 'kept in this browser' : 'every query needs a token'));
  }

  function Explorer() {
    var tokenState = React.useState(readToken);
    var token = tokenState[0], setToken = tokenState[1];
    var slotState = React.useState(null);
    var fetcher = React.useMemo(function () { return createFetcher(token); }, [token]);
    function changeToken(next) {
      storeToken(next);
      setToken(next);
    }
    return h(React.Fragment, null,
      h('div', { className: 'ntg-bar' },
        h('strong', null, 'Ninh Thuận poverty-reduction graph'),
        h(TokenForm, { token: token, onChange: changeToken }),
        h('span', { ref: slotState[1] })),
      h('div', { className: 'ntg-graphiql' },
        h(SlotContext.Provider, { value: slotState[0] },
          // A new token remounts GraphiQL, which fetches the schema again with it.
          h(GraphiQL, {
            key: token,
            fetcher: fetcher,
            defaultEditorToolsVisibility: true,
            shouldPersistHeaders: false,
            toolbar: { additionalComponent: SavedQueryPicker },
          }))));
  }

  ReactDOM.createRoot(document.getElementById('explorer')).render(h(Explorer));
})();
