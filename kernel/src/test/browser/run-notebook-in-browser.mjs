#!/usr/bin/env node
// End-to-end test of a course notebook in a real browser, as a student meets it on Binder or a JupyterHub:
// Debian's Chromium, driven by Playwright, opens the notebook in a running classic Jupyter Notebook
// server, runs all cells from the Cell menu, waits for the kernel to go idle, then checks what the page
// shows: no error output, a rendered plot image, a rendered HTML table, and a display updated in place.
//
// The Jupyter server is started (and stopped) by the caller, kernel/src/test/python/test_browser.py.
//
//   node run-notebook-in-browser.mjs --url http://127.0.0.1:PORT --token TOKEN \
//        --notebook notebooks/00-getting-started.ipynb --artifacts DIR [--timeout SECONDS]
//
// --notebook is the path relative to the server's root folder. Writes DIR/<name>.png (a screenshot of the
// whole notebook) and DIR/<name>.json (what was seen), prints the same JSON on the last line after
// "RESULT ", and exits 0 when every check holds, 1 when a check fails, 2 when the test could not run.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// Headless, and quiet on the network: without these Chromium reaches out for updates, sync and field trials.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-default-apps', '--no-default-browser-check'];
// The classic Notebook's order of preference among the MIME types of one output (outputarea.js).
const DISPLAY_ORDER = ['application/javascript', 'text/html', 'text/markdown', 'text/latex', 'image/svg+xml',
  'image/png', 'image/jpeg', 'application/pdf', 'text/plain'];

const OPTIONS = ['--url', '--token', '--notebook', '--artifacts', '--timeout'];

function parseArgs(argv) {
  const args = { timeout: 180 };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i];
    const value = argv[i + 1];
    if (!OPTIONS.includes(key) || value === undefined) usage(`unexpected argument '${key}'`);
    args[key.slice(2)] = value;
    i++;
  }
  for (const required of ['url', 'token', 'notebook', 'artifacts']) {
    if (!args[required]) usage(`--${required} is missing`);
  }
  args.timeout = Number(args.timeout);
  if (!(args.timeout > 0)) usage('--timeout must be a number of seconds greater than 0');
  return args;
}

function usage(problem) {
  console.error(`run-notebook-in-browser: ${problem}\n` +
    'usage: node run-notebook-in-browser.mjs --url URL --token TOKEN --notebook PATH --artifacts DIR [--timeout S]');
  process.exit(2);
}

/** The kernel's messages on the notebook's websocket, as the page received them (iopub channel only). */
class IopubRecorder {
  constructor() {
    this.messages = [];
  }

  attach(page) {
    page.on('websocket', (socket) => {
      if (!socket.url().includes('/channels')) return;
      socket.on('framereceived', (frame) => {
        if (typeof frame.payload !== 'string') return; // binary frames carry buffers, which none of ours has
        let message;
        try {
          message = JSON.parse(frame.payload);
        } catch {
          return;
        }
        if (message.channel === 'iopub') this.messages.push(message);
      });
    });
  }

  ofType(type) {
    return this.messages.filter((m) => m.header && m.header.msg_type === type);
  }

  /** For every display id that was updated: its first bundle and its last one. */
  updatedDisplays() {
    const first = new Map();
    const last = new Map();
    for (const m of this.messages) {
      const type = m.header && m.header.msg_type;
      const id = m.content && m.content.transient && m.content.transient.display_id;
      if (!id) continue;
      if (type === 'display_data' && !first.has(id)) first.set(id, m.content.data);
      if (type === 'update_display_data') last.set(id, m.content.data);
    }
    return [...last.entries()].map(([id, data]) => ({ id, initial: first.get(id) || null, final: data }));
  }
}

function preferredMime(bundle) {
  return DISPLAY_ORDER.find((mime) => bundle && mime in bundle) || null;
}

function joined(value) {
  return Array.isArray(value) ? value.join('') : String(value);
}

/** How a bundle, once rendered, can be recognised in the page: a PNG by its data, text by its words. */
function fingerprint(bundle) {
  const mime = preferredMime(bundle);
  if (mime === 'image/png' || mime === 'image/jpeg') return { mime, image: joined(bundle[mime]).trim() };
  if (mime === 'text/html' || mime === 'text/plain') return { mime, text: joined(bundle[mime]) };
  return { mime };
}

/** Runs in the page: does an output area show this fingerprint, and how many times? */
function countShown(print) {
  const squash = (s) => s.replace(/\s+/g, ' ').trim();
  if (print.image !== undefined) {
    return [...document.querySelectorAll('.output_area img')]
      .filter((img) => img.getAttribute('src').replace(/^data:image\/\w+;base64,/, '') === print.image).length;
  }
  if (print.mime === 'text/html') {
    const template = document.createElement('template');
    template.innerHTML = print.text;
    const wanted = squash(template.content.textContent);
    return [...document.querySelectorAll('.output_area .output_html')]
      .filter((node) => squash(node.textContent) === wanted).length;
  }
  if (print.mime === 'text/plain') {
    const wanted = squash(print.text);
    return [...document.querySelectorAll('.output_area .output_text pre')]
      .filter((node) => squash(node.textContent) === wanted).length;
  }
  return -1;
}

async function waitForKernelReady(page, timeoutMs) {
  const ready = page.waitForSelector('#kernel_indicator_icon.kernel_idle_icon', { timeout: timeoutMs })
    .then(() => null);
  const missing = page.waitForSelector('.modal-dialog:has-text("Kernel not found")', { timeout: timeoutMs })
    .then(() => 'Jupyter says "Kernel not found": the notebook asks for a kernelspec that is not installed ' +
      '(is the Java kernel installed and on JUPYTER_PATH?)');
  const problem = await Promise.race([ready, missing]);
  if (problem) throw new Error(problem);
}

async function runAllFromTheMenu(page) {
  await page.click('#celllink');
  await page.click('#run_all_cells > a');
}

/** No code cell is queued or running ("In [*]") and the kernel is idle. Run All marks every code cell as
 * running at once, so this cannot hold before the run has started. */
async function waitForAllCellsDone(page, timeoutMs) {
  await page.waitForFunction(() => {
    const running = document.querySelectorAll('.code_cell.running').length;
    const starred = [...document.querySelectorAll('.code_cell .input_prompt')].some((p) => p.textContent.includes('*'));
    const icon = document.querySelector('#kernel_indicator_icon');
    return running === 0 && !starred && icon && icon.classList.contains('kernel_idle_icon');
  }, null, { timeout: timeoutMs, polling: 250 });
}

async function readPage(page) {
  return page.evaluate(() => {
    const text = (node) => node.textContent.replace(/\s+$/, '');
    const images = [...document.querySelectorAll('.output_area .output_png img, .output_area .output_jpeg img')];
    const tables = [...document.querySelectorAll('.output_area .output_html table')];
    return {
      codeCells: document.querySelectorAll('.code_cell').length,
      prompts: [...document.querySelectorAll('.code_cell .input_prompt')].map((p) => p.textContent.trim()),
      // Code cells with code but no execution count: Jupyter stopped before them (after an error).
      notRun: [...document.querySelectorAll('.code_cell')].map((cell, index) => ({
        index,
        ran: /\[\s*\d+\s*\]/.test(cell.querySelector('.input_prompt')?.textContent || ''),
        empty: (cell.querySelector('.CodeMirror')?.CodeMirror?.getValue() ?? 'x').trim() === '',
      })).filter((c) => !c.ran && !c.empty).map((c) => c.index),
      errors: [...document.querySelectorAll('.output_area .output_error')].map((n) => text(n).slice(0, 2000)),
      stderr: [...document.querySelectorAll('.output_area .output_stderr')].map((n) => text(n).slice(0, 2000)),
      images: images.map((img) => ({ complete: img.complete, width: img.naturalWidth, height: img.naturalHeight })),
      tables: tables.map((table) => ({
        rows: table.querySelectorAll('tbody tr').length,
        header: [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim()),
      })),
      kernelName: document.querySelector('.kernel_indicator_name')?.textContent.trim() || null,
    };
  });
}

async function screenshotWholeNotebook(page, file) {
  // The classic Notebook scrolls inside #site, so grow the window to the notebook's height first.
  const height = await page.evaluate(() => {
    const header = document.querySelector('#header');
    const notebook = document.querySelector('#notebook');
    return (header ? header.offsetHeight : 0) + (notebook ? notebook.scrollHeight : 0) + 40;
  });
  await page.setViewportSize({ width: 1280, height: Math.min(Math.max(height, 800), 12000) });
  await page.waitForTimeout(300); // the Notebook resizes #site on the window's resize event
  await page.screenshot({ path: file, fullPage: true });
}

function check(result) {
  const failures = [];
  const seen = result.page;
  if (seen.errors.length > 0) failures.push(`${seen.errors.length} cell(s) show error output: ${seen.errors[0]}`);
  if (seen.notRun.length > 0) failures.push(`code cells that did not run (index among code cells): ${seen.notRun}`);
  if (result.iopub.errors.length > 0) {
    failures.push(`the kernel sent ${result.iopub.errors.length} error message(s): ${result.iopub.errors[0]}`);
  }
  const rendered = seen.images.filter((img) => img.complete && img.width > 0 && img.height > 0);
  if (rendered.length === 0) failures.push(`no rendered plot image (images in outputs: ${JSON.stringify(seen.images)})`);
  if (!seen.tables.some((table) => table.rows > 0)) failures.push('no rendered HTML table with rows in any output');
  if (result.updates.length === 0) {
    failures.push('no display was updated in place (the kernel sent no update_display_data message)');
  }
  for (const update of result.updates) {
    if (update.finalShown !== 1) {
      failures.push(`display ${update.id}: its last update (${update.finalMime}) is shown ${update.finalShown} ` +
        'time(s) in the page, expected exactly once');
    }
    if (update.initialShown > 0) {
      failures.push(`display ${update.id}: its first content is still shown next to the update (${update.initialShown} time(s))`);
    }
  }
  if (result.pageErrors.length > 0) failures.push(`JavaScript errors in the page: ${result.pageErrors[0]}`);
  return failures;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const name = path.basename(args.notebook, '.ipynb');
  fs.mkdirSync(args.artifacts, { recursive: true });
  const screenshot = path.join(args.artifacts, `${name}.png`);
  const report = path.join(args.artifacts, `${name}.json`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dlcourse-chromium-profile-'));
  const timeoutMs = args.timeout * 1000;
  const started = Date.now();
  const result = { notebook: args.notebook, screenshot, ok: false, failures: [], pageErrors: [] };
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 900 },
    });
    result.browser = `Chromium ${context.browser()?.version() ?? '?'}`;
    const page = context.pages()[0] || await context.newPage();
    page.setDefaultTimeout(timeoutMs);
    page.on('pageerror', (error) => result.pageErrors.push(String(error.message || error).slice(0, 500)));
    const iopub = new IopubRecorder();
    iopub.attach(page);

    const notebookUrl = `${args.url.replace(/\/$/, '')}/notebooks/${args.notebook.split('/').map(encodeURIComponent).join('/')}`;
    const response = await page.goto(`${notebookUrl}?token=${encodeURIComponent(args.token)}`);
    if (!response || !response.ok()) throw new Error(`opening ${notebookUrl} answered HTTP ${response?.status()}`);
    await page.waitForSelector('#notebook-container .cell');
    await waitForKernelReady(page, timeoutMs);
    result.kernelReadySeconds = (Date.now() - started) / 1000;

    await runAllFromTheMenu(page);
    await waitForAllCellsDone(page, timeoutMs - (Date.now() - started));
    await page.waitForTimeout(200); // let the last output messages land in the page
    result.runSeconds = (Date.now() - started) / 1000 - result.kernelReadySeconds;

    result.page = await readPage(page);
    result.iopub = {
      messages: iopub.messages.length,
      errors: iopub.ofType('error').map((m) => `${m.content.ename}: ${m.content.evalue}`),
      displayData: iopub.ofType('display_data').length,
      updateDisplayData: iopub.ofType('update_display_data').length,
    };
    result.updates = [];
    for (const display of iopub.updatedDisplays()) {
      const finalPrint = fingerprint(display.final);
      const initialPrint = display.initial ? fingerprint(display.initial) : null;
      const differs = initialPrint && JSON.stringify(initialPrint) !== JSON.stringify(finalPrint);
      result.updates.push({
        id: display.id,
        finalMime: finalPrint.mime,
        finalText: finalPrint.text ? finalPrint.text.slice(0, 200) : undefined,
        finalShown: await page.evaluate(countShown, finalPrint),
        initialShown: differs ? await page.evaluate(countShown, initialPrint) : 0,
      });
    }
    await screenshotWholeNotebook(page, screenshot);
    result.failures = check(result);
    result.ok = result.failures.length === 0;
  } catch (error) {
    result.failures.push(`the browser test could not finish: ${error.message.split('\n')[0]}`);
    result.harnessError = true;
    try {
      const page = context?.pages()[0];
      if (page) await page.screenshot({ path: screenshot, fullPage: true });
    } catch {
      // a screenshot of a broken page is a bonus, not a requirement
    }
  } finally {
    if (context) await context.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
  }
  result.totalSeconds = (Date.now() - started) / 1000;
  fs.writeFileSync(report, JSON.stringify(result, null, 2));
  for (const failure of result.failures) console.error(`FAILED: ${failure}`);
  console.log(`RESULT ${JSON.stringify(result)}`);
  process.exit(result.ok ? 0 : result.harnessError ? 2 : 1);
}

main();
