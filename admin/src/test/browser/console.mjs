// The operator's console end to end in headless Chromium: find the workflow awaiting approval, open it, cancel it and
// see it CANCELLED; redrive the dead letter; look up an entity; screenshots of each page. Run by ConsoleBrowserIT:
//   node console.mjs http://127.0.0.1:PORT/ SCREENSHOT_DIR
// Prints "RESULT {json}" and exits 0, or prints what failed and exits 1. Drives Debian's chromium: never downloads one.
import { chromium } from "playwright-core";
import { join } from "node:path";

const [base, shots] = process.argv.slice(2);
if (!base || !shots) {
  console.error("usage: node console.mjs BASE_URL SCREENSHOT_DIR");
  process.exit(2);
}
const executablePath = process.env.CRUSTER_CHROMIUM || "/usr/bin/chromium";
const TIMEOUT = 60_000;

const browser = await chromium.launch({ executablePath, headless: true, args: ["--no-sandbox"] });
const result = {};
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  page.setDefaultTimeout(TIMEOUT);
  page.on("pageerror", (e) => console.error("page error: " + e.message));
  page.on("dialog", (d) => d.accept("the customer called it off"));

  await page.goto(base);
  await page.waitForSelector(".shardmap div");
  await page.waitForSelector("#live.on");
  result.health = (await page.textContent("h2 .badge")).trim();
  await page.screenshot({ path: join(shots, "console-overview.png"), fullPage: true });

  await page.click("nav a[data-view=workflows]");
  await page.waitForSelector("#workflows");
  await page.selectOption("#f-status", "AWAITING");
  await page.click("#wf-filters button[type=submit]");
  await page.waitForFunction(() => document.querySelectorAll("#workflows tr[data-id]").length === 1);
  await page.screenshot({ path: join(shots, "console-workflows.png"), fullPage: true });
  result.awaiting = await page.getAttribute("#workflows tr[data-id]", "data-id");
  await page.click("#workflows tr[data-id]");
  await page.waitForSelector("#steps .step");
  result.stepsBefore = await page.locator("#steps .step").count();
  await page.screenshot({ path: join(shots, "console-workflow.png"), fullPage: true });
  await page.click("#cancel");
  await page.waitForFunction(() => document.querySelector("#wf-status")?.textContent.includes("CANCELLED"));
  result.statusAfter = (await page.textContent("#wf-status")).trim();
  await page.screenshot({ path: join(shots, "console-cancelled.png"), fullPage: true });

  await page.click("nav a[data-view=dead-letters]");
  await page.waitForSelector("#dead-letters tr[data-id]");
  result.deadLetter = await page.getAttribute("#dead-letters tr[data-id]", "data-id");
  await page.screenshot({ path: join(shots, "console-dead-letters.png"), fullPage: true });
  await page.click("#dead-letters tr[data-id] .redrive");
  await page.waitForSelector("#no-dead-letters");
  result.notice = (await page.textContent("#notice")).trim();

  await page.click("nav a[data-view=entities]");
  await page.waitForSelector("#entity-form");
  await page.selectOption("#e-type", "Order");
  await page.fill("#e-id", "order-1");
  await page.click("#entity-form button[type=submit]");
  await page.waitForSelector("#entity-state");
  result.state = JSON.parse(await page.textContent("#entity-state"));
  await page.screenshot({ path: join(shots, "console-entity.png"), fullPage: true });

  await page.click("nav a[data-view=schedules]");
  await page.waitForSelector("#schedules td");
  result.schedule = (await page.textContent("#schedules tr:nth-child(2) td")).trim();
  await page.screenshot({ path: join(shots, "console-schedules.png"), fullPage: true });
  console.log("RESULT " + JSON.stringify(result));
} catch (e) {
  console.error("FAILED: " + (e.stack || e));
  process.exitCode = 1;
} finally {
  await browser.close();
}
