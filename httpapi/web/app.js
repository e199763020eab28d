// skillpulse dashboard: plain JavaScript and hand-drawn SVG, no library and
// nothing fetched from outside this server. Every chart element carries its
// figure in data-* attributes, so the browser test compares them with the API.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  const pct = (x) => (100 * x).toFixed(1) + "%";
  const day = (d) => d.toISOString().slice(0, 10);
  const state = { lastDay: null, seq: 0 };

  function filters() {
    const p = new URLSearchParams();
    p.set("from", $("from").value);
    p.set("to", $("to").value);
    if ($("role_family").value) p.set("role_family", $("role_family").value);
    const st = $("state").value.trim();
    if (st) p.set("state", st.toUpperCase());
    return p;
  }
  function url(path, extra) {
    const p = filters();
    for (const [k, v] of Object.entries(extra || {})) if (v !== "" && v != null) p.set(k, v);
    return path + "?" + p.toString();
  }
  async function get(path, extra) {
    const r = await fetch(url(path, extra), { headers: { Accept: "application/json" } });
    const body = await r.json().catch(() => ({ error: r.statusText }));
    if (!r.ok) throw new Error(body.error || r.statusText);
    return body;
  }
  function csv(id, path, extra) { $(id).href = url(path, Object.assign({ format: "csv" }, extra)); }

  function table(el, cols, rows) {
    if (!rows.length) { el.innerHTML = '<p class="empty">No postings match these filters.</p>'; return; }
    let h = "<table><thead><tr>" + cols.map((c) => `<th scope="col"${c.num ? ' class="num"' : ""}>${esc(c.h)}</th>`).join("") + "</tr></thead><tbody>";
    for (const r of rows) h += "<tr>" + cols.map((c) => `<td${c.num ? ' class="num"' : ""}>${esc(c.v(r))}</td>`).join("") + "</tr>";
    el.innerHTML = h + "</tbody></table>";
  }

  // bars draws horizontal bars: rows of {id, label, value, cls, text}.
  function bars(el, rows, name, signed) {
    if (!rows.length) { el.innerHTML = '<p class="empty">No postings match these filters.</p>'; return; }
    const W = 560, rowH = 24, left = 170, right = 70, H = rows.length * rowH + 8;
    const max = Math.max(...rows.map((r) => Math.abs(r.value)), 1e-9);
    const span = W - left - right, zero = signed ? left + span / 2 : left;
    const scale = (signed ? span / 2 : span) / max;
    let s = `<svg viewBox="0 0 ${W} ${H}" xmlns="http://www.w3.org/2000/svg" data-chart="${name}">`;
    rows.forEach((r, i) => {
      const y = i * rowH + 4, w = Math.max(Math.abs(r.value) * scale, 1), x = r.value < 0 ? zero - w : zero;
      s += `<g class="bar" data-skill="${esc(r.id)}" data-value="${r.value}"${r.postings != null ? ` data-postings="${r.postings}"` : ""}>` +
        `<title>${esc(r.label)}: ${esc(r.text)}</title>` +
        `<text x="${left - 6}" y="${y + 16}" text-anchor="end">${esc(r.label.length > 24 ? r.label.slice(0, 23) + "…" : r.label)}</text>` +
        `<rect class="${r.cls}" x="${x}" y="${y + 3}" width="${w}" height="${rowH - 7}" rx="2"></rect>` +
        `<text x="${r.value < 0 ? x - 4 : x + w + 4}" y="${y + 16}" text-anchor="${r.value < 0 ? "end" : "start"}">${esc(r.text)}</text></g>`;
    });
    if (signed) s += `<line class="axis" x1="${zero}" x2="${zero}" y1="0" y2="${H}"></line>`;
    el.innerHTML = s + "</svg>";
  }

  // lines draws one or more series over shared periods: series of
  // {name, cls, points: [{period, value}]}; values are shares (0..1).
  function lines(el, series, name) {
    const pts = series[0] ? series[0].points : [];
    if (!pts.length) { el.innerHTML = '<p class="empty">No postings match these filters.</p>'; return; }
    const W = 560, H = 240, l = 44, r = 36, t = 12, b = 30;
    const max = Math.max(0.05, ...series.flatMap((s) => s.points.map((p) => p.value)));
    const top = Math.min(1, Math.ceil(max * 10) / 10);
    const x = (i) => l + (pts.length === 1 ? (W - l - r) / 2 : (i * (W - l - r)) / (pts.length - 1));
    const y = (v) => t + (H - t - b) * (1 - v / top);
    let s = `<svg viewBox="0 0 ${W} ${H}" xmlns="http://www.w3.org/2000/svg" data-chart="${name}">`;
    for (let k = 0; k <= 4; k++) {
      const v = (top * k) / 4;
      s += `<line class="axis" x1="${l}" x2="${W - r}" y1="${y(v)}" y2="${y(v)}"></line><text x="${l - 4}" y="${y(v) + 4}" text-anchor="end">${Math.round(v * 100)}%</text>`;
    }
    const every = Math.ceil(pts.length / 6);
    pts.forEach((p, i) => { if (i % every === 0) s += `<text x="${x(i)}" y="${H - 8}" text-anchor="middle">${esc(p.period.slice(0, 10))}</text>`; });
    for (const se of series) {
      s += `<polyline class="line-${se.cls}" points="${se.points.map((p, i) => x(i) + "," + y(p.value)).join(" ")}"></polyline>`;
      se.points.forEach((p, i) => {
        s += `<circle class="pt ${se.cls}" cx="${x(i)}" cy="${y(p.value)}" r="3.5" data-series="${esc(se.name)}" data-period="${esc(p.period.slice(0, 10))}" data-value="${p.value}"><title>${esc(se.name)} ${esc(p.period.slice(0, 10))}: ${pct(p.value)}</title></circle>`;
      });
    }
    el.innerHTML = s + "</svg>";
  }

  async function loadTop() {
    const kind = $("kind").value;
    const d = await get("/api/v1/skills/top", { kind: kind, limit: 15 });
    csv("csv-top", "/api/v1/skills/top", { kind: kind, limit: 1000 });
    bars($("chart-top"), d.skills.map((s) => ({ id: s.skill_id, label: s.skill, value: s.share, postings: s.postings, cls: s.kind, text: `${s.postings} · ${pct(s.share)}` })), "top");
    table($("table-top"), [{ h: "Skill", v: (s) => s.skill }, { h: "Kind", v: (s) => s.kind }, { h: "Postings", num: 1, v: (s) => s.postings }, { h: "Share", num: 1, v: (s) => pct(s.share) }], d.skills);
  }
  async function loadShare() {
    const d = await get("/api/v1/share/soft-hard", { grain: "month" });
    csv("csv-share", "/api/v1/share/soft-hard", { grain: "month" });
    lines($("chart-share"), [
      { name: "hard", cls: "hard", points: d.points.map((p) => ({ period: p.period, value: p.hard_share })) },
      { name: "soft", cls: "soft", points: d.points.map((p) => ({ period: p.period, value: p.soft_share })) },
    ], "share");
    $("chart-share").insertAdjacentHTML("beforeend", '<div class="legend"><span><i style="background:var(--hard)"></i>Ask for a hard skill</span><span><i style="background:var(--soft)"></i>Ask for a soft skill</span></div>');
    table($("table-share"), [{ h: "Month", v: (p) => p.period.slice(0, 7) }, { h: "Postings", num: 1, v: (p) => p.total }, { h: "Hard", num: 1, v: (p) => pct(p.hard_share) }, { h: "Soft", num: 1, v: (p) => pct(p.soft_share) }], d.points);
  }
  async function loadRising() {
    const d = await get("/api/v1/skills/rising", { limit: 10, min_postings: 2 });
    csv("csv-rising", "/api/v1/skills/rising", { limit: 1000, min_postings: 2 });
    $("rising-note").textContent = `vs ${d.previous_from} to ${d.previous_to}`;
    bars($("chart-rising"), d.skills.map((m) => ({ id: m.skill_id, label: m.skill, value: m.change, postings: m.postings, cls: m.change >= 0 ? "up" : "down", text: `${m.change >= 0 ? "+" : ""}${(100 * m.change).toFixed(1)} pts${m.significant ? " *" : ""}` })), "rising", true);
    table($("table-rising"), [{ h: "Skill", v: (m) => m.skill }, { h: "Share", num: 1, v: (m) => pct(m.share) }, { h: "Before", num: 1, v: (m) => pct(m.previous_share) }, { h: "Change (pts)", num: 1, v: (m) => (100 * m.change).toFixed(1) }, { h: "Significant", v: (m) => (m.significant ? "yes" : "no") }], d.skills);
  }
  async function loadDurable() {
    const d = await get("/api/v1/durable");
    $("fig-postings").textContent = d.postings.toLocaleString("en-US");
    $("fig-anysoft").textContent = pct(d.any_soft_share);
    $("fig-softtop10").textContent = `${d.soft_in_top10} of ${d.top10.length}`;
    $("fig-top5").textContent = d.top5_soft_vs_hard ? d.top5_soft_vs_hard.toFixed(2) + "×" : "–";
  }
  async function loadSkills() {
    const d = await get("/api/v1/skills/top", { limit: 60 });
    const sel = $("skill"), keep = sel.value;
    sel.innerHTML = d.skills.map((s) => `<option value="${esc(s.skill_id)}">${esc(s.skill)}</option>`).join("");
    if (keep && d.skills.some((s) => s.skill_id === keep)) sel.value = keep;
  }
  async function loadTrend() {
    const id = $("skill").value;
    if (!id) { $("chart-trend").innerHTML = '<p class="empty">No postings match these filters.</p>'; $("table-co").innerHTML = ""; return; }
    const name = $("skill").selectedOptions[0].textContent;
    const [t, co] = await Promise.all([
      get(`/api/v1/skills/${encodeURIComponent(id)}/trend`, { grain: "week" }),
      get(`/api/v1/skills/${encodeURIComponent(id)}/cooccurring`, { limit: 10 }),
    ]);
    csv("csv-trend", `/api/v1/skills/${encodeURIComponent(id)}/trend`, { grain: "week" });
    lines($("chart-trend"), [{ name: id, cls: "skill", points: t.points.map((p) => ({ period: p.period, value: p.share })) }], "trend");
    $("co-skill").textContent = name;
    table($("table-co"), [{ h: "Skill", v: (c) => c.skill }, { h: "Together", num: 1, v: (c) => c.together }, { h: "Confidence", num: 1, v: (c) => pct(c.confidence) }, { h: "Lift", num: 1, v: (c) => c.lift.toFixed(2) }], co.skills);
    $("table-co").querySelectorAll("tbody tr").forEach((tr, i) => { tr.dataset.skill = co.skills[i].skill_id; tr.dataset.together = co.skills[i].together; });
  }

  async function refresh() {
    const seq = ++state.seq;
    $("status").className = "status";
    $("status").textContent = "Loading…";
    try {
      await loadSkills();
      await Promise.all([loadDurable(), loadTop(), loadShare(), loadRising(), loadTrend()]);
      if (seq !== state.seq) return;
      const f = filters();
      $("status").textContent = `Showing ${f.get("from")} to ${f.get("to")}` + (f.get("role_family") ? `, ${$("role_family").selectedOptions[0].textContent}` : "") + (f.get("state") ? `, ${f.get("state")}` : "") + ".";
      document.body.dataset.loadMs = String(Math.round(performance.now()));
      document.body.dataset.ready = String(seq);
    } catch (e) {
      if (seq !== state.seq) return;
      $("status").className = "status error";
      $("status").textContent = "Could not load the figures: " + e.message;
      document.body.dataset.ready = "error";
    }
  }

  function applyPreset() {
    const v = $("period").value;
    if (v === "custom" || !state.lastDay) return;
    const to = new Date(state.lastDay), from = new Date(state.lastDay);
    from.setUTCMonth(from.getUTCMonth() - Number(v));
    from.setUTCDate(from.getUTCDate() + 1);
    $("from").value = day(from);
    $("to").value = day(to);
  }

  async function init() {
    // The last day with postings anchors the period presets.
    try {
      const r = await fetch("/api/v1/share/soft-hard?grain=day");
      const d = await r.json();
      const seen = (d.points || []).filter((p) => p.total > 0);
      state.lastDay = seen.length ? seen[seen.length - 1].period.slice(0, 10) : day(new Date());
    } catch (e) { state.lastDay = day(new Date()); }
    const q = new URLSearchParams(location.search);
    for (const k of ["from", "to", "role_family", "state"]) if (q.get(k)) $(k).value = q.get(k);
    if (q.get("from") || q.get("to")) $("period").value = "custom"; else applyPreset();
    $("period").addEventListener("change", () => { applyPreset(); refresh(); });
    for (const k of ["from", "to"]) $(k).addEventListener("change", () => { $("period").value = "custom"; });
    $("filters").addEventListener("submit", (e) => {
      e.preventDefault();
      if (!$("filters").reportValidity()) return;
      history.replaceState(null, "", "?" + filters().toString());
      refresh();
    });
    $("kind").addEventListener("change", () => loadTop().catch((e) => { $("status").textContent = e.message; }));
    $("skill").addEventListener("change", () => loadTrend().catch((e) => { $("status").textContent = e.message; }));
    refresh();
  }
  init();
})();
