// GraphiQL in a real browser: Debian's Chromium, driven by playwright-core (which downloads
// no browser), opens CaseGraph's GraphiQL with every request to anything but this machine
// blocked, and checks what a person would see: the page renders, opens with the example
// query and the Authorization template, the docs explorer lists `Case` once a token is in
// the Headers tab, and the example query runs. Any Content-Security-Policy violation, page
// error or request that leaves the machine fails the check.
//
// Usage: node graphiql-browser-check.mjs <base url> <bearer token> [screenshot.png]
// Env: CASEGRAPH_NODE_MODULES (playwright-core's install), CHROMIUM (default /usr/bin/chromium).
import { launch } from './local-chromium.mjs';

const [base, token, screenshot] = process.argv.slice(2);
if (!base || !token) {
  console.error('usage: node graphiql-browser-check.mjs <base url> <token> [screenshot.png]');
  process.exit(2);
}
const started = Date.now();
const problems = [];
let outside = [];
let browser;
let version = 'chromium';
let result = 'graphiql browser check: FAILED';
try {
  browser = await launch();
  ({ outside, version } = browser);
  const page = await browser.context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // Before a token is in the Headers tab, GraphiQL's introspection gets 401: expected.
  let tokenSet = false;
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (!tokenSet && m.text().includes('status of 401')) return;
    problems.push(`console error: ${m.text()}`);
  });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });

  const response = await page.goto(`${base}/graphql`, { waitUntil: 'load' });
  const csp = response.headers()['content-security-policy'] || '';
  if (!csp.includes("script-src 'self'")) problems.push(`page CSP: ${csp || 'none'}`);
  await page.waitForSelector('.graphiql-container', { timeout: 30_000 });

  // CodeMirror 5 keeps its editor on the element; read the editors as a person sees them.
  const editors = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('.CodeMirror')].map((el) => el.CodeMirror.getValue()),
    );
  const opened = await editors();
  if (!opened.some((v) => v.includes('query CasesWithTheirGraph'))) {
    problems.push('the query editor does not open with the example query');
  }
  if (!opened.some((v) => v.includes('"Authorization": "Bearer <token>"'))) {
    problems.push('the Headers tab does not open with the Authorization template');
  }

  // Paste the token over the template, as a person would, and re-fetch the schema.
  await page.evaluate((t) => {
    const el = [...document.querySelectorAll('.CodeMirror')].find((e) =>
      e.CodeMirror.getValue().includes('Authorization'),
    );
    el.CodeMirror.setValue(JSON.stringify({ Authorization: `Bearer ${t}` }, null, 2));
  }, token);
  tokenSet = true;
  await page.click('[aria-label="Re-fetch GraphQL schema"]');
  await page.click('[aria-label="Show Documentation Explorer"]');
  await page.waitForSelector('.graphiql-doc-explorer', { timeout: 30_000 });
  const types = await page
    .waitForFunction(
      () => {
        const names = [...document.querySelectorAll('.graphiql-doc-explorer a')].map((a) =>
          a.textContent.trim(),
        );
        return names.includes('Case') && names;
      },
      null,
      { timeout: 30_000 },
    )
    .then((h) => h.jsonValue())
    .catch(() => null);
  if (!types) problems.push('the docs explorer does not list Case');

  // Run the example query.
  await page.click('.graphiql-execute-button');
  const answer = await page
    .waitForFunction(
      () => {
        const el = document.querySelector('.graphiql-response .CodeMirror');
        const text = el && el.CodeMirror.getValue();
        return text && text.includes('"cases"') && text;
      },
      null,
      { timeout: 30_000 },
    )
    .then((h) => h.jsonValue())
    .catch(() => null);
  let cases = '?';
  if (!answer) {
    problems.push('the example query did not answer');
  } else {
    const body = JSON.parse(answer);
    if (body.errors) problems.push(`the example query failed: ${JSON.stringify(body.errors)}`);
    cases = body.data?.cases?.totalCount ?? '?';
  }
  // A dialog (its scroll lock inserts a <style>: the CSP must allow it).
  await page.click('[aria-label="Open settings dialog"]');
  await page.waitForSelector('[role="dialog"]', { timeout: 10_000 });
  await page.keyboard.press('Escape');
  // The screenshot shows the Variables tab rather than the token.
  await page.getByRole('button', { name: 'Variables' }).click().catch(() => {});
  if (screenshot) await page.screenshot({ path: screenshot });

  const violations = await page.evaluate(() => window.__cspViolations);
  for (const v of violations) problems.push(`CSP violation: ${v}`);
  for (const url of outside) problems.push(`request outside this machine: ${url}`);
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  result =
    `graphiql browser check: ${problems.length === 0 ? 'ok' : 'FAILED'} — ` +
    `docs explorer ${types ? `lists Case among ${types.length} links` : 'without Case'}, ` +
    `example query ${answer ? `answered (totalCount ${cases})` : 'not answered'}, ` +
    `${violations.length} CSP violations, ${outside.length} requests outside localhost ` +
    `(Chromium ${version}, ${secs} s)`;
} catch (e) {
  problems.push(`error: ${(e?.message || String(e)).split('\n')[0]}`);
  for (const url of outside) problems.push(`request outside this machine: ${url}`);
  result += ` — stopped early (Chromium ${version})`;
} finally {
  await browser?.close();
}
for (const p of problems) console.log(`  ${p}`);
console.log(result);
process.exit(problems.length === 0 ? 0 : 1);
