// The Cruster console: a single page over /api/v1, no build step. Views are rendered from the hash route;
// server-sent events (/api/v1/events) re-render the current view while nothing is being typed.
"use strict";

const API = "/api/v1";
const COLORS = ["#2f6fde", "#1f9d55", "#d98b0b", "#8e44ad", "#16a2b8", "#c0392b", "#7f8c8d", "#e67e22", "#2c3e50"];
let token = sessionStorage.getItem("cruster-token") || "";
let readOnly = false;
let busy = false;

function esc(v) {
  return String(v ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}
const $ = (sel) => document.querySelector(sel);
const badge = (s) => `<span class="badge s-${esc(s)}">${esc(s)}</span>`;
const time = (t) => (t ? esc(t.replace("T", " ").replace(/\.\d+Z$/, "Z")) : "<span class=muted>—</span>");

class ApiError extends Error {
  constructor(status, code, message) { super(message); this.status = status; this.code = code; }
}

async function api(path, options = {}) {
  const headers = { "X-Cruster-User": "console" };
  if (token) headers["Authorization"] = "Bearer " + token;
  if (options.body) headers["Content-Type"] = "application/json";
  const r = await fetch(API + path, { ...options, headers });
  const body = await r.json().catch(() => ({}));
  if (r.status === 401) { showLogin(); }
  if (!r.ok) {
    const e = body.error || {};
    throw new ApiError(r.status, e.code || "error", e.message || r.statusText);
  }
  return body;
}

function notice(text, error) {
  const n = $("#notice");
  n.textContent = text;
  n.className = error ? "error" : "";
  n.hidden = !text;
}

function showLogin() {
  $("#login").hidden = false;
  $("#view").innerHTML = "";
}

$("#login").addEventListener("submit", (e) => {
  e.preventDefault();
  token = $("#token").value.trim();
  sessionStorage.setItem("cruster-token", token);
  $("#login").hidden = true;
  connect();
  render();
});

// ---- views

async function overview() {
  const [c, s] = await Promise.all([api("/cluster"), api("/shards")]);
  readOnly = c.readOnly;
  const live = Object.values(c.liveEntities).reduce((a, b) => a + b, 0);
  let html = `<h2>Health ${badge(c.health.status)}</h2>`;
  if (c.health.reasons.length) html += `<ul>${c.health.reasons.map((r) => `<li>${esc(r)}</li>`).join("")}</ul>`;
  html += `<div class="cards">
    <div class="card"><div class="n" id="served">${c.servedShards}</div><div class="l">shards served here</div></div>
    <div class="card"><div class="n">${live}</div><div class="l">live entities here</div></div>
    <div class="card"><div class="n">${c.queuedDeliveries}</div><div class="l">queued deliveries</div></div>
    <div class="card"><div class="n">${c.deadLetters}</div><div class="l">dead letters</div></div>
    <div class="card"><div class="n">${c.runners.length || 1}</div><div class="l">runners</div></div></div>`;
  html += `<h2>Runners</h2><table><tr><th>address</th><th>incarnation</th><th>weight</th><th>groups</th><th>assigned shards</th></tr>`;
  if (!c.runners.length) html += `<tr><td colspan=5><code>${esc(c.runner)}</code> (a single runner serves every shard)</td></tr>`;
  for (const r of c.runners) {
    const self = c.runner.startsWith(r.address) ? " (this runner)" : "";
    html += `<tr><td><code>${esc(r.address)}</code>${self}</td><td><code>${esc(r.incarnation)}</code></td>
      <td>${r.weight}</td><td>${esc(r.groups.join(", "))}</td><td>${r.assignedShards}</td></tr>`;
  }
  html += `</table><h2>Shard map</h2>`;
  for (const [group, owners] of Object.entries(s.groups)) {
    const small = s.shardsPerGroup > 512 ? " small" : "";
    html += `<div class="muted">group <code>${esc(group)}</code>, ${s.shardsPerGroup} shards</div><div class="shardmap${small}" id="shardmap-${esc(group)}">`;
    owners.forEach((o, i) => {
      const name = s.owners[o] || "unassigned";
      const color = s.owners[o] ? COLORS[o % COLORS.length] : "#ccd1d9";
      html += `<div style="background:${color}" title="shard ${i}: ${esc(name)}"></div>`;
    });
    html += `</div>`;
  }
  html += `<p class="legend">${s.owners.map((o, i) => `<span><i style="background:${o ? COLORS[i % COLORS.length] : "#ccd1d9"}"></i>${esc(o || "unassigned")} (${s.counts[o]})</span>`).join("")}</p>`;
  html += `<h2>Live entities here</h2><table><tr><th>type</th><th>live</th></tr>${Object.entries(c.liveEntities)
    .map(([t, n]) => `<tr><td>${esc(t)}</td><td>${n}</td></tr>`).join("")}</table>
    <h2>Singletons here</h2><p>${c.singletons.map((s) => `<code>${esc(s)}</code>`).join(", ") || "none"}</p>`;
  return html;
}

const STATUSES = ["", "RUNNING", "SLEEPING", "AWAITING", "COMPLETED", "FAILED", "CANCELLED"];
const filters = { status: "", type: "", entityId: "", cursor: "" };

async function workflows() {
  const q = new URLSearchParams({ limit: "50" });
  for (const k of ["status", "type", "entityId", "cursor"]) if (filters[k]) q.set(k, filters[k]);
  const page = await api("/workflows?" + q);
  let html = `<h2>Workflows</h2><form class="filters" id="wf-filters">
    <select id="f-status">${STATUSES.map((s) => `<option value="${s}" ${s === filters.status ? "selected" : ""}>${s || "any status"}</option>`).join("")}</select>
    <input id="f-type" placeholder="entity type" value="${esc(filters.type)}">
    <input id="f-entity" placeholder="entity id" value="${esc(filters.entityId)}">
    <button class="primary" type="submit">Filter</button></form>
    <table id="workflows"><tr><th>execution</th><th>entity</th><th>workflow</th><th>status</th><th>started</th><th>ended</th></tr>`;
  for (const e of page.executions) {
    html += `<tr class="click" data-id="${esc(e.executionId)}"><td><code>${esc(e.executionId)}</code></td>
      <td>${esc(e.entityType)}/${esc(e.entityId)}</td><td>${esc(e.tag)}</td><td>${badge(e.status)}</td>
      <td>${time(e.startedAt)}</td><td>${time(e.endedAt)}</td></tr>`;
  }
  if (!page.executions.length) html += `<tr><td colspan=6 class=muted>no executions match</td></tr>`;
  html += `</table>`;
  if (page.nextCursor) html += `<p><button id="next-page" data-cursor="${esc(page.nextCursor)}">Next page</button></p>`;
  return html;
}

function bindWorkflows() {
  $("#wf-filters")?.addEventListener("submit", (e) => {
    e.preventDefault();
    filters.status = $("#f-status").value;
    filters.type = $("#f-type").value.trim();
    filters.entityId = $("#f-entity").value.trim();
    filters.cursor = "";
    render();
  });
  $("#next-page")?.addEventListener("click", (e) => { filters.cursor = e.target.dataset.cursor; render(); });
  document.querySelectorAll("#workflows tr[data-id]").forEach((tr) =>
    tr.addEventListener("click", () => { location.hash = "#/workflows/" + encodeURIComponent(tr.dataset.id); }));
}

async function workflow(id) {
  const e = await api("/workflows/" + encodeURIComponent(id));
  const t0 = Date.parse(e.startedAt);
  const t1 = Math.max(Date.now(), ...e.steps.map((s) => Date.parse(s.endedAt || s.startedAt)));
  const span = Math.max(1, t1 - t0);
  let html = `<p><a href="#/workflows">← workflows</a></p><h2>Execution <code>${esc(e.executionId)}</code> <span id="wf-status">${badge(e.status)}</span></h2>
    <div class="kv"><div>entity</div><div><a href="#/entities/${encodeURIComponent(e.entityType)}/${encodeURIComponent(e.entityId)}">${esc(e.entityType)}/${esc(e.entityId)}</a></div>
    <div>workflow</div><div>${esc(e.tag)}</div><div>started</div><div>${time(e.startedAt)}</div><div>ended</div><div>${time(e.endedAt)}</div>
    ${e.failure ? `<div>failure</div><div class="mono">${esc(e.failure)}</div>` : ""}
    ${e.cancelReason ? `<div>cancel reason</div><div>${esc(e.cancelReason)}</div>` : ""}
    ${e.restartedFrom ? `<div>restarted from</div><div><a href="#/workflows/${encodeURIComponent(e.restartedFrom)}"><code>${esc(e.restartedFrom)}</code></a></div>` : ""}</div>
    <div class="actions">
      <button class="danger" id="cancel" ${e.finished || readOnly ? "disabled" : ""}>Cancel</button>
      <button id="retry" ${e.status !== "FAILED" || readOnly ? "disabled" : ""}>Retry</button>
      <span>restart from step</span><input id="restart-step" type="number" min="1" max="${e.steps.length + 1}" value="${e.steps.length || 1}" style="width:70px">
      <button id="restart" ${readOnly ? "disabled" : ""}>Restart</button>
      <a href="${API}/workflows/${encodeURIComponent(e.executionId)}/history${token ? "?token=" + encodeURIComponent(token) : ""}" download="history-${esc(e.executionId)}.json">export history</a>
    </div>
    <h2>Steps</h2><div class="timeline" id="steps">`;
  if (!e.steps.length) html += `<div class="muted">no step recorded yet</div>`;
  for (const s of e.steps) {
    const start = Date.parse(s.startedAt), end = s.endedAt ? Date.parse(s.endedAt) : Date.now();
    const left = ((start - t0) / span) * 100, width = Math.max(0.5, ((end - start) / span) * 100);
    const cls = s.failed ? "failed" : s.endedAt ? "" : "open";
    html += `<div class="step" data-step="${s.number}"><div><b>${s.number}</b></div><div>${esc(s.kind)}</div>
      <div><code>${esc(s.tag)}</code><div style="position:relative;height:10px;margin-top:4px">
      <div class="bar ${cls}" style="position:absolute;left:${left}%;width:${width}%"></div></div></div>
      <div class="muted">${time(s.startedAt)} → ${s.endedAt ? time(s.endedAt) : "waiting"}</div>
      <div>${s.failed ? badge("FAILED") : s.endedAt ? `${s.durationMillis} ms` : badge("AWAITING")}<div class="muted">${s.payloadBytes} B</div></div></div>`;
  }
  if (!e.finished) {
    html += `<div class="step pending" data-step="next"><div><b>${e.steps.length + 1}</b></div><div class="muted">next</div>
      <div class="muted">${e.status === "AWAITING" ? "awaiting a deferred" : e.status === "SLEEPING" ? "sleeping" : "running"}</div>
      <div class="muted">since ${time(e.steps.length ? e.steps[e.steps.length - 1].endedAt : e.startedAt)}</div><div>${badge(e.status)}</div></div>`;
  }
  html += `</div>`;
  return html;
}

async function act(path, body, done) {
  if (busy) return;
  busy = true;
  try {
    const r = await api(path, { method: "POST", body: body ? JSON.stringify(body) : "" });
    notice(done(r), false);
  } catch (e) {
    notice(`${e.code}: ${e.message}`, true);
  } finally {
    busy = false;
  }
  render();
}

function bindWorkflow(id) {
  const base = "/workflows/" + encodeURIComponent(id);
  $("#cancel")?.addEventListener("click", () => {
    const reason = prompt("Why cancel this execution?", "cancelled by an operator");
    if (reason !== null) act(base + "/cancel", { reason }, () => "cancellation requested");
  });
  $("#retry")?.addEventListener("click", () => act(base + "/retry", null, () => "retrying"));
  $("#restart")?.addEventListener("click", () =>
    act(base + "/restart?step=" + encodeURIComponent($("#restart-step").value), null, (r) => {
      setTimeout(() => { location.hash = "#/workflows/" + encodeURIComponent(r.executionId); }, 0);
      return "restarted as " + r.executionId;
    }));
}

async function entities(type, id) {
  const counts = await api("/entities");
  let html = `<h2>Entities</h2><form class="filters" id="entity-form">
    <select id="e-type">${counts.types.map((t) => `<option ${t.type === type ? "selected" : ""}>${esc(t.type)}</option>`).join("")}</select>
    <input id="e-id" placeholder="entity id" value="${esc(id || "")}"><button class="primary" type="submit">Look up</button></form>`;
  if (type && id) {
    const e = await api("/entities/" + encodeURIComponent(type) + "/" + encodeURIComponent(id));
    html += `<div class="kv" id="entity"><div>entity</div><div>${esc(e.entityType)}/${esc(e.entityId)}</div>
      <div>shard</div><div>${esc(e.shardGroup)} #${e.shard}</div><div>in memory here</div><div>${e.liveHere ? "yes" : "no"}</div>
      <div>version</div><div>${e.version}</div></div>
      <h2>State</h2>${e.stored ? `<pre id="entity-state">${esc(JSON.stringify(e.state, null, 2))}</pre>` : `<p class="muted" id="entity-state">nothing committed yet</p>`}
      ${Object.keys(e.traits).length ? `<h2>Traits</h2><pre>${esc(JSON.stringify(e.traits, null, 2))}</pre>` : ""}
      <h2>Pending requests</h2><table><tr><th>request</th><th>message</th><th>failures</th><th>due</th><th>last error</th></tr>
      ${e.pending.map((p) => `<tr><td><code>${esc(p.requestId)}</code></td><td>${esc(p.tag)}</td><td>${p.failures}</td><td>${time(p.deliverAt)}</td><td>${esc(p.lastError || "")}</td></tr>`).join("") || `<tr><td colspan=5 class=muted>none</td></tr>`}</table>`;
  }
  html += `<h2>Live here, by type</h2><table><tr><th>type</th><th>live</th></tr>${counts.types.map((t) => `<tr><td>${esc(t.type)}</td><td>${t.live}</td></tr>`).join("")}</table>`;
  return html;
}

function bindEntities() {
  $("#entity-form")?.addEventListener("submit", (e) => {
    e.preventDefault();
    location.hash = "#/entities/" + encodeURIComponent($("#e-type").value) + "/" + encodeURIComponent($("#e-id").value.trim());
  });
}

async function deadLetters() {
  const d = await api("/dead-letters");
  let html = `<h2>Dead letters</h2><table id="dead-letters"><tr><th>request</th><th>entity</th><th>message</th><th>failures</th><th>last error</th><th>saved</th><th></th></tr>`;
  for (const r of d.deadLetters) {
    html += `<tr data-id="${esc(r.requestId)}"><td><code>${esc(r.requestId)}</code></td><td>${esc(r.entityType)}/${esc(r.entityId)}</td>
      <td>${esc(r.tag)}</td><td>${r.failures}</td><td class="mono">${esc(r.lastError)}</td><td>${time(r.createdAt)}</td>
      <td><button class="primary redrive" ${readOnly ? "disabled" : ""}>Redrive</button></td></tr>`;
  }
  if (!d.deadLetters.length) html += `<tr><td colspan=7 class=muted id="no-dead-letters">no dead letters</td></tr>`;
  return html + `</table>`;
}

function bindDeadLetters() {
  document.querySelectorAll("#dead-letters tr[data-id] .redrive").forEach((b) =>
    b.addEventListener("click", () => {
      const id = b.closest("tr").dataset.id;
      act("/dead-letters/" + encodeURIComponent(id) + "/redrive", null, () => "redriven " + id);
    }));
}

async function schedules() {
  const s = await api("/schedules");
  let html = `<h2>Schedules</h2><table id="schedules"><tr><th>name</th><th>cron</th><th>zone</th><th>last tick</th><th>next tick</th><th>runs</th><th>failures</th><th>missed</th><th>last failure</th></tr>`;
  for (const c of s.schedules) {
    html += `<tr><td>${esc(c.name)}</td><td><code>${esc(c.expression)}</code></td><td>${esc(c.zone)}</td><td>${time(c.lastTick)}</td>
      <td>${time(c.nextTick)}</td><td>${c.runs}</td><td>${c.failures}</td><td>${c.missed}</td><td class="mono">${esc(c.lastFailure || "")}</td></tr>`;
  }
  if (!s.schedules.length) html += `<tr><td colspan=9 class=muted>no schedules on this runner</td></tr>`;
  return html + `</table>`;
}

// ---- routing and refresh

function route() {
  const parts = location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  return { view: parts[0] || "overview", args: parts.slice(1) };
}

let rendering = false;
let renderAgain = false; // a navigation during a render is rendered right after it, not dropped
async function render() {
  if (rendering) { renderAgain = true; return; }
  rendering = true;
  const { view, args } = route();
  document.querySelectorAll("nav a").forEach((a) => a.classList.toggle("active", a.dataset.view === view));
  try {
    if (view === "overview") { $("#view").innerHTML = await overview(); }
    else if (view === "workflows" && args[0]) { $("#view").innerHTML = await workflow(args[0]); bindWorkflow(args[0]); }
    else if (view === "workflows") { $("#view").innerHTML = await workflows(); bindWorkflows(); }
    else if (view === "entities") { $("#view").innerHTML = await entities(args[0], args[1]); bindEntities(); }
    else if (view === "dead-letters") { $("#view").innerHTML = await deadLetters(); bindDeadLetters(); }
    else if (view === "schedules") { $("#view").innerHTML = await schedules(); }
    else { $("#view").innerHTML = `<p>No such page.</p>`; }
    document.body.dataset.rendered = view;
  } catch (e) {
    if (e.status !== 401) notice(`${e.code || "error"}: ${e.message}`, true);
  } finally {
    rendering = false;
    if (renderAgain) { renderAgain = false; render(); }
  }
}

let source;
function connect() {
  if (source) source.close();
  source = new EventSource(API + "/events" + (token ? "?token=" + encodeURIComponent(token) : ""));
  source.addEventListener("summary", () => {
    $("#live").textContent = "● live";
    $("#live").className = "live on";
    const typing = document.activeElement && ["INPUT", "SELECT"].includes(document.activeElement.tagName);
    // The entity lookup shows one stored snapshot: a refresh would reset its form under the user.
    if (!typing && !busy && route().view !== "entities") render();
  });
  source.onerror = () => { $("#live").textContent = "○ reconnecting"; $("#live").className = "live"; };
}

window.addEventListener("hashchange", () => { notice(""); render(); });
api("/cluster").then((c) => { readOnly = c.readOnly; }).catch(() => {}).finally(() => { connect(); render(); });
