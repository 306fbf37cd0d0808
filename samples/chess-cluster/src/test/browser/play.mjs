// Two players in two browser contexts, each on its own runner, register, find a match and play Fool's mate, one
// by clicking squares and the other by dragging pieces. Run by BrowserIT:
//   node play.mjs http://127.0.0.1:PORT_A http://127.0.0.1:PORT_B SCREENSHOT_DIR
// Prints "RESULT {json}" and exits 0, or prints what failed and exits 1. Drives Debian's chromium: never downloads one.
import { chromium } from "playwright-core";
import { join } from "node:path";

const [urlA, urlB, shots] = process.argv.slice(2);
if (!urlA || !urlB || !shots) {
  console.error("usage: node play.mjs URL_A URL_B SCREENSHOT_DIR");
  process.exit(2);
}
const executablePath = process.env.CHESS_CHROMIUM || "/usr/bin/chromium";
const TIMEOUT = 60_000;

async function open(browser, url, name) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 760 } });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on("pageerror", (e) => console.error(name + " page error: " + e.message));
  await page.goto(url);
  await page.fill("#username", name);
  await page.click("#register");
  await page.waitForSelector("#me:not([hidden])");
  const id = (await page.textContent("#me-id")).trim();
  return { context, page, id, name };
}

async function statusOf(player) {
  return (await player.page.textContent("#status")).trim();
}

async function waitStatus(player, text) {
  await player.page.waitForFunction((t) => document.getElementById("status").textContent.includes(t), text,
    { timeout: TIMEOUT });
}

/** Waits until the player's page shows `count` moves (its WebSocket delivered the opponent's). */
async function waitMoves(player, count) {
  await player.page.waitForFunction((n) => {
    const items = [...document.querySelectorAll("#moves li")].map((li) => li.textContent.trim().split(" "));
    return items.flat().filter((s) => s).length >= n;
  }, count, { timeout: TIMEOUT });
}

async function click(player, from, to) {
  await player.page.click(`[data-square=${from}]`);
  await player.page.waitForSelector(`[data-square=${to}].target`);
  await player.page.click(`[data-square=${to}]`);
}

async function drag(player, from, to) {
  await player.page.dragAndDrop(`[data-square=${from}]`, `[data-square=${to}]`);
}

// launch() starts chromium on a fresh, temporary --user-data-dir of its own (it refuses one in args) and deletes it
// on close; the two players are two isolated contexts of that browser.
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let failed = false;
try {
  const suffix = Date.now().toString(36).slice(-5);
  const white = await open(browser, urlA, "alice" + suffix);
  const black = await open(browser, urlB, "bob" + suffix);

  await white.page.click("#find-match");
  await white.page.waitForSelector("#cancel-match:not([hidden])");
  await black.page.click("#find-match");
  // Both pages open the game: black from the queue's reply, white from its MATCH_FOUND event over the WebSocket.
  await waitStatus(white, "Your move");
  await waitStatus(black, "WHITE to move");
  const gameId = (await white.page.textContent("#game-label")).trim();

  await click(white, "f2", "f3");
  await waitMoves(black, 1);
  await drag(black, "e7", "e5");
  await waitMoves(white, 2);
  await click(white, "g2", "g4");
  await waitMoves(black, 3);
  await drag(black, "d8", "h4");
  await waitStatus(white, "Black wins · checkmate");
  await waitStatus(black, "Black wins · checkmate");

  const moves = await white.page.$$eval("#moves li", (lis) => lis.map((li) => li.textContent.trim()));
  await black.page.screenshot({ path: join(shots, "chess-black.png") });
  await white.page.screenshot({ path: join(shots, "chess-white.png") });
  console.log("RESULT " + JSON.stringify({
    gameId, white: white.id, black: black.id, moves,
    whiteStatus: await statusOf(white), blackStatus: await statusOf(black),
  }));
} catch (e) {
  failed = true;
  console.error("browser test failed: " + (e.stack || e));
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
