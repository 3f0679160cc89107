// oncograph's query page: saved queries with name completion, free SPARQL, a results table and a spread chart.
// Plain JavaScript against this server's own endpoints; nothing is loaded from anywhere else.
"use strict";

const OG = "https://w3id.org/oncograph/ontology#";
const OGR = "https://w3id.org/oncograph/resource/";
const ONTOLOGY = "https://w3id.org/oncograph/ontology";
// spread questions: the column whose values get a bar each
const SPREAD = { "metastasis-sites-of": "siteLabel", "cancers-metastasizing-to": "cancerLabel" };
const $ = (id) => document.getElementById(id);
let catalogue = [];

// Where an IRI is shown: our resources and terms on this server, other http(s) IRIs at themselves; anything
// else (javascript:, data: ...) gets no link at all.
function localHref(iri) {
  if (!/^https?:\/\//.test(iri)) return null;
  if (iri.startsWith(OGR)) return "/resource/" + iri.slice(OGR.length);
  if (iri.startsWith(OG)) return "/ontology#" + iri.slice(OG.length);
  if (iri === ONTOLOGY) return "/ontology";
  return iri;
}

function element(tag, attrs = {}, text = "") {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  if (text) node.textContent = text;
  return node;
}

function setStatus(text, isError = false) {
  $("status").textContent = text;
  $("status").className = isError ? "status error" : "status";
}

async function loadCatalogue() {
  catalogue = await (await fetch("/queries", { headers: { Accept: "application/json" } })).json();
  const select = $("query-select");
  for (const query of catalogue) select.appendChild(element("option", { value: query.name }, `${query.name}: ${query.title}`));
  select.addEventListener("change", showParameters);
  showParameters();
}

function selectedQuery() {
  return catalogue.find((q) => q.name === $("query-select").value);
}

function showParameters() {
  const query = selectedQuery();
  $("query-description").textContent = query.description;
  const box = $("params");
  box.replaceChildren();
  for (const parameter of query.parameters) {
    const row = element("div", { class: "param" });
    const id = `param-${parameter.name}`;
    row.appendChild(element("label", { for: id }, parameter.name + (parameter.required ? " *" : "")));
    const input = element("input", { id, name: parameter.name, autocomplete: "off",
      placeholder: parameter.example ? `e.g. ${parameter.example}` : (parameter.default || "") });
    const list = element("ul", { class: "suggestions", id: `${id}-suggestions`, hidden: "" });
    let timer = null;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => complete(query.name, parameter.name, input, list), 120);
    });
    input.addEventListener("blur", () => setTimeout(() => { list.hidden = true; }, 200));
    row.appendChild(input);
    row.appendChild(list);
    box.appendChild(row);
  }
}

async function complete(queryName, paramName, input, list) {
  const text = input.value.trim();
  list.replaceChildren();
  if (!text) { list.hidden = true; return; }
  const url = `/labels?query=${encodeURIComponent(queryName)}&param=${encodeURIComponent(paramName)}&q=${encodeURIComponent(text)}&limit=12`;
  const matches = await (await fetch(url)).json();
  for (const match of matches) {
    const item = element("li", { "data-iri": match.iri }, match.label);
    item.addEventListener("mousedown", (event) => {
      event.preventDefault();
      input.value = match.label;
      list.hidden = true;
    });
    list.appendChild(item);
  }
  list.hidden = matches.length === 0;
}

function savedQueryUrl(format) {
  const query = selectedQuery();
  const params = new URLSearchParams();
  for (const parameter of query.parameters) {
    const value = $(`param-${parameter.name}`).value.trim();
    if (value) params.append(parameter.name, value);
  }
  if (format) params.append("format", format);
  const text = params.toString();
  return `/queries/${encodeURIComponent(query.name)}${text ? "?" + text : ""}`;
}

async function runSaved() {
  const query = selectedQuery();
  await show(fetch(savedQueryUrl(), { headers: { Accept: "application/sparql-results+json" } }),
    query.parameters.map((p) => p.name), SPREAD[query.name], savedQueryUrl("csv"), savedQueryUrl("json"));
}

async function runSparql() {
  const text = $("sparql-text").value;
  const body = new URLSearchParams({ query: text });
  const link = (format) => `/sparql?${new URLSearchParams({ query: text, format })}`;
  await show(fetch("/sparql", { method: "POST", body, headers: { Accept: "application/sparql-results+json" } }),
    [], null, link("csv"), link("json"));
}

async function show(pending, hidden, spreadColumn, csvUrl, jsonUrl) {
  setStatus("running…");
  $("results").replaceChildren();
  $("chart").replaceChildren();
  $("downloads").hidden = true;
  const started = performance.now();
  const response = await pending;
  const text = await response.text();
  if (!response.ok) { setStatus(text.trim(), true); return; }
  const answer = JSON.parse(text);
  const took = Math.round(performance.now() - started);
  $("download-csv").href = csvUrl;
  $("download-json").href = jsonUrl;
  $("downloads").hidden = false;
  if ("boolean" in answer) { setStatus(`answer: ${answer.boolean} (${took} ms)`); return; }
  const rows = answer.results.bindings;
  const cut = response.headers.get("Oncograph-Truncated") === "true" ? ", cut at the row cap" : "";
  setStatus(`${rows.length} row${rows.length === 1 ? "" : "s"}${cut} (${took} ms)`);
  renderTable(answer.head.vars, rows, new Set(hidden));
  if (spreadColumn && rows.length) renderChart(rows, spreadColumn);
}

function renderTable(variables, rows, hidden) {
  const columns = variables.filter((v) => !hidden.has(v) && !variables.includes(v + "Label"));
  const table = element("table", { id: "results-table" });
  const head = element("tr");
  for (const column of columns) head.appendChild(element("th", {}, column.endsWith("Label") ? column.slice(0, -5) : column));
  table.appendChild(head);
  for (const row of rows) {
    const line = element("tr");
    for (const column of columns) {
      const cell = element("td");
      const term = row[column];
      const base = column.endsWith("Label") ? row[column.slice(0, -5)] : null;
      if (term && term.type === "uri" && localHref(term.value)) {
        cell.appendChild(element("a", { href: localHref(term.value) }, term.value));
      } else if (term && base && base.type === "uri" && localHref(base.value)) {
        cell.appendChild(element("a", { href: localHref(base.value) }, term.value));
      } else if (term) {
        cell.textContent = term.value;
      }
      line.appendChild(cell);
    }
    table.appendChild(line);
  }
  $("results").appendChild(table);
}

// One bar per site (or cancer): its highest percentage where the answer has a percentage column (rows without
// a number are left out of the picture), else the number of statements (pattern × source rows) for it.
function renderChart(rows, column) {
  const percentColumn = Object.keys(rows[0]).find((k) => /percent/i.test(k) && !isNaN(parseFloat(rows[0][k].value)));
  const values = new Map();
  for (const row of rows) {
    if (!row[column]) continue;
    if (percentColumn && !row[percentColumn]) continue;  // a qualitative row has no length: it stays in the table
    const key = row[column].value;
    const value = percentColumn && row[percentColumn] ? parseFloat(row[percentColumn].value) : 1;
    values.set(key, percentColumn ? Math.max(values.get(key) || 0, value) : (values.get(key) || 0) + value);
  }
  const bars = [...values.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const max = Math.max(...bars.map((b) => b[1]));
  const barHeight = 22, labelWidth = 190, plotWidth = 360;
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("width", labelWidth + plotWidth + 60);
  svg.setAttribute("height", bars.length * barHeight + 30);
  svg.setAttribute("role", "img");
  const what = percentColumn ? `${percentColumn} (%)` : "statements in the graph";
  svg.setAttribute("aria-label", `${column.replace(/Label$/, "")}: ${what}`);
  const title = document.createElementNS(ns, "text");
  title.setAttribute("x", 0); title.setAttribute("y", 14);
  title.textContent = `${column.replace(/Label$/, "")} · bar length: ${what}`;
  svg.appendChild(title);
  bars.forEach(([label, value], i) => {
    const y = 24 + i * barHeight;
    const name = document.createElementNS(ns, "text");
    name.setAttribute("x", 0); name.setAttribute("y", y + 14);
    name.textContent = label;
    const rect = document.createElementNS(ns, "rect");
    rect.setAttribute("x", labelWidth); rect.setAttribute("y", y + 3);
    rect.setAttribute("height", barHeight - 6);
    rect.setAttribute("width", Math.max(2, (value / max) * plotWidth));
    rect.setAttribute("data-label", label);
    rect.setAttribute("data-value", value);
    const number = document.createElementNS(ns, "text");
    number.setAttribute("x", labelWidth + (value / max) * plotWidth + 6); number.setAttribute("y", y + 14);
    number.textContent = String(value);
    svg.append(name, rect, number);
  });
  $("chart").appendChild(svg);
}

$("run-saved").addEventListener("click", runSaved);
$("run-sparql").addEventListener("click", runSparql);
loadCatalogue().catch((error) => setStatus(`could not load the catalogue: ${error}`, true));
