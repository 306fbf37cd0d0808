// The chess page: register, find a match or open a game, play by clicking or dragging, live over WebSockets.
"use strict";

// Filled glyphs for both sides, colored by CSS (the outlined ones render unevenly across fonts).
const PIECES = { K: "\u265a", Q: "\u265b", R: "\u265c", B: "\u265d", N: "\u265e", P: "\u265f\ufe0e" };
const $ = (id) => document.getElementById(id);
const state = { me: null, game: null, gameSocket: null, playerSocket: null, selected: null, clockAt: 0, lastSeq: 0 };

async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: body ? { "Content-Type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) {
    throw new Error((data && data.error ? data.error + ": " + data.message : res.status + " " + res.statusText));
  }
  return data;
}

function say(text) {
  $("message").textContent = text || "";
}

// ---------------------------------------------------------------- player

async function register(event) {
  event.preventDefault();
  try {
    const p = await api("POST", "/api/v1/players", { username: $("username").value.trim() });
    localStorage.setItem("chess.player", JSON.stringify({ id: p.id, username: p.username }));
    await loadMe();
  } catch (e) {
    alert(e.message);
  }
}

async function loadMe() {
  const saved = JSON.parse(localStorage.getItem("chess.player") || "null");
  if (!saved) {
    $("register-form").hidden = false;
    $("me").hidden = true;
    $("play").hidden = true;
    return;
  }
  try {
    state.me = await api("GET", "/api/v1/players/" + saved.id);
  } catch (e) {
    localStorage.removeItem("chess.player");
    return loadMe();
  }
  $("register-form").hidden = true;
  $("me").hidden = false;
  $("play").hidden = false;
  showMe();
  connectPlayer();
  if (state.me.currentGame && !state.game) {
    openGame(state.me.currentGame);
  }
}

function showMe() {
  $("me-name").textContent = state.me.username;
  $("me-id").textContent = state.me.id;
  $("me-status").textContent = state.me.status;
  $("me-rating").textContent = state.me.rating;
  const queued = state.me.status === "IN_QUEUE";
  $("find-match").hidden = queued;
  $("cancel-match").hidden = !queued;
  if (!queued) {
    $("queue-status").textContent = "";
  }
}

async function refreshMe() {
  if (state.me) {
    state.me = await api("GET", "/api/v1/players/" + state.me.id);
    showMe();
  }
}

function connectPlayer() {
  if (state.playerSocket) {
    return;
  }
  const ws = new WebSocket(wsUrl("/api/v1/players/" + state.me.id + "/events?after=" + state.lastSeq));
  state.playerSocket = ws;
  ws.onmessage = (m) => {
    const e = JSON.parse(m.data);
    if (e.seq) {
      state.lastSeq = Math.max(state.lastSeq, e.seq);
    }
    if (e.type === "MATCH_FOUND" || e.type === "GAME_STARTED") {
      $("queue-status").textContent = "";
      if (!state.game || state.game.id !== e.gameId) {
        openGame(e.gameId);
      }
    }
    if (e.type === "GAME_ENDED") {
      loadLeaderboard();
    }
    refreshMe().catch(() => {});
  };
  ws.onclose = () => {
    state.playerSocket = null;
    setTimeout(() => state.me && connectPlayer(), 1000);
  };
}

async function findMatch(event) {
  event.preventDefault();
  try {
    const r = await api("POST", "/api/v1/players/" + state.me.id + "/queue", { timeControl: $("time-control").value });
    if (r.status === "MATCHED") {
      openGame(r.gameId);
    } else {
      $("queue-status").textContent = "waiting for an opponent (#" + r.position + " in the " + r.timeControl + " queue)";
    }
    await refreshMe();
  } catch (e) {
    alert(e.message);
  }
}

async function cancelMatch() {
  try {
    await api("DELETE", "/api/v1/players/" + state.me.id + "/queue");
  } catch (e) {
    say(e.message);
  }
  await refreshMe();
}

async function challenge(event) {
  event.preventDefault();
  try {
    const g = await api("POST", "/api/v1/games", {
      white: state.me.id, black: $("opponent-id").value.trim(), timeControl: $("time-control").value });
    openGame(g.id);
  } catch (e) {
    alert(e.message);
  }
}

// ---------------------------------------------------------------- game

function openGame(id) {
  if (state.gameSocket) {
    state.gameSocket.onclose = null;
    state.gameSocket.close();
  }
  state.selected = null;
  $("game").hidden = false;
  $("game-side").hidden = false;
  $("game-label").textContent = id;
  const ws = new WebSocket(wsUrl("/api/v1/games/" + id + "/watch"));
  state.gameSocket = ws;
  ws.onmessage = (m) => {
    const e = JSON.parse(m.data);
    if (e.error) {
      say(e.error + ": " + e.message);
      return;
    }
    if (e.game) {
      render(e.game);
    } else if (e.type === "CLOCK" && state.game) {
      state.game.clock = e.clock;
      state.clockAt = Date.now();
      renderClocks();
    }
  };
  ws.onclose = () => {
    if (state.gameSocket === ws && state.game && state.game.status === "IN_PROGRESS") {
      setTimeout(() => state.gameSocket === ws && openGame(id), 1000);
    }
  };
}

function myColor(g) {
  if (!state.me || !g) {
    return null;
  }
  return g.white === state.me.id ? "WHITE" : g.black === state.me.id ? "BLACK" : null;
}

function render(g) {
  state.game = g;
  state.clockAt = Date.now();
  renderBoard();
  renderClocks();
  const moves = $("moves");
  moves.innerHTML = "";
  for (let i = 0; i < g.moves.length; i += 2) {
    const li = document.createElement("li");
    li.textContent = g.moves[i].san + (g.moves[i + 1] ? " " + g.moves[i + 1].san : "");
    moves.appendChild(li);
  }
  moves.scrollTop = moves.scrollHeight;
  const mine = myColor(g);
  let status;
  if (g.status === "IN_PROGRESS") {
    status = g.turn === mine ? "Your move" : g.turn + " to move";
    if (g.drawOffer) {
      status += " · " + g.drawOffer + " offers a draw";
    }
  } else {
    const result = { WHITE_WINS: "White wins", BLACK_WINS: "Black wins", DRAW: "Draw", ABORTED: "Aborted" };
    status = result[g.status] + (g.reason ? " · " + g.reason.toLowerCase().replaceAll("_", " ") : "");
  }
  $("status").textContent = status;
  $("status").dataset.status = g.status;
  const playing = g.status === "IN_PROGRESS" && mine !== null;
  $("offer-draw").disabled = !playing;
  $("accept-draw").disabled = !playing || !g.drawOffer || g.drawOffer === mine;
  $("resign").disabled = !playing;
  $("abort").disabled = !playing || g.moves.length >= 2;
  if (g.status !== "IN_PROGRESS") {
    loadLeaderboard();
  }
}

function parseFen(fen) {
  const board = {};
  fen.split(" ")[0].split("/").forEach((row, r) => {
    let f = 0;
    for (const c of row) {
      if (c >= "1" && c <= "8") {
        f += Number(c);
      } else {
        board["abcdefgh"[f] + (8 - r)] = c;
        f++;
      }
    }
  });
  return board;
}

function renderBoard() {
  const g = state.game;
  const pieces = parseFen(g.fen);
  const flip = myColor(g) === "BLACK";
  const last = g.moves.length ? g.moves[g.moves.length - 1].uci : "";
  const targets = new Set(state.selected
    ? g.legalMoves.filter((m) => m.startsWith(state.selected)).map((m) => m.substring(2, 4)) : []);
  const board = $("board");
  board.innerHTML = "";
  for (let row = 0; row < 8; row++) {
    for (let col = 0; col < 8; col++) {
      const file = flip ? 7 - col : col;
      const rank = flip ? row + 1 : 8 - row;
      const name = "abcdefgh"[file] + rank;
      const sq = document.createElement("div");
      sq.className = "sq " + ((file + rank) % 2 === 1 ? "light" : "dark");
      sq.dataset.square = name;
      if (last && (last.substring(0, 2) === name || last.substring(2, 4) === name)) {
        sq.classList.add("last");
      }
      if (state.selected === name) {
        sq.classList.add("selected");
      }
      if (targets.has(name)) {
        sq.classList.add("target");
      }
      const p = pieces[name];
      if (p) {
        const span = document.createElement("span");
        const white = p === p.toUpperCase();
        span.className = "piece " + (white ? "white" : "black");
        span.textContent = PIECES[p.toUpperCase()];
        span.dataset.piece = p;
        sq.appendChild(span);
        sq.draggable = true;
      }
      if (col === 0) {
        const c = document.createElement("span");
        c.className = "coord rank";
        c.textContent = rank;
        sq.appendChild(c);
      }
      if (row === 7) {
        const c = document.createElement("span");
        c.className = "coord file";
        c.textContent = "abcdefgh"[file];
        sq.appendChild(c);
      }
      sq.addEventListener("click", () => clickSquare(name));
      sq.addEventListener("dragstart", (e) => {
        state.selected = name;
        e.dataTransfer.setData("text/plain", name);
      });
      sq.addEventListener("dragover", (e) => e.preventDefault());
      sq.addEventListener("drop", (e) => {
        e.preventDefault();
        const from = e.dataTransfer.getData("text/plain") || state.selected;
        tryMove(from, name);
      });
      board.appendChild(sq);
    }
  }
  const top = flip ? "WHITE" : "BLACK";
  $("clock-top").querySelector(".name").textContent = top === "WHITE" ? g.whiteName : g.blackName;
  $("clock-bottom").querySelector(".name").textContent = top === "WHITE" ? g.blackName : g.whiteName;
}

function clickSquare(name) {
  const g = state.game;
  if (!g || g.status !== "IN_PROGRESS") {
    return;
  }
  if (state.selected && state.selected !== name && g.legalMoves.some((m) => m.startsWith(state.selected + name))) {
    tryMove(state.selected, name);
    return;
  }
  state.selected = g.legalMoves.some((m) => m.startsWith(name)) && g.turn === myColor(g) ? name : null;
  renderBoard();
}

async function tryMove(from, to) {
  const g = state.game;
  state.selected = null;
  let uci = from + to;
  if (g.legalMoves.includes(uci + "q")) {
    uci += $("promotion").value;
  }
  if (!g.legalMoves.includes(uci)) {
    renderBoard();
    return;
  }
  try {
    render(await api("POST", "/api/v1/games/" + g.id + "/moves", { player: state.me.id, uci }));
    say("");
  } catch (e) {
    say(e.message);
    renderBoard();
  }
}

async function command(path) {
  try {
    render(await api("POST", "/api/v1/games/" + state.game.id + path, { player: state.me.id }));
    say("");
  } catch (e) {
    say(e.message);
  }
}

function renderClocks() {
  const g = state.game;
  if (!g) {
    return;
  }
  const flip = myColor(g) === "BLACK";
  const running = g.status === "IN_PROGRESS";
  const elapsed = running ? Date.now() - state.clockAt : 0;
  const ms = {
    WHITE: Math.max(0, g.clock.whiteMs - (g.turn === "WHITE" ? elapsed : 0)),
    BLACK: Math.max(0, g.clock.blackMs - (g.turn === "BLACK" ? elapsed : 0)),
  };
  const top = flip ? "WHITE" : "BLACK";
  const bottom = flip ? "BLACK" : "WHITE";
  for (const [id, color] of [["clock-top", top], ["clock-bottom", bottom]]) {
    $(id).querySelector(".time").textContent = format(ms[color]);
    $(id).classList.toggle("running", running && g.turn === color);
  }
}

function format(ms) {
  const s = Math.ceil(ms / 1000);
  return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
}

// ---------------------------------------------------------------- leaderboard

async function loadLeaderboard() {
  try {
    const rows = await api("GET", "/api/v1/leaderboard?limit=10");
    const body = $("leaderboard").querySelector("tbody");
    body.innerHTML = "";
    for (const r of rows) {
      const tr = document.createElement("tr");
      if (state.me && r.player === state.me.id) {
        tr.className = "me";
      }
      for (const v of [r.rank, r.username, r.rating, r.wins + "/" + r.losses + "/" + r.draws]) {
        const td = document.createElement("td");
        td.textContent = v;
        tr.appendChild(td);
      }
      body.appendChild(tr);
    }
  } catch (e) {
    // shown again at the next refresh
  }
}

function wsUrl(path) {
  return (location.protocol === "https:" ? "wss://" : "ws://") + location.host + path;
}

$("register-form").addEventListener("submit", register);
$("queue-form").addEventListener("submit", findMatch);
$("cancel-match").addEventListener("click", cancelMatch);
$("open-form").addEventListener("submit", (e) => {
  e.preventDefault();
  openGame($("game-id").value.trim());
});
$("challenge-form").addEventListener("submit", challenge);
$("forget").addEventListener("click", () => {
  localStorage.removeItem("chess.player");
  state.me = null;
  if (state.playerSocket) {
    state.playerSocket.close();
  }
  loadMe();
});
$("offer-draw").addEventListener("click", () => command("/draw/offer"));
$("accept-draw").addEventListener("click", () => command("/draw/accept"));
$("resign").addEventListener("click", () => command("/resign"));
$("abort").addEventListener("click", () => command("/abort"));
setInterval(renderClocks, 200);
setInterval(loadLeaderboard, 10000);
fetch("/health").then((r) => r.json()).then((h) => { $("runner").textContent = "served by " + h.runner; });
loadMe();
loadLeaderboard();
