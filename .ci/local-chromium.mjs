// Debian's Chromium for the browser checks, driven by playwright-core (which downloads no
// browser): a fresh profile, headless, and every request to anything but this machine
// blocked (and listed in `outside`, which fails a check).
//
// Env: CASEGRAPH_NODE_MODULES (playwright-core's install), CHROMIUM (default /usr/bin/chromium).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const local = (url) => {
  const { protocol, hostname } = new URL(url);
  if (['data:', 'blob:', 'about:'].includes(protocol)) return true;
  return ['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
};

/** Starts Chromium; `close()` ends it and removes its profile. */
export async function launch({ width = 1400, height = 900 } = {}) {
  const require = createRequire(path.join(process.env.CASEGRAPH_NODE_MODULES, 'noop.js'));
  const { chromium } = require('playwright-core');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'casegraph-chromium-'));
  const outside = [];
  // A persistent context on a fresh profile folder: playwright passes it as --user-data-dir.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Belt and braces with the route below: no name but localhost resolves.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
    ],
    viewport: { width, height },
  });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (local(url)) return route.continue();
    outside.push(url);
    return route.abort('blockedbyclient');
  });
  return {
    context,
    outside,
    version: context.browser()?.version() ?? 'chromium',
    close: async () => {
      await context.close().catch(() => {});
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
