// The reviewer console (issue 13) in a real browser: Debian's Chromium, driven by
// playwright-core (which downloads no browser), against a server seeded with `--demo`, with
// every request to anything but this machine blocked. What a reviewer does: sign in with a
// token, filter the queue, see a case created elsewhere appear live, open a case and see
// its ownership graph drawn (the canvas' container carries the node count), approve it and
// see the status change and the new audit event, and a CONFLICT when the case changed in
// between (through fetch, as another person would), reloaded and decided again; AML hits
// reviewed in one batch and their check approved. Each page
// is also checked for horizontal overflow at 1280 and 1920 px. Any page error, console
// error, Content-Security-Policy violation or request leaving the machine fails the check.
//
// Usage: node console-browser-check.mjs <base url> <token of workspace demo> [screenshot dir]
// (the screenshots docs/console-queue.png and docs/console-case.png come from this script).
// Env: CASEGRAPH_NODE_MODULES (playwright-core's install), CHROMIUM (default /usr/bin/chromium).
import path from 'node:path';
import { launch } from './local-chromium.mjs';

const [base, token, shots] = process.argv.slice(2);
if (!base || !token) {
  console.error('usage: node console-browser-check.mjs <base url> <token> [screenshot dir]');
  process.exit(2);
}
const started = Date.now();
const problems = [];
let outside = [];
const done = [];
const step = (text) => {
  done.push(text);
  console.log(`  ok: ${text}`);
};

let browser;
let version = 'chromium';
let result = 'console browser check: FAILED';
try {
  browser = await launch({ width: 1440, height: 900 });
  ({ outside, version } = browser);
  const page = await browser.context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // The CONFLICT step makes the API answer an error on purpose; the browser logs nothing
  // for a GraphQL error (HTTP 200), so any console error is a problem.
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  const api = (query, variables) =>
    page.evaluate(
      async ([query, variables, token]) => {
        const res = await fetch('/graphql', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify({ query, variables }),
        });
        return res.json();
      },
      [query, variables, token],
    );
  const overflow = async (where) => {
    for (const width of [1280, 1920]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(150);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (wide > 0) problems.push(`${where} at ${width} px: ${wide} px wider than the window`);
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  };
  const total = async () =>
    Number((await page.getByTestId('total-count').textContent()).replace(/\D/g, ''));

  // --- sign in ---
  const response = await page.goto(`${base}/console`, { waitUntil: 'load' });
  const csp = response.headers()['content-security-policy'] || '';
  if (!csp.includes("script-src 'self'")) problems.push(`page CSP: ${csp || 'none'}`);
  await page.getByLabel('Access token').fill(token);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter'); // the Sign in button, reached with the keyboard
  await page.getByTestId('viewer').waitFor();
  await page.waitForSelector('table.cases tbody tr[data-case-id]');
  const stored = await page.evaluate(() => [sessionStorage.length, localStorage.length]);
  if (stored[0] !== 1 || stored[1] !== 0) problems.push(`token storage: session ${stored[0]}, local ${stored[1]}`);
  const all = await total();
  step(`signed in; the queue shows ${all} cases`);

  // --- live: a case created elsewhere appears without a reload ---
  await page.waitForSelector('[data-testid="live"][data-live="true"]');
  const name = `Console live check ${Date.now()}`;
  const created = await api(
    'mutation($input: CreateCaseInput!) { createCase(input: $input) { id } }',
    { input: { name, type: 'KYB' } },
  );
  if (created.errors) throw new Error(`createCase: ${JSON.stringify(created.errors)}`);
  await page.getByRole('link', { name }).waitFor();
  await page.waitForFunction((n) => {
    const t = document.querySelector('[data-testid="total-count"]')?.textContent ?? '';
    return Number(t.replace(/\D/g, '')) === n;
  }, all + 1);
  step('a case created through the API appeared in the queue live');

  // --- filter ---
  await page.getByLabel('Status', { exact: true }).selectOption('OPEN');
  await page.getByLabel('Type', { exact: true }).selectOption('KYB');
  await page.getByLabel('Sort', { exact: true }).selectOption('due_asc');
  await page.waitForFunction(() => location.search.includes('status=OPEN') && location.search.includes('type=KYB'));
  await page.waitForFunction(
    () => {
      const rows = [...document.querySelectorAll('table.cases tbody tr[data-case-id]')];
      return rows.length > 0 && rows.every((r) => r.textContent.includes('Open') && r.textContent.includes('KYB'));
    },
  );
  const open = await total();
  if (!(open > 1 && open < all)) problems.push(`status OPEN + type KYB: ${open} of ${all} cases`);
  step(`filtered on status OPEN and type KYB, due soonest first: ${open} cases`);
  await overflow('the queue');
  if (shots) await page.screenshot({ path: path.join(shots, 'console-queue.png') });

  // --- open a case: the graph is drawn ---
  const first = page.locator('table.cases tbody tr[data-case-id] a').first();
  const caseName = await first.textContent();
  await first.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: caseName }).waitFor();
  const graph = page.getByTestId('ownership-graph');
  await graph.locator('canvas').first().waitFor();
  const nodes = Number(await graph.getAttribute('data-node-count'));
  const edges = Number(await graph.getAttribute('data-edge-count'));
  if (!(nodes > 1)) problems.push(`ownership graph of ${caseName}: ${nodes} nodes`);
  const drawn = await graph.evaluate((el) =>
    [...el.querySelectorAll('canvas')].some((c) => c.width > 0 && c.height > 0),
  );
  if (!drawn) problems.push('the ownership graph has no drawn canvas');
  const verified = await page.getByTestId('audit-verification').getAttribute('data-valid');
  if (verified !== 'true') problems.push(`verifyAuditTrail of ${caseName}: ${verified}`);
  step(`opened "${caseName}": ownership graph with ${nodes} nodes and ${edges} edges, audit trail verified`);
  await overflow('the case page');

  // --- approve: the status changes and the audit trail grows ---
  const trail = page.getByTestId('audit-trail');
  const before = Number(await trail.getAttribute('data-count'));
  await page.getByLabel('Approve', { exact: true }).check();
  await page.getByLabel('1 year', { exact: true }).check();
  await page.getByLabel('Comment (kept in the audit trail)').fill('Documents complete, owners screened.');
  await page.getByTestId('decide').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="case-status"]')?.textContent === 'Approved');
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="audit-trail"]')?.dataset.count) > n,
    before,
  );
  const after = Number(await trail.getAttribute('data-count'));
  const newest = await trail.locator('li').first().textContent();
  const reviews = await page.getByTestId('reviews').textContent();
  if (!reviews.includes('Documents complete')) problems.push('the new review is not listed');
  step(`approved: status Approved, audit trail ${before} → ${after} events (newest: ${newest.slice(0, 40)})`);
  if (shots) await page.screenshot({ path: path.join(shots, 'console-case.png') });

  // --- CONFLICT: someone else changes the case in between ---
  await page.getByRole('link', { name: '← Work queue' }).click();
  await page.waitForFunction(() => location.search.includes('status=OPEN'));
  const second = page.locator('table.cases tbody tr[data-case-id]').filter({ hasNotText: caseName }).first();
  const secondId = await second.getAttribute('data-case-id');
  await second.locator('a').click();
  await page.getByTestId('ownership-graph').waitFor();
  const tagged = await api(
    'mutation($id: ID!) { setCaseTags(caseId: $id, tags: ["changed-elsewhere"]) { version } }',
    { id: secondId },
  );
  if (tagged.errors) throw new Error(`setCaseTags: ${JSON.stringify(tagged.errors)}`);
  await page.getByLabel('Reject', { exact: true }).check();
  await page.getByTestId('decide').click();
  const conflict = page.locator('.decision [role="alert"][data-code="CONFLICT"]');
  await conflict.waitFor();
  const status = await page.getByTestId('case-status').textContent();
  if (status !== 'Open') problems.push(`after the CONFLICT the case shows ${status}`);
  await conflict.getByRole('button', { name: 'Reload the case' }).click();
  await page.waitForFunction(
    (v) => Number(document.querySelector('article.case')?.dataset.version) === v,
    tagged.data.setCaseTags.version,
  );
  await conflict.waitFor({ state: 'detached' });
  await page.getByLabel('Reject', { exact: true }).check();
  await page.getByTestId('decide').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="case-status"]')?.textContent === 'Rejected');
  step('a change in between: CONFLICT shown with its code, reloaded, then rejected');

  // --- AML hits reviewed in a batch, then their check approved ---
  await page.getByRole('link', { name: '← Work queue' }).click();
  await page.getByLabel('Type', { exact: true }).selectOption('');
  await page.getByLabel('Flag', { exact: true }).selectOption('FOR_REVIEW');
  await page.waitForFunction(() => location.search.includes('flag=FOR_REVIEW') && !location.search.includes('type='));
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('table.cases tbody tr[data-case-id]')];
    return rows.length > 0 && rows.every((r) => r.textContent.includes('For review'));
  });
  await page.waitForTimeout(500); // the last answer in
  let hits = 0;
  let reviewed = null;
  const candidates = await page.locator('table.cases tbody tr[data-case-id]').evaluateAll((rows) =>
    rows.map((r) => r.dataset.caseId),
  );
  for (const id of candidates) {
    await page.goto(`${base}/console/cases/${id}`);
    await page.getByTestId('ownership-graph').waitFor();
    const check = page.locator('section.check', { has: page.locator('table.hits') }).filter({
      has: page.locator('.badge', { hasText: 'Need review' }),
    });
    if ((await check.count()) === 0) continue;
    reviewed = check.first();
    hits = await reviewed.locator('table.hits tbody tr').count();
    break;
  }
  if (!reviewed) throw new Error('no case flagged for review has a check with AML hits to review');
  const checkId = await reviewed.getAttribute('aria-labelledby');
  const section = page.locator(`section.check[aria-labelledby="${checkId}"]`);
  await section.getByLabel('Select every hit').check();
  await section.getByLabel('Mark the selected hits as').selectOption('FALSE_POSITIVE');
  await section.getByRole('button', { name: `Review ${hits} hit${hits === 1 ? '' : 's'}` }).click();
  await page.waitForFunction(
    (id) => {
      const rows = [...document.querySelectorAll(`section.check[aria-labelledby="${id}"] table.hits tbody tr`)];
      return rows.length > 0 && rows.every((r) => r.lastElementChild.textContent === 'False positive');
    },
    checkId,
  );
  await section.getByRole('button', { name: 'Approve check' }).click();
  await section.locator('.badge', { hasText: 'Approved' }).waitFor();
  step(`${hits} AML hits reviewed in one batch as false positives, then their check approved`);

  await page.getByRole('button', { name: 'PDF report' }).click();
  const reportLink = page.getByTestId('report-link').getByRole('link');
  await reportLink.waitFor();
  const reportUrl = await reportLink.getAttribute('href');
  const report = await page.evaluate(async (url) => {
    const res = await fetch(url);
    const bytes = new Uint8Array(await res.arrayBuffer());
    return { status: res.status, type: res.headers.get('content-type'), magic: String.fromCharCode(...bytes.slice(0, 5)), size: bytes.length };
  }, reportUrl);
  if (report.status !== 200 || report.magic !== '%PDF-') {
    throw new Error(`the case report link answered ${report.status} ${report.type} starting ${JSON.stringify(report.magic)}`);
  }
  step(`case report made from the case page: a signed link to a ${report.size}-byte PDF`);

  const violations = await page.evaluate(() => window.__cspViolations);
  for (const v of violations) problems.push(`CSP violation: ${v}`);
  for (const url of outside) problems.push(`request outside this machine: ${url}`);
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  result =
    `console browser check: ${problems.length === 0 ? 'ok' : 'FAILED'} — ${done.length} steps ` +
    `(sign in, live queue, filters, graph of ${nodes} nodes, approve, CONFLICT, AML hits, report), ` +
    `${violations.length} CSP violations, ${outside.length} requests outside localhost ` +
    `(Chromium ${version}, ${secs} s)`;
} catch (e) {
  problems.push(`error: ${(e?.message || String(e)).split('\n')[0]}`);
  for (const url of outside) problems.push(`request outside this machine: ${url}`);
  result += ` — stopped after ${done.length} steps (Chromium ${version})`;
} finally {
  await browser?.close();
}
for (const p of problems) console.log(`  ${p}`);
console.log(result);
process.exit(problems.length === 0 ? 0 : 1);
