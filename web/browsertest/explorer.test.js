// Real-browser tests of the explorer page (/explore) and of CORS, in the
// system's Chromium driven by playwright-core (no browser download).
//
// Two newsgraph servers: A holds the example corpus and testdata/, and
// lists B's origin with --cors-origin; B holds nothing and only serves the
// page. The page is loaded from A (same origin), from B with ?endpoint=
// pointing at A (a listed origin: queries succeed) and from B under the name
// localhost (an origin A does not list: the browser keeps A's answers from
// the page, which says so). The test saves a screenshot of the page to docs/explorer.png.
//
// Environment: NEWSGRAPH_BIN (the binary; built with go build when unset),
// CHROMIUM (default /usr/bin/chromium), SCREENSHOT (default
// docs/explorer.png; empty for none). Prints one line per test and a closing
// line "N passed, N failed"; exits 1 when a test failed.
'use strict';

const { chromium } = require('playwright-core');
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '../..');
const seed = JSON.parse(fs.readFileSync(path.join(root, 'examples/articles/istanbul-talks-2025-06-03.json'), 'utf8'));
// The quote of the seed article's relation Zelensky LED Ukraine.
const ledQuote = seed.relations.find((r) => r.type === 'LED' && r.source === 'zelensky').evidence.text;
// An article of the test's own, with a link.
const linked = JSON.parse(fs.readFileSync(path.join(__dirname, 'testdata/arctic-accord-2025-06-09.json'), 'utf8'));

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const children = [];
let tmp = ''; // the servers' data and logs, removed at the end

// serve starts newsgraph serve and resolves when /readyz answers 200.
async function serve(bin, tmp, name, port, extra) {
  const log = fs.openSync(path.join(tmp, name + '.log'), 'w');
  const env = { ...process.env };
  delete env.NEO4J_URI; // the embedded store
  const child = spawn(bin, ['serve', '--data-dir', path.join(tmp, name), '--addr', '127.0.0.1:' + port, ...extra],
    { cwd: root, env, stdio: ['ignore', log, log] });
  children.push(child);
  let exited = null;
  child.on('exit', (code) => { exited = code; });
  for (let i = 0; i < 300; i++) {
    if (exited !== null) break;
    try {
      const resp = await fetch('http://127.0.0.1:' + port + '/readyz');
      if (resp.ok) return 'http://127.0.0.1:' + port;
    } catch (_) { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server ' + name + ' did not start:\n' + fs.readFileSync(path.join(tmp, name + '.log'), 'utf8'));
}

// The page's graph, as plain data.
function graphOf(page) {
  return page.evaluate(() => {
    const cy = window.newsgraphExplorer.cy;
    return {
      nodes: cy.nodes().map((n) => ({ id: n.id(), name: n.data('name'), type: n.data('entityType'), color: n.style('background-color'), shape: n.style('shape'), expanded: n.hasClass('expanded'), hidden: n.hasClass('hidden'), path: n.hasClass('path') })),
      edges: cy.edges().map((e) => ({ id: e.id(), type: e.data('type'), date: e.data('date'), source: e.source().data('name'), target: e.target().data('name'), hidden: e.hasClass('hidden'), path: e.hasClass('path') })),
    };
  });
}

// clickAt clicks a node (by name) or an edge (by source name and type)
// where the graph draws it.
async function clickAt(page, what) {
  const pos = await page.evaluate((w) => {
    const cy = window.newsgraphExplorer.cy;
    const el = w.edgeType
      ? cy.edges().filter((e) => e.data('type') === w.edgeType && e.source().data('name') === w.name)[0]
      : cy.nodes().filter((n) => n.data('name') === w.name)[0];
    if (!el) return null;
    const p = w.edgeType ? el.renderedMidpoint() : el.renderedPosition();
    const box = cy.container().getBoundingClientRect();
    return { x: box.left + p.x, y: box.top + p.y };
  }, what);
  if (!pos) throw new Error('the graph has no ' + JSON.stringify(what));
  await page.mouse.click(pos.x, pos.y);
}

async function search(page, text) {
  await page.fill('#search', text);
  await page.press('#search', 'Enter');
}

// expanded waits until n nodes are expanded, or the page shows an error
// (then it throws with the page's message rather than waiting it out).
async function expanded(page, n) {
  await page.waitForFunction((k) => window.newsgraphExplorer.cy.nodes('.expanded').length >= k ||
    document.querySelector('#status.error'), n);
  const error = await page.locator('#status.error').count();
  if (error) throw new Error('the page shows an error: ' + await page.locator('#status').innerText());
}

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

async function main() {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'newsgraph-browsertest-'));
  let bin = process.env.NEWSGRAPH_BIN;
  if (!bin) {
    bin = path.join(tmp, 'newsgraph');
    execFileSync('go', ['build', '-o', bin, './cmd/newsgraph'], { cwd: root, stdio: 'inherit' });
  }
  const [portA, portB] = [await freePort(), await freePort()];
  const originB = 'http://127.0.0.1:' + portB;
  const unlisted = 'http://localhost:' + portB; // the same server under another name: another origin
  const a = await serve(bin, tmp, 'a', portA, ['--load', 'examples/articles', '--load', path.join(__dirname, 'testdata'), '--cors-origin', originB]);
  await serve(bin, tmp, 'b', portB, []);

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const results = { passed: 0, failed: 0 };
  async function test(name, fn) {
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (err) => problems.push(err.message));
    try {
      await fn(page);
      assert(problems.length === 0, 'errors in the page: ' + problems.join('; '));
      results.passed++;
      console.log('ok   ' + name);
    } catch (err) {
      results.failed++;
      console.log('FAIL ' + name + '\n     ' + String(err.stack || err).split('\n').join('\n     '));
    } finally {
      await page.close();
    }
  }

  await test('search, expand, evidence (same origin)', async (page) => {
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(a + '/explore');
    await search(page, 'Zelensky');
    await expanded(page, 1);
    await page.locator('#results button', { hasText: 'Volodymyr Zelensky' }).waitFor();
    let g = await graphOf(page);
    assert(g.nodes.some((n) => n.name === 'Volodymyr Zelensky' && n.expanded), 'no expanded Zelensky node: ' + JSON.stringify(g.nodes));
    const before = g.nodes.length;

    await clickAt(page, { name: 'Ukraine' });
    await expanded(page, 2);
    g = await graphOf(page);
    assert(g.nodes.find((n) => n.name === 'Ukraine').expanded, 'Ukraine was not expanded');
    assert(g.nodes.length > before, 'expanding Ukraine added no node (' + before + ' before, ' + g.nodes.length + ' after)');
    // One colour and shape per entity type.
    const looks = {};
    for (const n of g.nodes) {
      const look = n.color + ' ' + n.shape;
      assert(!looks[n.type] || looks[n.type] === look, n.type + ' nodes drawn two ways: ' + looks[n.type] + ', ' + look);
      looks[n.type] = look;
    }
    assert(Object.keys(looks).length >= 2 && new Set(Object.values(looks)).size === Object.keys(looks).length,
      'entity types share a look: ' + JSON.stringify(looks));

    await clickAt(page, { name: 'Volodymyr Zelensky', edgeType: 'LED' });
    await page.locator('#details blockquote').first().waitFor();
    const details = await page.locator('#details').innerText();
    assert(details.includes('Volodymyr Zelensky LED Ukraine'), 'the evidence panel is not about Zelensky LED Ukraine:\n' + details);
    assert(details.includes(ledQuote), 'the evidence panel lacks the seed article\'s quote:\n' + details);
    assert(details.includes(seed.title) && details.includes(seed.published), 'the evidence panel lacks the article\'s title or date:\n' + details);
    const elsewhere = requests.filter((u) => !u.startsWith(a + '/'));
    assert(elsewhere.length === 0, 'requests left the server: ' + elsewhere.join(', '));
    if (process.env.SCREENSHOT !== '') {
      await page.screenshot({ path: path.join(root, process.env.SCREENSHOT || 'docs/explorer.png') });
    }
  });

  await test('evidence links to its article', async (page) => {
    await page.goto(a + '/explore');
    await search(page, 'Finland');
    await expanded(page, 1);
    await clickAt(page, { name: 'Finland', edgeType: 'SUPPORTED' });
    const link = page.locator('#details a', { hasText: linked.title });
    await link.waitFor();
    const href = await link.getAttribute('href');
    assert(href === linked.url, 'the article links to ' + href + ', want ' + linked.url);
    const details = await page.locator('#details').innerText();
    assert(details.includes(linked.relations[0].evidence.text) && details.includes(linked.published + ' · ' + linked.source),
      'the evidence panel lacks the quote, date or source:\n' + details);
  });

  await test('relation type filter and date range', async (page) => {
    await page.goto(a + '/explore');
    await search(page, 'Ukraine');
    await expanded(page, 1);
    await page.selectOption('#type-filter', 'LED');
    let g = await graphOf(page);
    assert(g.edges.some((e) => e.type === 'LED' && !e.hidden), 'no LED edge is shown');
    assert(g.edges.every((e) => e.hidden === (e.type !== 'LED')), 'the type filter shows other types: ' + JSON.stringify(g.edges));
    await page.selectOption('#type-filter', '');
    await page.fill('#date-from', '2030-01-01');
    await page.dispatchEvent('#date-from', 'change');
    g = await graphOf(page);
    assert(g.edges.length > 0 && g.edges.every((e) => e.hidden), 'edges dated before 2030 are shown');
    await page.fill('#date-from', seed.published);
    await page.fill('#date-to', seed.published);
    await page.dispatchEvent('#date-to', 'change');
    g = await graphOf(page);
    assert(g.edges.every((e) => e.hidden === (e.date !== seed.published)), 'the date range shows edges outside it: ' + JSON.stringify(g.edges));
    assert(g.edges.some((e) => !e.hidden), 'no edge of ' + seed.published + ' is shown');
  });

  await test('shortest path between two picked entities', async (page) => {
    await page.goto(a + '/explore');
    await search(page, 'Zelensky');
    await expanded(page, 1);
    await page.click('#details button:has-text("Path from here")');
    await search(page, 'Putin');
    await page.waitForFunction(() => window.newsgraphExplorer.cy.nodes().some((n) => n.data('name') === 'Vladimir Putin' && n.hasClass('expanded')));
    await page.click('#details button:has-text("Path to here")');
    await page.waitForFunction(() => window.newsgraphExplorer.cy.edges('.path').length > 0);
    const g = await graphOf(page);
    const picked = await page.locator('#path-picks').innerText();
    assert(picked === 'path from: Volodymyr Zelensky · path to: Vladimir Putin', 'the picks read: ' + picked);
    const onPath = g.nodes.filter((n) => n.path).map((n) => n.name);
    assert(onPath.includes('Volodymyr Zelensky') && onPath.includes('Vladimir Putin'), 'the path does not join the two: ' + onPath.join(', '));
    assert(await page.locator('#status').innerText().then((s) => /shortest path of \d+ relation/.test(s)), 'the status does not give the path\'s length');
  });

  await test('from a listed origin (--cors-origin): queries succeed', async (page) => {
    await page.goto(originB + '/explore?endpoint=' + encodeURIComponent(a + '/graphql'));
    await search(page, 'Zelensky');
    await expanded(page, 1);
    const g = await graphOf(page);
    assert(g.nodes.some((n) => n.name === 'Volodymyr Zelensky'), 'no Zelensky node');
    assert(g.edges.length > 0, 'no relation drawn');
  });

  await test('from an unlisted origin: the browser blocks the answers', async (page) => {
    const messages = [];
    page.on('console', (m) => messages.push(m.text()));
    await page.goto(unlisted + '/explore?endpoint=' + encodeURIComponent(a + '/graphql'));
    await search(page, 'Zelensky');
    await page.waitForSelector('#status.error');
    const status = await page.locator('#status').innerText();
    assert(status.includes('Could not reach ' + a + '/graphql'), 'the page does not say it could not reach the API: ' + status);
    assert(status.includes(unlisted), 'the page does not name its origin: ' + status);
    assert(messages.some((m) => /CORS|Access-Control-Allow-Origin/.test(m)), 'the browser reported no CORS block: ' + messages.join('\n'));
    const g = await graphOf(page);
    assert(g.nodes.length === 0, 'the graph has nodes');
  });

  await browser.close();
  return results;
}

main().then((r) => {
  console.log(r.passed + ' passed, ' + r.failed + ' failed');
  process.exitCode = r.failed ? 1 : 0;
}, (err) => {
  console.error(err.stack || err);
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
}).finally(async () => {
  await Promise.all(children.filter((c) => c.exitCode === null).map((c) => new Promise((resolve) => {
    c.on('exit', resolve);
    c.kill('SIGTERM');
  })));
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});
