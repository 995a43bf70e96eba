// The explorer: z comes from the server (/explorer/api/latents, drawn by dcgan-inference's
// Latents, so a seed and ψ give the images `dcgan generate` and the REST API give); images come
// from TF Serving's REST API (:predict); paths, walks and codes are arithmetic on z done here.
"use strict";

const GRID = 16;
const STEPS = 8;
const WALK_STEP = 1.0;
const PSI_OFF = 3.1;

const $ = (id) => document.getElementById(id);
const state = { models: [], model: null, seed: 0, psi: null, cls: 0, code: null, z: [], directions: [], pins: [] };

function showMessage(text) {
  $("message").textContent = text;
  $("message").hidden = !text;
}

async function getJson(url, init) {
  const r = await fetch(url, init);
  const body = await r.json().catch(() => ({ error: "the server answered " + r.status }));
  if (!r.ok || body.error) throw new Error(body.error || "the server answered " + r.status);
  return body;
}

/** Images for rows of z: {@code predictions} of serving_default, one [h][w][c] array each. */
async function predict(z) {
  const m = state.model;
  const instances = m.classes.length ? z.map((row) => ({ z: row, labels: state.cls })) : z;
  const body = await getJson("/v1/models/" + encodeURIComponent(m.name) + ":predict", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ instances }),
  });
  return body.predictions;
}

/** round(v * 255) in float32 arithmetic, clamped: exactly ImageGrid.quantize. */
function quantize(v) {
  const x = Math.round(Math.fround(Math.fround(v) * 255));
  return Math.max(0, Math.min(255, x));
}

function toCanvas(image) {
  const h = image.length, w = image[0].length, c = image[0][0].length;
  const canvas = document.createElement("canvas");
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext("2d");
  const data = ctx.createImageData(w, h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const px = image[y][x];
      const at = 4 * (y * w + x);
      data.data[at] = quantize(px[0]);
      data.data[at + 1] = quantize(px[c === 3 ? 1 : 0]);
      data.data[at + 2] = quantize(px[c === 3 ? 2 : 0]);
      data.data[at + 3] = 255;
    }
  }
  ctx.putImageData(data, 0, 0);
  return canvas;
}

function fill(id, images, onClick) {
  const box = $(id);
  box.replaceChildren();
  images.forEach((image, i) => {
    const canvas = toCanvas(image);
    canvas.dataset.index = i;
    if (onClick) canvas.addEventListener("click", () => onClick(i));
    box.appendChild(canvas);
  });
}

function slerp(a, b, t) {
  let dot = 0, na = 0, nb = 0;
  for (let j = 0; j < a.length; j++) { dot += a[j] * b[j]; na += a[j] * a[j]; nb += b[j] * b[j]; }
  const cos = na === 0 || nb === 0 ? 1 : Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb)));
  const omega = Math.acos(cos), sin = Math.sin(omega);
  const wa = sin < 1e-6 ? 1 - t : Math.sin((1 - t) * omega) / sin;
  const wb = sin < 1e-6 ? t : Math.sin(t * omega) / sin;
  return a.map((v, j) => wa * v + wb * b[j]);
}

function lerp(a, b, t) {
  return a.map((v, j) => (1 - t) * v + t * b[j]);
}

/** z drawing code c: the largest of its first K entries swapped into place c (Latents.withCode). */
function withCode(z, k, c) {
  let largest = 0;
  for (let j = 1; j < k; j++) if (z[j] > z[largest]) largest = j;
  const out = z.slice();
  out[c] = z[largest];
  out[largest] = z[c];
  return out;
}

function bump() {
  document.body.dataset.renders = String(Number(document.body.dataset.renders) + 1);
  document.body.dataset.state = "ready";
}

function writeUrl() {
  const p = new URLSearchParams();
  p.set("model", state.model.name);
  p.set("seed", String(state.seed));
  if (state.psi !== null) p.set("psi", String(state.psi));
  if (state.model.classes.length) p.set("class", String(state.cls));
  if (state.code !== null) p.set("code", String(state.code));
  history.replaceState(null, "", "?" + p.toString());
}

/** The view a URL asks for, checked: a message names the first bad parameter. */
function readUrl() {
  const p = new URLSearchParams(location.search);
  const name = p.get("model") || state.models[0].name;
  const model = state.models.find((m) => m.name === name);
  if (!model) throw new Error("Unknown model '" + name + "'; this server has " + state.models.map((m) => m.name).join(", "));
  const seedText = p.get("seed") || "0";
  if (!/^-?\d{1,18}$/.test(seedText)) throw new Error("seed must be a whole number, got '" + seedText + "'");
  let psi = null;
  if (p.has("psi")) {
    psi = Number(p.get("psi"));
    if (!(psi > 0) || !isFinite(psi)) throw new Error("psi must be a number greater than 0, got '" + p.get("psi") + "'");
  }
  let cls = 0;
  if (p.has("class")) {
    cls = Number(p.get("class"));
    if (!model.classes.length) throw new Error("model " + model.name + " is not class-conditional: drop class=");
    if (!Number.isInteger(cls) || cls < 0 || cls >= model.classes.length)
      throw new Error("class must be 0.." + (model.classes.length - 1) + ", got '" + p.get("class") + "'");
  }
  let code = null;
  if (p.has("code") && p.get("code") !== "") {
    code = Number(p.get("code"));
    if (!model.latentCode) throw new Error("model " + model.name + " has no latent code: drop code=");
    if (!Number.isInteger(code) || code < 0 || code >= model.latentCode)
      throw new Error("code must be 0.." + (model.latentCode - 1) + ", got '" + p.get("code") + "'");
  }
  return { model, seed: seedText, psi, cls, code };
}

function syncControls() {
  const m = state.model;
  $("model").value = m.name;
  $("seed").value = state.seed;
  $("psi").value = state.psi === null ? PSI_OFF : state.psi;
  $("psi-value").textContent = state.psi === null ? "off" : state.psi.toFixed(1);
  $("class-label").hidden = !m.classes.length;
  $("class").replaceChildren(...m.classes.map((c, i) => new Option(i + ": " + c, i)));
  if (m.classes.length) $("class").value = state.cls;
  $("code-label").hidden = !m.latentCode;
  $("code").replaceChildren(new Option("any", ""), ...Array.from({ length: m.latentCode }, (_, i) => new Option(String(i), i)));
  $("code").value = state.code === null ? "" : state.code;
  $("codes-section").hidden = !m.latentCode;
}

async function renderGrid() {
  const m = state.model;
  const q = new URLSearchParams({ model: m.name, seed: state.seed, count: GRID });
  if (state.psi !== null) q.set("psi", state.psi);
  if (state.code !== null) q.set("code", state.code);
  const latents = await getJson("/explorer/api/latents?" + q.toString());
  state.z = latents.z;
  state.directions = latents.directions;
  fill("grid", await predict(state.z), pin);
  await renderPins();
}

function pin(i) {
  state.pins = [...state.pins, state.z[i].slice()].slice(-2);
  renderPins().then(bump, fail);
}

async function renderPins() {
  const pins = state.pins;
  fill("pins", pins.length ? await predict(pins) : []);
  if (pins.length === 2) {
    const path = [];
    for (let s = 0; s < STEPS; s++) {
      const t = s / (STEPS - 1);
      path.push($("slerp").checked ? slerp(pins[0], pins[1], t) : lerp(pins[0], pins[1], t));
    }
    path[0] = pins[0];
    path[STEPS - 1] = pins[1];
    fill("strip", await predict(path));
  } else {
    fill("strip", []);
  }
  const k = state.model.latentCode;
  const last = pins.length ? pins[pins.length - 1] : state.z[0];
  fill("codes", k ? await predict(Array.from({ length: k }, (_, c) => withCode(last, k, c))) : []);
}

function fail(e) {
  showMessage(e.message);
  document.body.dataset.state = "error";
  bump();
}

async function rerender() {
  showMessage("");
  writeUrl();
  try {
    await renderGrid();
    bump();
  } catch (e) {
    fail(e);
  }
}

function walk(dx, dy) {
  if (!state.pins.length) return;
  const d = state.directions;
  const last = state.pins[state.pins.length - 1];
  state.pins[state.pins.length - 1] = last.map((v, j) => v + WALK_STEP * (dx * d[0][j] + dy * d[1][j]));
  renderPins().then(bump, fail);
}

function download() {
  const canvases = [...$("grid").querySelectorAll("canvas")];
  if (!canvases.length) return;
  const w = canvases[0].width, h = canvases[0].height, cols = 4, gap = 2;
  const rows = Math.ceil(canvases.length / cols);
  const out = document.createElement("canvas");
  out.width = cols * w + (cols - 1) * gap;
  out.height = rows * h + (rows - 1) * gap;
  const ctx = out.getContext("2d");
  canvases.forEach((c, i) => ctx.drawImage(c, (i % cols) * (w + gap), Math.floor(i / cols) * (h + gap)));
  const a = document.createElement("a");
  a.download = state.model.name + "-seed" + state.seed + ".png";
  a.href = out.toDataURL("image/png");
  a.click();
}

async function main() {
  try {
    state.models = (await getJson("/explorer/api/models")).models;
  } catch (e) {
    return fail(e);
  }
  if (!state.models.length) return fail(new Error("This server has no generators to show."));
  $("model").replaceChildren(...state.models.map((m) => new Option(m.name + " (v" + m.version + ")", m.name)));
  try {
    Object.assign(state, readUrl());
  } catch (e) {
    state.model = state.models[0];
    syncControls();
    return fail(e);
  }
  syncControls();
  $("model").addEventListener("change", () => {
    state.model = state.models.find((m) => m.name === $("model").value);
    Object.assign(state, { cls: 0, code: null, pins: [] });
    syncControls();
    rerender();
  });
  $("seed").addEventListener("change", () => {
    state.seed = String(Math.trunc(Number($("seed").value) || 0));
    state.pins = [];
    rerender();
  });
  $("new-seed").addEventListener("click", () => {
    state.seed = String(Math.floor(Math.random() * 1e9));
    $("seed").value = state.seed;
    state.pins = [];
    rerender();
  });
  $("psi").addEventListener("change", () => {
    const v = Number($("psi").value);
    state.psi = v >= PSI_OFF - 1e-9 ? null : Math.round(v * 10) / 10;
    $("psi-value").textContent = state.psi === null ? "off" : state.psi.toFixed(1);
    rerender();
  });
  $("class").addEventListener("change", () => {
    state.cls = Number($("class").value);
    rerender();
  });
  $("code").addEventListener("change", () => {
    state.code = $("code").value === "" ? null : Number($("code").value);
    rerender();
  });
  $("slerp").addEventListener("change", () => renderPins().then(bump, fail));
  $("download").addEventListener("click", download);
  document.addEventListener("keydown", (e) => {
    if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) return;
    const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    if (moves[e.key]) {
      e.preventDefault();
      walk(...moves[e.key]);
    }
  });
  rerender();
}

main();
