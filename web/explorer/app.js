// The graph explorer: a client of newsgraph's public GraphQL API and nothing
// else. Search finds entities (the `search` field); the chosen one's
// neighbourhood (`neighborhood`) is drawn with cytoscape.js, one colour and
// shape per entity type and the relation type on each edge. Clicking a node
// expands it; clicking an edge lists its evidence (`node(id:)` on the
// relation). The relation type filter and the date range hide the edges
// outside them (an edge's date is the relation's date, else the earliest
// publication date of its articles). Two entities picked as the ends of a
// path get their shortest path (`shortestPath`) drawn and highlighted.
//
// The endpoint is the page's own (/graphql) unless the URL says otherwise:
// /explore?endpoint=<URL of another newsgraph's /graphql>, which that
// server must list with --cors-origin. The page sends no credentials.
(function () {
  'use strict';

  var params = new URLSearchParams(window.location.search);
  var configured = document.querySelector('meta[name="newsgraph-endpoint"]').content;
  var endpoint = new URL(params.get('endpoint') || configured, window.location.href).href;

  var STYLE = {
    ACTOR: { color: '#2563eb', shape: 'ellipse' },
    MEETING: { color: '#ea580c', shape: 'round-rectangle' },
    PLACE: { color: '#16a34a', shape: 'diamond' },
    AGREEMENT: { color: '#9333ea', shape: 'hexagon' },
  };
  var ENTITY = 'id name entityType kindName';
  var RELATION = 'id type date place { name } source { id } target { id } evidence { article { published } }';

  var $ = function (id) { return document.getElementById(id); };
  var status = $('status');
  var picks = { from: null, to: null };

  // el makes an element with text content (never HTML) and children.
  function el(tag, text, children) {
    var e = document.createElement(tag);
    if (text != null) e.textContent = text;
    (children || []).forEach(function (c) { e.appendChild(c); });
    return e;
  }

  function say(text, isError) {
    status.textContent = text;
    status.className = isError ? 'error' : '';
  }

  // gql runs one query; it rejects with a message fit for the status line.
  function gql(query, variables) {
    return fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ query: query, variables: variables || {} }),
    }).then(function (resp) {
      return resp.json().catch(function () {
        throw new Error('HTTP ' + resp.status + ' from ' + endpoint);
      });
    }, function (err) {
      throw new Error('Could not reach ' + endpoint + ' (' + err.message + '): is it up, and does it list this page\'s origin ' +
        window.location.origin + ' with --cors-origin?');
    }).then(function (body) {
      if (body.errors && body.errors.length) {
        throw new Error(body.errors.map(function (e) { return e.message; }).join('; '));
      }
      return body.data;
    });
  }

  function fail(err) { say('Error: ' + err.message, true); }

  var cy = cytoscape({
    container: $('graph'),
    wheelSensitivity: 0.3,
    style: [
      { selector: 'node', style: {
        'label': 'data(name)', 'background-color': 'data(color)', 'shape': 'data(shape)',
        'font-size': 10, 'text-valign': 'bottom', 'text-margin-y': 3, 'width': 22, 'height': 22,
        'text-wrap': 'wrap', 'text-max-width': 110,
      } },
      { selector: 'node.expanded', style: { 'border-width': 3, 'border-color': '#111' } },
      { selector: 'edge', style: {
        'label': 'data(type)', 'font-size': 9, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle',
        'width': 1.5, 'line-color': '#94a3b8', 'target-arrow-color': '#94a3b8',
        'text-rotation': 'autorotate', 'text-background-color': '#fff', 'text-background-opacity': 0.8,
      } },
      { selector: '.hidden', style: { 'display': 'none' } },
      { selector: 'edge:selected', style: { 'line-color': '#111', 'target-arrow-color': '#111', 'width': 3 } },
      { selector: '.path', style: {
        'line-color': '#dc2626', 'target-arrow-color': '#dc2626', 'border-color': '#dc2626', 'border-width': 4, 'width': 4,
      } },
    ],
  });

  // edgeDate is the relation's date, else the earliest publication date of
  // its articles (YYYY-MM-DD, which compares as text), else ''.
  function edgeDate(r) {
    if (r.date) return r.date;
    var dates = (r.evidence || []).map(function (e) { return e.article.published; }).filter(Boolean).sort();
    return dates[0] || '';
  }

  // addEntity adds a node for e, if the graph has none.
  function addEntity(e) {
    if (cy.getElementById(e.id).nonempty()) return;
    var s = STYLE[e.entityType] || { color: '#666', shape: 'ellipse' };
    var n = cy.add({ group: 'nodes', data: {
      id: e.id, name: e.name, entityType: e.entityType, kindName: e.kindName, color: s.color, shape: s.shape,
    } });
  }

  function addRelation(r) {
    if (cy.getElementById(r.id).nonempty()) return;
    cy.add({ group: 'edges', data: {
      id: r.id, source: r.source.id, target: r.target.id, type: r.type, date: edgeDate(r),
      place: r.place ? r.place.name : '',
    } });
    addTypeOption(r.type);
  }

  function addTypeOption(type) {
    var select = $('type-filter');
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === type) return;
    }
    select.appendChild(new Option(type, type));
  }

  // layout draws the graph in rings around the entity first chosen: its
  // neighbours on the first ring, theirs on the second... The same graph
  // is drawn the same way every time.
  function layout() {
    var root = cy.nodes('.root');
    cy.layout({
      name: 'breadthfirst', circle: true, roots: root.nonempty() ? root : undefined,
      fit: true, padding: 40, spacingFactor: 1.1, avoidOverlap: true, animate: false,
    }).run();
    if (cy.zoom() > 1.4) {
      cy.zoom(1.4);
      cy.center();
    }
    applyFilters();
  }

  // applyFilters hides the edges outside the type filter and date range,
  // and the nodes left without a visible edge (except those expanded).
  function applyFilters() {
    var type = $('type-filter').value, from = $('date-from').value, to = $('date-to').value;
    cy.batch(function () {
      cy.edges().forEach(function (e) {
        var d = e.data('date');
        var out = (type && e.data('type') !== type) ||
          ((from || to) && (!d || (from && d < from) || (to && d > to)));
        e.toggleClass('hidden', !!out);
      });
      cy.nodes().forEach(function (n) {
        var seen = n.hasClass('expanded') || n.hasClass('path') ||
          n.connectedEdges().filter(function (e) { return !e.hasClass('hidden'); }).nonempty();
        n.toggleClass('hidden', !seen);
      });
    });
  }

  function expand(id) {
    say('Loading the neighbourhood…');
    return gql('query ExploreNeighborhood($id: ID!) { neighborhood(id: $id, depth: 1, limit: 100) { ' +
      'nodes { ' + ENTITY + ' } relations { ' + RELATION + ' } truncated } }', { id: id })
      .then(function (data) {
        var g = data.neighborhood;
        g.nodes.forEach(addEntity);
        g.relations.forEach(addRelation);
        cy.getElementById(id).addClass('expanded');
        layout();
        say(g.nodes.length + ' entities, ' + g.relations.length + ' relations around ' +
          cy.getElementById(id).data('name') + (g.truncated ? ' (cut short by the limit)' : ''));
      });
  }

  function search(text) {
    say('Searching…');
    return gql('query ExploreSearch($q: String!) { search(query: $q, first: 10) { entity { ' + ENTITY + ' } } }', { q: text })
      .then(function (data) {
        var list = $('results');
        list.textContent = '';
        var hits = data.search.filter(function (h) { return h.entity; });
        hits.forEach(function (h) {
          var b = el('button', h.entity.name);
          b.addEventListener('click', function () { choose(h.entity).catch(fail); });
          var kind = el('span', ' ' + describe(h.entity.entityType, h.entity.kindName));
          kind.className = 'kind';
          list.appendChild(el('li', null, [b, kind]));
        });
        say(hits.length ? hits.length + ' matches for "' + text + '"' : 'Nothing matches "' + text + '"');
        if (hits.length) return choose(hits[0].entity);
      });
  }

  // choose starts the graph afresh from one entity.
  function choose(entity) {
    cy.elements().remove();
    addEntity(entity);
    cy.getElementById(entity.id).addClass('root');
    showEntity(entity.id);
    return expand(entity.id);
  }

  // describe is an entity's type and kind: "actor · person".
  function describe(entityType, kindName) {
    return entityType.toLowerCase() + (kindName ? ' · ' + kindName : '');
  }

  function showEntity(id) {
    var n = cy.getElementById(id), d = $('details');
    d.textContent = '';
    d.appendChild(el('h2', n.data('name')));
    d.appendChild(el('p', describe(n.data('entityType'), n.data('kindName')) + ' · ' + id));
    [['from', 'Path from here'], ['to', 'Path to here']].forEach(function (p) {
      var b = el('button', p[1]);
      b.addEventListener('click', function () { pick(p[0], id, n.data('name')); });
      d.appendChild(b);
    });
  }

  function showRelation(id) {
    var d = $('details');
    say('Loading the evidence…');
    return gql('query ExploreEvidence($id: ID!) { node(id: $id) { ... on Relation { type date place { name } ' +
      'source { name } target { name } evidence { quote cameo plover mode label article { title published url source } } } } }', { id: id })
      .then(function (data) {
        var r = data.node;
        d.textContent = '';
        d.appendChild(el('h2', r.source.name + ' ' + r.type + ' ' + r.target.name));
        if (r.date) d.appendChild(el('p', 'Dated ' + r.date));
        if (r.place) d.appendChild(el('p', 'In ' + r.place.name));
        d.appendChild(el('p', r.evidence.length + (r.evidence.length === 1 ? ' piece' : ' pieces') + ' of evidence'));
        r.evidence.forEach(function (ev) {
          d.appendChild(el('blockquote', ev.quote));
          // The source's own coding of the event, where it gave one.
          var coding = [ev.label, ev.cameo && 'CAMEO ' + ev.cameo, ev.plover && 'PLOVER ' + ev.plover + (ev.mode ? '/' + ev.mode : '')]
            .filter(Boolean).join(', ');
          if (coding) d.appendChild(el('p', 'Coded ' + coding));
          var title = el(isWebLink(ev.article.url) ? 'a' : 'span', ev.article.title);
          if (title.tagName === 'A') {
            title.href = ev.article.url;
            title.rel = 'noopener noreferrer';
            title.target = '_blank';
          }
          var line = el('p', null, [title, document.createTextNode(
            [ev.article.published, ev.article.source].filter(Boolean).map(function (s) { return ' · ' + s; }).join(''))]);
          line.className = 'source';
          d.appendChild(line);
        });
        say('Evidence of ' + r.type);
      });
  }

  // isWebLink reports whether url is an absolute http or https URL (an
  // article's link is shown only then: never javascript: or data:).
  function isWebLink(url) {
    try {
      var u = new URL(url || '');
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch (_) {
      return false;
    }
  }

  // pick makes an entity one end of the path to draw (end is 'from' or
  // 'to'); the picks outlive a new search, so that the ends can be found
  // one after the other.
  function pick(end, id, name) {
    picks[end] = { id: id, name: name };
    $('path-picks').textContent = ['from', 'to'].filter(function (k) { return picks[k]; })
      .map(function (k) { return 'path ' + k + ': ' + picks[k].name; }).join(' · ');
    if (picks.from && picks.to) shortestPath(picks.from.id, picks.to.id).catch(fail);
  }

  function shortestPath(from, to) {
    say('Looking for a path…');
    return gql('query ExplorePath($from: ID!, $to: ID!) { shortestPath(from: $from, to: $to, maxHops: 6) { length ' +
      'nodes { ' + ENTITY + ' } relations { ' + RELATION + ' } } }', { from: from, to: to })
      .then(function (data) {
        cy.elements().removeClass('path');
        var p = data.shortestPath;
        if (!p) {
          say('No path of at most 6 relations between them', false);
          return;
        }
        p.nodes.forEach(addEntity);
        p.relations.forEach(addRelation);
        p.nodes.concat(p.relations).forEach(function (x) { cy.getElementById(x.id).addClass('path'); });
        layout();
        say('A shortest path of ' + p.length + (p.length === 1 ? ' relation' : ' relations'));
      });
  }

  cy.on('tap', 'node', function (evt) {
    var id = evt.target.id();
    showEntity(id);
    if (!evt.target.hasClass('expanded')) expand(id).catch(fail);
  });
  cy.on('tap', 'edge', function (evt) { showRelation(evt.target.id()).catch(fail); });

  $('search-form').addEventListener('submit', function (evt) {
    evt.preventDefault();
    var text = $('search').value.trim();
    if (text) search(text).catch(fail);
  });
  ['type-filter', 'date-from', 'date-to'].forEach(function (id) {
    $(id).addEventListener('change', applyFilters);
  });

  var legend = $('legend');
  Object.keys(STYLE).forEach(function (t) {
    var sw = el('span');
    sw.className = 'swatch';
    sw.style.background = STYLE[t].color;
    legend.appendChild(sw);
    legend.appendChild(document.createTextNode(t.toLowerCase()));
  });
  say('Endpoint ' + endpoint);

  // For the page's tests and for scripting from the console.
  window.newsgraphExplorer = { cy: cy, endpoint: endpoint };
})();
