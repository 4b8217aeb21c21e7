#!/usr/bin/env node
// Browser checks of a web edition (a folder of static HTML), for folio's Rust tests
// (tests/src/browser.rs runs this and judges what it reports).
//
//   node tests/browser/check.mjs SITE_DIR SHOTS_DIR [--search WORD] [--pages a.html,b.html]
//
// Serves SITE_DIR on 127.0.0.1 and opens every page in Debian's Chromium (headless,
// through playwright-core): console errors, page errors, failed requests, axe-core
// violations, screenshots at 412x915 and 1280x800, the text in reading order, the note
// popovers (open, focus, Escape, back-link), the notes without JavaScript and from a
// file:// URL, the search box; then the Nu HTML Checker on every page. Prints one JSON
// object on stdout (diagnostics on stderr) and exits 0 whenever the checks ran, whatever
// they found; exits 3, with one line saying what to install, when they could not run;
// 2 on a wrong command line.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const INSTALL_NPM = 'run: npm ci --prefix tests/browser';
const CHROMIUM = process.env.FOLIO_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const WIDE = { width: 1280, height: 800 };
const NARROW = { width: 412, height: 915 };
const POPOVER_WAIT = 2000;
const SEARCH_WAIT = 3000;
const SHOT_MAX_HEIGHT = 16000;
// a page whose checks take longer than this is reported broken (`harnessError`)
const PAGE_TIMEOUT = 30000;
// pages checked at once (the machines have 2 cores)
const WORKERS = Number(process.env.FOLIO_CHECK_WORKERS) || 2;

const log = (...words) => console.error('check.mjs:', ...words);

/** Stops the run: the harness itself cannot work (exit 3), with what to do about it. */
class CannotRun extends Error {}

function usage(message) {
  console.error(`check.mjs: ${message}`);
  console.error('usage: node check.mjs SITE_DIR SHOTS_DIR [--search WORD] [--pages a.html,b.html]');
  process.exit(2);
}

function parseArgs(argv) {
  const positional = [];
  let search = null;
  let pages = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--search' || arg === '--pages') {
      const value = argv[++i];
      if (value === undefined) usage(`${arg} needs a value`);
      if (arg === '--search') search = value;
      else pages = value.split(',').map((p) => p.trim()).filter(Boolean);
    } else if (arg.startsWith('--')) {
      usage(`unknown option ${arg}`);
    } else {
      positional.push(arg);
    }
  }
  if (positional.length !== 2) usage('needs SITE_DIR and SHOTS_DIR');
  const site = path.resolve(positional[0]);
  if (!fs.existsSync(site) || !fs.statSync(site).isDirectory()) usage(`no folder ${site}`);
  return { site, shots: path.resolve(positional[1]), search, pages };
}

/** Every .html file under `dir`, as paths relative to it with '/', sorted. */
function htmlFiles(dir) {
  const found = [];
  const walk = (sub) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else if (entry.isFile() && entry.name.endsWith('.html')) found.push(rel);
    }
  };
  walk('');
  return found.sort();
}

// ---------------------------------------------------------------- the server

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
};

/** Serves `root` on 127.0.0.1 at a free port; resolves to { server, origin }. */
function serve(root) {
  const server = http.createServer((req, res) => {
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = path.join(root, path.normalize(rel));
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    fs.readFile(file, (err, body) => {
      if (err) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const type = TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve({ server, origin: `http://127.0.0.1:${server.address().port}` });
    });
  });
}

// ---------------------------------------------------------------- a page's troubles

/**
 * One page kept open for the whole run, whose console errors and warnings, page errors
 * and failed requests are gathered until `take()` hands them over.
 */
class Tab {
  constructor(page) {
    this.page = page;
    this.seen = Tab.fresh();
    page.on('console', (msg) => {
      const type = msg.type();
      if (type !== 'error' && type !== 'warning') return;
      const where = msg.location();
      this.seen.consoleErrors.push({
        type,
        text: msg.text(),
        url: where && where.url ? where.url : null,
        line: where && typeof where.lineNumber === 'number' ? where.lineNumber + 1 : null,
      });
    });
    page.on('pageerror', (err) => {
      this.seen.pageErrors.push({
        message: String(err && err.message ? err.message : err),
        stack: err && err.stack ? String(err.stack).split('\n').slice(0, 4).join('\n') : null,
      });
    });
    page.on('requestfailed', (req) => {
      const failure = req.failure();
      // a navigation that the next one replaced is no failure of the site
      if (failure && failure.errorText === 'net::ERR_ABORTED' && req.isNavigationRequest()) return;
      this.seen.failedRequests.push({ url: req.url(), status: null, error: failure ? failure.errorText : 'failed' });
    });
    page.on('response', (res) => {
      if (res.status() >= 400) this.seen.failedRequests.push({ url: res.url(), status: res.status(), error: null });
    });
  }

  static fresh() {
    return { consoleErrors: [], pageErrors: [], failedRequests: [] };
  }

  /** The page, forgetting what was seen on it so far. */
  async use() {
    this.seen = Tab.fresh();
    return this.page;
  }

  /** What was seen since the last call. */
  take() {
    const seen = this.seen;
    this.seen = Tab.fresh();
    return seen;
  }

  static async open(context) {
    return new Tab(await context.newPage());
  }
}

/**
 * How long to wait for what a working site does at once (a popover opening, the
 * reference shown again, a link becoming clickable): `full`, but 300 ms for a kind of
 * wait that already ran out twice, so that a site broken on every page is still checked
 * in reasonable time. The kinds shortened are reported (`waitsShortened`).
 */
const timedOut = new Map();
function patience(kind, full) {
  return (timedOut.get(kind) || 0) >= 2 ? 300 : full;
}
function ranOut(kind) {
  timedOut.set(kind, (timedOut.get(kind) || 0) + 1);
}

// ---------------------------------------------------------------- axe

let axeSource = null;

/** axe-core's violations on `page` (optionally only inside the element `selector`). */
async function axeViolations(page, axePath, selector = null) {
  const present = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!present) {
    try {
      await page.addScriptTag({ path: axePath });
    } catch {
      // a Content-Security-Policy refusing inline scripts: evaluate the source instead
      // (DevTools evaluation is not bound by the page's policy)
      axeSource ??= fs.readFileSync(axePath, 'utf8');
      await page.evaluate(axeSource);
    }
  }
  return page.evaluate(async (sel) => {
    const context = sel ? document.querySelector(sel) : document;
    if (!context) return [];
    const result = await window.axe.run(context, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      tags: v.tags,
      nodes: v.nodes.map((n) => ({
        target: n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : String(t))),
        html: String(n.html).slice(0, 300),
        failureSummary: n.failureSummary || null,
      })),
    }));
  }, selector);
}

// ---------------------------------------------------------------- note popovers

/** Facts about the note reference number `index` on the page as it is now. */
function refFacts(page, index) {
  return page.evaluate((i) => {
    const refs = document.querySelectorAll('a[role="doc-noteref"]');
    const ref = refs[i];
    if (!ref) return null;
    const href = ref.getAttribute('href') || '';
    let note = null;
    if (href.startsWith('#')) {
      try {
        note = document.getElementById(decodeURIComponent(href.slice(1)));
      } catch {
        note = null;
      }
    }
    let noteText = null;
    if (note) {
      const copy = note.cloneNode(true);
      for (const back of copy.querySelectorAll('a[role="doc-backlink"]')) back.remove();
      noteText = copy.textContent.replace(/[↩↑⤴︎]/gu, '').replace(/\s+/g, ' ').trim();
    }
    return {
      index: i,
      refId: ref.id || null,
      href,
      refText: ref.textContent.trim(),
      noteFound: !!note,
      noteInEndnotes: !!(note && note.closest('[role="doc-endnotes"]')),
      noteText,
    };
  }, index);
}

/** Waits up to `ms` for `fn` to be true in the page; whether it became so. */
async function until(page, fn, arg, ms) {
  try {
    await page.waitForFunction(fn, arg, { timeout: ms, polling: 20 });
    return true;
  } catch (e) {
    if (e && e.name === 'TimeoutError') return false;
    throw e;
  }
}

/** Waits (up to 1 s) for running animations and transitions to end, such as a popover's. */
async function settle(page) {
  await until(page, () => document.getAnimations().every((a) => a.playState !== 'running'), null, 1000);
}

/** `until` with the patience of `kind` (see `patience`). */
async function untilPatient(kind, page, fn, arg, full) {
  const ok = await until(page, fn, arg, patience(kind, full));
  if (!ok) ranOut(kind);
  return ok;
}

/** The open popover, the focused element and the reference, as seen now. */
function popoverState(page, refIndex, noteText) {
  return page.evaluate(({ i, noteText }) => {
    const norm = (s) => (s || '').replace(/[↩↑⤴︎]/gu, '').replace(/\s+/g, ' ').trim();
    const ref = document.querySelectorAll('a[role="doc-noteref"]')[i];
    const open = document.querySelector(':popover-open');
    const active = document.activeElement;
    const state = {
      popoverOpen: !!open,
      popoverId: open ? open.id || null : null,
      popoverRect: null,
      popoverVisible: false,
      popoverInViewport: false,
      popoverText: null,
      popoverHasNoteText: false,
      active: active && active !== document.body
        ? { tag: active.tagName.toLowerCase(), id: active.id || null, role: active.getAttribute('role') }
        : null,
      focusInPopover: !!(open && active && open.contains(active)),
      focusOnRef: !!(ref && active === ref),
    };
    if (open) {
      const r = open.getBoundingClientRect();
      const style = getComputedStyle(open);
      state.popoverRect = { x: r.x, y: r.y, width: r.width, height: r.height };
      state.popoverVisible = r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && Number(style.opacity) > 0
        && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
      state.popoverInViewport = state.popoverVisible && r.left >= -1 && r.top >= -1
        && r.right <= innerWidth + 1 && r.bottom <= innerHeight + 1;
      state.popoverText = norm(open.innerText);
      const want = norm(noteText).slice(0, 40);
      state.popoverHasNoteText = want.length > 0 && state.popoverText.includes(want);
    }
    return state;
  }, { i: refIndex, noteText });
}

/** Whether the reference is inside the viewport now, and whether it has the focus. */
function refState(page, refIndex) {
  return page.evaluate((i) => {
    const ref = document.querySelectorAll('a[role="doc-noteref"]')[i];
    if (!ref) return { refInViewport: false, refFocused: false, hash: location.hash };
    const r = ref.getBoundingClientRect();
    return {
      refInViewport: r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth,
      refFocused: document.activeElement === ref,
      hash: location.hash,
    };
  }, refIndex);
}

/** An error's message, without colours, on one line. */
function clean(e) {
  return String(e && e.message ? e.message : e)
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 3)
    .join(' ');
}

/**
 * Clicks `locator` as a reader would (scrolled to, visible, not covered); null when done,
 * else why it could not be clicked within 3 s (see `patience`).
 */
async function click(locator) {
  try {
    await locator.click({ timeout: patience('click', 3000) });
    return null;
  } catch (e) {
    if (e && e.name === 'TimeoutError') {
      ranOut('click');
      return clean(e);
    }
    throw e;
  }
}

/** Closes whatever popover a test left open, so that the next test starts clean. */
async function closePopovers(page) {
  await page.evaluate(() => {
    for (const open of document.querySelectorAll(':popover-open')) open.hidePopover();
    if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
  });
}

/**
 * The note test on the page loaded in `page`: click the reference number `refIndex`,
 * look at the popover, press Escape, open it again and follow its back-link (not when
 * `opts.short`: then `backlinkTried` is false).
 */
async function noteTest(page, refIndex, viewport, opts = {}) {
  await page.setViewportSize(viewport);
  await closePopovers(page);
  const facts = await refFacts(page, refIndex);
  const test = { viewport: `${viewport.width}x${viewport.height}`, ...facts, clickError: null };
  const ref = page.locator('a[role="doc-noteref"]').nth(refIndex);
  const pathBefore = new URL(page.url()).pathname;
  const isOpen = () => !!document.querySelector(':popover-open');

  test.clickError = await click(ref);
  if (test.clickError) return test;
  const opened = await untilPatient('popover', page, isOpen, null, POPOVER_WAIT);
  if (opened) {
    await settle(page);
    // the focus may move a moment after the popover opens
    const focusIn = () => {
      const open = document.querySelector(':popover-open');
      return !!(open && open.contains(document.activeElement));
    };
    await untilPatient('focus', page, focusIn, null, 500);
  }
  test.samePage = new URL(page.url()).pathname === pathBefore;
  test.urlAfterClick = page.url();
  Object.assign(test, await popoverState(page, refIndex, facts.noteText));
  if (opts.axe && test.popoverOpen) {
    test.popoverAxeViolations = await axeViolations(page, opts.axePath, ':popover-open');
  }

  // Escape closes it and gives the focus back to the reference
  test.closedOnEscape = null;
  test.focusReturned = null;
  if (test.popoverOpen) {
    await page.keyboard.press('Escape');
    test.closedOnEscape = await untilPatient('escape', page, () => !document.querySelector(':popover-open'), null, 1000);
    const onRef = (i) => document.activeElement === document.querySelectorAll('a[role="doc-noteref"]')[i];
    test.focusReturned = await untilPatient('focus back', page, onRef, refIndex, 500);
  }

  // the back-link inside the popover brings the reader back to the reference
  test.backlinkFound = false;
  test.backlinkClickError = null;
  test.backlinkReturns = null;
  test.popoverClosedAfterBacklink = null;
  test.backlinkTried = false;
  test.reopened = null;
  if (opened && test.samePage && !opts.short) {
    test.backlinkTried = true;
    await closePopovers(page);
      const clickError = await click(ref);
    const again = !clickError && (await untilPatient('popover', page, isOpen, null, POPOVER_WAIT));
    test.reopened = again;
    const back = page.locator(':popover-open a[role="doc-backlink"]').first();
    if (again && (await back.count()) > 0) {
      test.backlinkFound = true;
      // the reader scrolls on while the note is open: the back-link must bring the
      // reference back into view, not merely focus it
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      test.backlinkClickError = await click(back);
      test.backlinkReturns = !test.backlinkClickError && await untilPatient('backlink', page, ({ i, id }) => {
        const r = document.querySelectorAll('a[role="doc-noteref"]')[i];
        if (!r) return false;
        const b = r.getBoundingClientRect();
        const seen = b.bottom > 0 && b.top < innerHeight && b.right > 0 && b.left < innerWidth;
        return seen && (document.activeElement === r || (!!id && location.hash === `#${id}`));
      }, { i: refIndex, id: facts.refId }, POPOVER_WAIT);
      if (!test.backlinkClickError) test.popoverClosedAfterBacklink = !(await page.evaluate(isOpen));
      test.afterBacklink = await refState(page, refIndex);
    }
  }
  await closePopovers(page);
  return test;
}

/**
 * Without JavaScript (`tab` in such a context): following the first reference shows its
 * note. `text` is the page's text then, for comparing with the page's with JavaScript.
 */
async function noScriptTest(tab, url) {
  const page = await tab.use();
  await page.goto(url, { waitUntil: 'load' });
  const refIndex = (await page.locator('a[role="doc-noteref"]').count()) > 0 ? 0 : null;
  const result = {
    url,
    textSameAsScripted: null,
    ref: null,
    clickError: null,
    hashIsHref: null,
    noteInViewport: null,
    hash: null,
  };
  result.text = await page.evaluate(() => (document.body ? document.body.innerText : ''));
  if (refIndex !== null) {
    const facts = await refFacts(page, refIndex);
    result.ref = facts;
    const ref = page.locator('a[role="doc-noteref"]').nth(refIndex);
      result.clickError = await click(ref);
    await until(page, (href) => location.hash === href, facts.href, 1000);
    const after = await page.evaluate((href) => {
      let note = null;
      try {
        note = href.startsWith('#') ? document.getElementById(decodeURIComponent(href.slice(1))) : null;
      } catch {
        note = null;
      }
      const r = note ? note.getBoundingClientRect() : null;
      return { hash: location.hash, noteInViewport: !!(r && r.height > 0 && r.bottom > 0 && r.top < innerHeight) };
    }, facts.href);
    result.hashIsHref = after.hash === facts.href;
    result.noteInViewport = after.noteInViewport;
    result.hash = after.hash;
  }
  return Object.assign(result, tab.take());
}

// ---------------------------------------------------------------- search

/**
 * The search box of the page at `url`: types `word` into its `input[type="search"]` and
 * reads the links that appear in the results list: the element `#search-results`, else
 * the one the input's `aria-controls` names, else `.search-results`, else the first list
 * in the input's form (`resultsSelector` says which).
 */
async function searchTest(tab, url, word) {
  const page = await tab.use();
  await page.setViewportSize(WIDE);
  await page.goto(url, { waitUntil: 'load' });
  const result = {
    url,
    inputFound: false,
    resultsFound: false,
    resultsSelector: null,
    typedKeyByKey: false,
    results: [],
  };
  const input = page.locator('input[type="search"]').first();
  if ((await input.count()) === 0) return Object.assign(result, tab.take());
  result.inputFound = true;
  const list = await page.evaluateHandle(() => {
    const input = document.querySelector('input[type="search"]');
    const controls = input.getAttribute('aria-controls');
    const pick = [
      ['#search-results', document.getElementById('search-results')],
      ['aria-controls', controls ? document.getElementById(controls) : null],
      ['.search-results', document.querySelector('.search-results')],
      ['form list', input.form ? input.form.querySelector('ul, ol') : null],
    ].find(([, el]) => el);
    return pick ? { how: pick[0], el: pick[1] } : null;
  });
  const how = await list.evaluate((l) => (l ? l.how : null));
  if (!how) return Object.assign(result, tab.take());
  result.resultsFound = true;
  result.resultsSelector = how;
  const el = await list.evaluateHandle((l) => l.el);
  const hasLinks = (e) => !!e.querySelector('a[href]');
  await input.fill(word);
  await input.dispatchEvent('input');
  let found = await until(page, hasLinks, el, SEARCH_WAIT / 2);
  if (!found) {
    // a script listening to keys rather than to input events
    result.typedKeyByKey = true;
    await input.fill('');
    await input.pressSequentially(word, { delay: 20 });
    found = await until(page, hasLinks, el, SEARCH_WAIT / 2);
  }
  result.results = await el.evaluate((e) =>
    [...e.querySelectorAll('a[href]')].map((a) => ({
      href: a.getAttribute('href'),
      text: a.innerText.replace(/\s+/g, ' ').trim(),
    })),
  );
  return Object.assign(result, tab.take());
}

// ---------------------------------------------------------------- the Nu HTML Checker

/**
 * Starts the Nu HTML Checker on `files` (paths inside `site`); `{ child, done }`, `done`
 * resolving to its messages.
 */
function vnu(site, files) {
  const jar = path.join(HERE, 'node_modules/vnu-jar/build/dist/vnu.jar');
  if (!fs.existsSync(jar)) throw new CannotRun(`no ${jar}; ${INSTALL_NPM}`);
  const abs = files.map((f) => path.join(site, f));
  let child;
  const done = new Promise((resolve, reject) => {
    child = spawn('java', ['-Xss4m', '-jar', jar, '--format', 'json', '--stdout', '--exit-zero-always', ...abs], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', (e) =>
      reject(new CannotRun(`cannot run java (${e.code || e.message}): apt-get install default-jre-headless`)),
    );
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new CannotRun(`the Nu HTML Checker failed (exit ${code}): ${err.trim().split('\n').slice(-3).join(' ')}`));
        return;
      }
      let parsed;
      try {
        parsed = JSON.parse(out);
      } catch {
        reject(new CannotRun(`the Nu HTML Checker printed no JSON: ${out.slice(0, 200)} ${err.slice(0, 200)}`));
        return;
      }
      resolve(
        (parsed.messages || []).map((m) => {
          let file = null;
          if (m.url && m.url.startsWith('file:')) {
            file = path.relative(site, fileURLToPath(m.url)).split(path.sep).join('/');
          }
          return {
            type: m.type,
            subType: m.subType || null,
            message: m.message,
            url: m.url || null,
            file,
            lastLine: m.lastLine ?? null,
            lastColumn: m.lastColumn ?? null,
            extract: m.extract ?? null,
          };
        }),
      );
    });
  });
  return { child, done };
}

// ---------------------------------------------------------------- one page

/**
 * Every check of one page; `tabs` are the pages kept open for the run, each in a context
 * of its own: the three of them work at once.
 */
async function checkPage(tabs, ctx, file) {
  const { site, shots, origin, axePath } = ctx;
  const url = `${origin}/${file.split('/').map(encodeURIComponent).join('/')}`;
  const fileUrl = pathToFileURL(path.join(site, file)).href;
  const shotName = file.replace(/\.html$/, '').replace(/[/\\]/g, '_');
  const report = { file, url, timings: {} };
  const timed = async (name, work) => {
    const start = Date.now();
    const out = await work();
    report.timings[name] = Date.now() - start;
    return out;
  };

  const scripted = async () => {
    const page = await tabs.js.use();
    await timed('load', async () => {
      await page.setViewportSize(WIDE);
      await page.goto(url, { waitUntil: 'load' });
      Object.assign(
        report,
        await page.evaluate(async () => {
          if (document.fonts) await document.fonts.ready;
          return {
            lang: document.documentElement.getAttribute('lang'),
            dir: document.documentElement.getAttribute('dir'),
            title: document.title,
            text: document.body ? document.body.innerText : '',
            ids: [...document.querySelectorAll('[id]')].map((e) => e.id),
            links: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')),
            noteRefs: document.querySelectorAll('a[role="doc-noteref"]').length,
          };
        }),
      );
    });
    report.axeViolations = await timed('axe', () => axeViolations(page, axePath));

    report.screenshots = await timed('screenshots', async () => {
      const shotsTaken = [];
      for (const vp of [NARROW, WIDE]) {
        await page.setViewportSize(vp);
        const size = await page.evaluate(async () => {
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
          return {
            scrollWidth: document.documentElement.scrollWidth,
            pageHeight: document.documentElement.scrollHeight,
          };
        });
        const shot = path.join(shots, `${shotName}-${vp.width}x${vp.height}.png`);
        // a very long page is cut at SHOT_MAX_HEIGHT (`truncated`)
        const height = Math.min(size.pageHeight, SHOT_MAX_HEIGHT);
        await page.screenshot({ path: shot, fullPage: true, clip: { x: 0, y: 0, width: vp.width, height } });
        shotsTaken.push({
          width: vp.width,
          height: vp.height,
          path: shot,
          scrollWidth: size.scrollWidth,
          pageHeight: size.pageHeight,
          truncated: size.pageHeight > SHOT_MAX_HEIGHT,
        });
      }
      return shotsTaken;
    });

    // the note tests: the first reference (and one in the middle of a long page) wide,
    // the first one again on a phone's screen
    const n = report.noteRefs;
    const picks = n === 0 ? [] : n > 20 ? [0, Math.floor(n / 2)] : [0];
    report.noteTests = await timed('notes', async () => {
      const tests = [];
      for (const [k, i] of picks.entries()) tests.push(await noteTest(page, i, WIDE, { axe: k === 0, axePath }));
      if (picks.length) tests.push(await noteTest(page, 0, NARROW));
      return tests;
    });
    Object.assign(report, tabs.js.take());
  };

  // from a file:// URL, with JavaScript: the site works without a server
  const fromFile = async () => {
    const page = await tabs.file.use();
    await page.setViewportSize(WIDE);
    await page.goto(fileUrl, { waitUntil: 'load' });
    const result = { url: fileUrl, noteTest: null };
    if ((await page.locator('a[role="doc-noteref"]').count()) > 0) {
      result.noteTest = await noteTest(page, 0, WIDE, { short: true });
    }
    return Object.assign(result, tabs.file.take());
  };

  const [, noScript, fromFileResult] = await Promise.all([
    scripted(),
    timed('noScript', () => noScriptTest(tabs.noJs, url)),
    timed('fileUrl', fromFile),
  ]);
  const fold = (text) => text.replace(/\s+/g, ' ').trim();
  noScript.textSameAsScripted = fold(noScript.text) === fold(report.text);
  delete noScript.text;
  report.noScript = noScript;
  report.fileUrl = fromFileResult;
  return report;
}

// ---------------------------------------------------------------- the run

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();

  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw new CannotRun(`no playwright-core in ${path.join(HERE, 'node_modules')}; ${INSTALL_NPM}`);
  }
  const axePath = path.join(HERE, 'node_modules/axe-core/axe.min.js');
  if (!fs.existsSync(axePath)) throw new CannotRun(`no ${axePath}; ${INSTALL_NPM}`);
  if (!fs.existsSync(CHROMIUM)) throw new CannotRun(`no Chromium at ${CHROMIUM}: apt-get install chromium`);
  const onPath = (name) =>
    (process.env.PATH || '').split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, name)));
  if (!onPath('java')) throw new CannotRun('no java on the PATH (for the Nu HTML Checker): apt-get install default-jre-headless');

  const all = htmlFiles(args.site);
  let files = all;
  if (args.pages) {
    const missing = args.pages.filter((p) => !all.includes(p));
    if (missing.length) usage(`no such pages in ${args.site}: ${missing.join(', ')}`);
    files = args.pages;
  }
  fs.mkdirSync(args.shots, { recursive: true });

  // the Nu HTML Checker runs beside the browser
  const vnuRun = vnu(args.site, all);
  vnuRun.done.catch(() => {}); // awaited below

  const { server, origin } = await serve(args.site);
  let browser = null;
  const result = { site: args.site, origin, pages: [], search: null, vnu: [], waitsShortened: [], seconds: 0 };
  try {
    try {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30000 });
    } catch (e) {
      throw new CannotRun(`cannot start Chromium at ${CHROMIUM} (${String(e.message).split('\n')[0]}): apt-get install chromium`);
    }
    // WORKERS pages at a time, each worker with its own pages, each in a context (a
    // window) of its own: a page behind another in the same window gets its animation
    // frames throttled, which stalls screenshots and clicks
    const tab = async (options) => {
      const context = await browser.newContext({ viewport: WIDE, ...options });
      context.setDefaultTimeout(15000);
      return Tab.open(context);
    };
    const tabSet = async () => ({ js: await tab({}), file: await tab({}), noJs: await tab({ javaScriptEnabled: false }) });
    const ctx = { site: args.site, shots: args.shots, origin, axePath };
    const closeTabs = (tabs) =>
      Promise.all(Object.values(tabs).map((t) => t.page.context().close().catch(() => {})));
    const workers = Math.max(1, Math.min(WORKERS, files.length));
    let next = 0;
    await Promise.all(
      Array.from({ length: workers }, async () => {
        let tabs = await tabSet();
        while (next < files.length) {
          const n = next++;
          const file = files[n];
          const t = Date.now();
          let timer;
          try {
            const late = new Promise((_, reject) => {
              timer = setTimeout(() => reject(new Error(`the checks took over ${PAGE_TIMEOUT / 1000} s`)), PAGE_TIMEOUT);
            });
            result.pages[n] = await Promise.race([checkPage(tabs, ctx, file), late]);
          } catch (e) {
            // a page that broke the harness (a click that timed out...) is reported, not fatal
            log(`${file}: ${e.message}`);
            result.pages[n] = { file, harnessError: clean(e) };
            // the next page in fresh pages, whatever state this one left them in
            await closeTabs(tabs);
            tabs = await tabSet();
          } finally {
            clearTimeout(timer);
          }
          log(`${file}: ${Date.now() - t} ms`);
        }
        await closeTabs(tabs);
      }),
    );
    if (args.search !== null) {
      const tabs = await tabSet();
      const index = path.join(args.site, 'index.html');
      result.search = { word: args.search, server: null, fileUrl: null };
      if (fs.existsSync(index)) {
        result.search.server = await searchTest(tabs.js, `${origin}/index.html`, args.search);
        result.search.fileUrl = await searchTest(tabs.file, pathToFileURL(index).href, args.search);
      }
      await closeTabs(tabs);
    }
  } catch (e) {
    vnuRun.child.kill();
    throw e;
  } finally {
    if (browser) await browser.close().catch(() => {});
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
  result.vnu = await vnuRun.done;
  result.waitsShortened = [...timedOut].filter(([, n]) => n >= 2).map(([kind]) => kind);
  result.seconds = (Date.now() - started) / 1000;
  return JSON.stringify(result) + '\n';
}

main().then(
  (json) => process.stdout.write(json, () => process.exit(0)),
  (e) => {
    if (e instanceof CannotRun) {
      console.error(`check.mjs: cannot run: ${e.message}`);
    } else {
      console.error(`check.mjs: cannot run: ${e && e.stack ? e.stack : e}`);
    }
    process.exit(3);
  },
);
