// Screenshots of a running console for the docs:  node screenshot.mjs BASE_URL OUT.png [HASH_ROUTE]
// e.g. node screenshot.mjs http://127.0.0.1:9090/ ../../../../docs/console-workflow.png '#/workflows/123'
import { chromium } from "playwright-core";

const [base, out, route = "#/overview"] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CRUSTER_CHROMIUM || "/usr/bin/chromium", headless: true });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 820 } });
  await page.goto(new URL(route, base).toString());
  await page.waitForFunction(() => document.body.dataset.rendered);
  await page.waitForSelector("#live.on", { timeout: 15_000 });
  await page.screenshot({ path: out });
} finally {
  await browser.close();
}
