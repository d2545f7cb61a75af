// The dashboard's pages: one small script and the uPlot chart library, no framework, no CDN. Each path is a view that reads the AppHost's
// JSON API (/api/...) and redraws when the AppHost says its data changed (server-sent events), or on a timer for
// the aggregator's figures. Everything shown is escaped; nothing here writes to the API except resource actions.
'use strict';

const view = document.getElementById('view');
const esc = (value) => String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const num = (value, digits = 1) => (value === null || value === undefined || Number.isNaN(value) ? '–' : Number(value).toLocaleString('en', { maximumFractionDigits: digits }));
const time = (iso) => (iso ? new Date(iso).toLocaleTimeString('en-GB', { hour12: false }) : '–');
const params = () => new URLSearchParams(location.search);

async function api(path, options) {
  const response = await fetch(path, options);
  if (response.status === 401) {
    throw new Error('Not signed in: open the dashboard URL the AppHost printed.');
  }
  if (!response.ok) {
    let detail = response.statusText;
    try { detail = (await response.json()).detail ?? detail; } catch { /* not JSON */ }
    throw new Error(`${path}: ${response.status} ${detail}`);
  }
  return response.status === 202 || response.status === 204 ? null : response.json();
}

// Charts are uPlot plots (the library is bundled into the AppHost at build from its npm package; no CDN). A view's
// HTML carries placeholders; once the view is in the page, mountCharts() draws them, and the next redraw destroys
// them. Points are [{t, v}] with t an ISO time; a missing v is a gap. A click anywhere on a plot picks its nearest point.
let plots = [];
const pendingCharts = [];
const present = (v) => v !== null && v !== undefined && !Number.isNaN(v);

function lineChart(points, { unit = '', onPoint } = {}) {
  const count = points.filter((p) => present(p.v)).length;
  if (count === 0) {
    return '<p class="muted">No data in this window yet.</p>';
  }
  const id = 'plot-' + pendingCharts.length + '-' + Math.random().toString(36).slice(2);
  pendingCharts.push({ id, points, unit, onPoint });
  return `<div class="plot" id="${id}" data-points="${count}"></div>`;
}

function mountCharts() {
  for (const plot of plots) plot.destroy();
  plots = [];
  for (const { id, points, unit, onPoint } of pendingCharts.splice(0)) {
    const el = document.getElementById(id);
    if (!el) continue;
    const xs = points.map((p) => Date.parse(p.t) / 1000);
    const ys = points.map((p) => (present(p.v) ? p.v : null));
    const axis = { stroke: '#6b7080', grid: { stroke: '#eef0f4' }, ticks: { stroke: '#d9dbe1' } };
    const plot = new uPlot({
      width: Math.max(240, el.clientWidth),
      height: 160,
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      axes: [axis, { ...axis, size: 60, values: (u, ticks) => ticks.map((v) => num(v, 3)) }],
      series: [
        { value: (u, v) => (v === null ? '–' : time(new Date(v * 1000).toISOString())) },
        {
          label: unit || 'value',
          stroke: '#2f62d6',
          width: 1.8,
          fill: 'rgba(47, 98, 214, 0.08)',
          points: { show: true, size: 5, fill: '#2f62d6' },
          value: (u, v) => (v === null ? '–' : `${num(v, 3)} ${unit}`),
        },
      ],
    }, [xs, ys], el);
    if (onPoint) {
      plot.over.classList.add('clickable');
      plot.over.addEventListener('click', () => {
        const i = nearestWithValue(ys, plot.cursor.idx);
        if (i !== null) onPoint(points[i]);
      });
    }
    plots.push(plot);
  }
}

// The index nearest to i whose value is present (the cursor may rest on a gap), or null.
function nearestWithValue(ys, i) {
  if (i === null || i === undefined) return null;
  for (let d = 0; d < ys.length; d++) {
    if (ys[i - d] !== null && ys[i - d] !== undefined) return i - d;
    if (ys[i + d] !== null && ys[i + d] !== undefined) return i + d;
  }
  return null;
}

window.addEventListener('resize', () => {
  for (const plot of plots) plot.setSize({ width: Math.max(240, plot.root.parentElement.clientWidth), height: 160 });
});

const card = (label, value, cls = '') => `<div class="card"><div class="label">${esc(label)}</div><div class="value ${cls}">${value}</div></div>`;
const quantiles = (q) => (q ? `${num(q.p50, 0)} / ${num(q.p95, 0)} / ${num(q.p99, 0)}` : '–');

const views = {
  // GenAI overview: the aggregator's windows, relayed by the AppHost.
  async overview() {
    const window = params().get('window') ?? '15m';
    const [stats, alerts, today, month] = await Promise.all([
      api(`/api/genai/stats?window=${window}`),
      api('/api/genai/alerts').catch(() => ({ active: [], recent: [] })),
      api('/api/genai/cost?period=day').catch(() => null),
      api('/api/genai/cost?period=month').catch(() => null)]);
    const series = await Promise.all(['requests_per_s', 'latency_p95', 'ttft_p95', 'error_rate'].map((m) =>
      api(`/api/genai/timeseries?metric=${m}&window=${window}`).then((s) => [m, s.points]).catch(() => [m, []])));
    const errors = Object.entries(stats.errors.by_type ?? {}).map(([k, v]) => `${esc(k)} ${num(v, 0)}`).join(', ') || 'none';
    const windows = ['5m', '15m', '1h', '6h', '24h'].map((w) => `<option${w === window ? ' selected' : ''}>${w}</option>`).join('');
    view.innerHTML = `<h1>GenAI overview <select id="window" aria-label="window">${windows}</select></h1>
      <div class="cards">
        ${card('Requests', num(stats.requests, 0))}
        ${card('Requests/s', num(stats.throughput.requests_per_s, 2))}
        ${card('Output tokens/s', num(stats.throughput.output_tokens_per_s, 1))}
        ${card('Latency p50/p95/p99 ms', quantiles(stats.latency_ms))}
        ${card('TTFT p50/p95/p99 ms', quantiles(stats.ttft_ms))}
        ${card('TPOT p50/p95/p99 ms', quantiles(stats.tpot_ms))}
        ${card('Error rate', num(stats.error_rate * 100, 2) + ' %', stats.error_rate > 0.01 ? 'bad' : '')}
        ${card('Cost today (UTC)', today ? '$' + num(today.cost_usd, 6) : '–')}
        ${card('Cost this month', month ? '$' + num(month.cost_usd, 6) : '–')}
        ${card(`Cost (${esc(window)})`, '$' + num(stats.cost_usd, 6))}
        ${card('Satisfaction', stats.feedback.satisfaction_rate === null || stats.feedback.satisfaction_rate === undefined ? '–' : num(stats.feedback.satisfaction_rate * 100, 1) + ' %')}
        ${card('Active alerts', num(alerts.active.length, 0), alerts.active.some((a) => a.state === 'firing') ? 'bad' : '')}
      </div>
      <p class="muted">Errors by type: ${errors}. Window ${esc(stats.window)} from ${esc(time(stats.from))} to ${esc(time(stats.to))}.</p>
      <div class="charts">${series.map(([m, points]) => `<div class="chart"><div class="title">${esc(m)}</div>${lineChart(points ?? [], { onPoint: (p) => { location.href = `/traces?from=${encodeURIComponent(p.t)}`; } })}</div>`).join('')}</div>
      <h2>Alerts</h2>${alertsTable(alerts)}`;
    document.getElementById('window').onchange = (e) => { location.search = `?window=${e.target.value}`; };
  },

  async resources() {
    const resources = await api('/api/resources');
    view.innerHTML = `<h1>Resources</h1><table><thead><tr><th>Instance</th><th>Type</th><th>State</th><th>Health</th><th class="num">Restarts</th><th>Started</th><th>Endpoints</th><th></th></tr></thead><tbody>
      ${resources.map((r) => `<tr data-instance="${esc(r.instance)}"><td><a href="/console/${encodeURIComponent(r.instance)}">${esc(r.instance)}</a></td><td>${esc(r.type)}</td>
        <td class="${r.state === 'running' ? 'ok' : r.state === 'failed' ? 'bad' : 'warn'}">${esc(r.state)}</td><td>${esc(r.health)}</td><td class="num">${num(r.restarts, 0)}</td>
        <td>${esc(time(r.startedAt))}</td><td>${(r.endpoints ?? []).map((e) => `<a href="${esc(e)}" target="_blank" rel="noopener">${esc(e)}</a>`).join('<br>')}</td>
        <td>${r.type === 'cache' ? '' : ['restart', 'stop', 'start'].map((a) => `<button data-action="${a}">${a}</button>`).join(' ')}</td></tr>`).join('')}
      </tbody></table>`;
    view.querySelectorAll('button[data-action]').forEach((b) => {
      b.onclick = async () => {
        const instance = b.closest('tr').dataset.instance;
        b.disabled = true;
        await api(`/api/resources/${encodeURIComponent(instance)}/${b.dataset.action}`, { method: 'POST' }).catch((e) => alert(e.message));
      };
    });
  },

  async console(instance) {
    if (!view.querySelector('pre.console')) {
      view.innerHTML = `<h1>Console: ${esc(instance)} <a class="muted" href="/resources">(resources)</a></h1><pre class="console" data-after="0"></pre>`;
    }
    const pre = view.querySelector('pre.console');
    const page = await api(`/api/console/${encodeURIComponent(instance)}?after=${pre.dataset.after}`);
    if (page.lines.length > 0) {
      const stick = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
      pre.insertAdjacentHTML('beforeend', page.lines.map((l) => `${esc(time(l.time))} ${esc(l.text)}\n`).join(''));
      pre.dataset.after = page.lines[page.lines.length - 1].seq;
      if (stick) pre.scrollTop = pre.scrollHeight;
    }
  },

  async logs() {
    const p = params();
    const query = new URLSearchParams();
    for (const key of ['resource', 'level', 'text', 'requestId', 'traceId']) if (p.get(key)) query.set(key, p.get(key));
    query.set('limit', '300');
    const logs = await api(`/api/logs?${query}`);
    const levels = ['', 'Debug', 'Information', 'Warning', 'Error'].map((l) => `<option${l === (p.get('level') ?? '') ? ' selected' : ''} value="${l}">${l || 'any level'}</option>`).join('');
    view.innerHTML = `<h1>Structured logs <span class="muted">(${num(logs.total, 0)} matching, ${num(logs.dropped, 0)} evicted)</span></h1>
      <form class="filters" method="get">
        <input name="resource" placeholder="resource" value="${esc(p.get('resource'))}"><select name="level">${levels}</select>
        <input name="text" placeholder="text" value="${esc(p.get('text'))}"><input name="requestId" placeholder="request id" value="${esc(p.get('requestId'))}">
        <input name="traceId" placeholder="trace id" value="${esc(p.get('traceId'))}"><button>Filter</button></form>
      <table><thead><tr><th>Time</th><th>Resource</th><th>Level</th><th>Message</th><th>Trace</th></tr></thead><tbody>
      ${logs.items.slice().reverse().map((l, i) => `<tr class="clickable" data-i="${i}"><td>${esc(time(l.time))}</td><td>${esc(l.resource)}</td>
        <td class="${l.level === 'Error' || l.level === 'Critical' ? 'bad' : l.level === 'Warning' ? 'warn' : ''}">${esc(l.level)}</td><td>${esc(l.message)}</td>
        <td>${l.traceId ? `<a href="/traces/${esc(l.traceId)}">${esc(l.traceId.slice(0, 8))}</a>` : ''}</td></tr>`).join('')}
      </tbody></table>`;
    const items = logs.items.slice().reverse();
    view.querySelectorAll('tr.clickable').forEach((row) => {
      row.onclick = (e) => {
        if (e.target.tagName === 'A') return;
        const next = row.nextElementSibling;
        if (next?.classList.contains('fields')) { next.remove(); return; }
        const l = items[Number(row.dataset.i)];
        const fields = { category: l.category, eventId: l.eventId, spanId: l.spanId, ...l.attributes };
        row.insertAdjacentHTML('afterend', `<tr class="fields"><td colspan="5">${Object.entries(fields).filter(([, v]) => v !== null && v !== '').map(([k, v]) => `<div><b>${esc(k)}</b>: ${esc(v)}</div>`).join('')}</td></tr>`);
      };
    });
  },

  async traces() {
    const p = params();
    if (p.get('requestId')) {
      // From an example request id (an alert) to its trace: the request's log lines carry its trace id. Their
      // export may still be on its way (batched every second), so look again for a while before giving up.
      const id = p.get('requestId');
      for (let attempt = 0; attempt < 20; attempt++) {
        const found = await api(`/api/logs?requestId=${encodeURIComponent(id)}&limit=50`);
        const traceId = found.items.find((l) => l.traceId)?.traceId;
        if (traceId) { location.replace(`/traces/${traceId}`); return; }
        view.innerHTML = `<p class="muted">Looking for the trace of request ${esc(id)}…</p>`;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      view.innerHTML = `<p>No log line of request ${esc(id)} has reached the dashboard, so its trace is unknown (evicted, or not exported).</p>`;
      return;
    }
    const query = new URLSearchParams({ limit: '200' });
    if (p.get('errorsOnly')) query.set('errorsOnly', 'true');
    if (p.get('text')) query.set('text', p.get('text'));
    const traces = await api(`/api/traces?${query}`);
    const from = p.get('from') ? Date.parse(p.get('from')) : null;
    const items = from ? traces.items.filter((t) => Math.abs(Date.parse(t.start) - from) <= 60_000) : traces.items;
    view.innerHTML = `<h1>Traces <span class="muted">(${num(traces.total, 0)}, ${num(traces.dropped, 0)} evicted${from ? `; within a minute of ${esc(time(p.get('from')))}` : ''})</span></h1>
      <form class="filters" method="get"><input name="text" placeholder="span name" value="${esc(p.get('text'))}">
        <label><input type="checkbox" name="errorsOnly" value="true"${p.get('errorsOnly') ? ' checked' : ''}> errors only</label><button>Filter</button></form>
      <table><thead><tr><th>Start</th><th>Root</th><th>Resources</th><th class="num">Duration ms</th><th class="num">Spans</th><th class="num">Errors</th></tr></thead><tbody>
      ${items.map((t) => `<tr><td>${esc(time(t.start))}</td><td><a href="/traces/${esc(t.traceId)}">${esc(t.rootName)}</a></td><td>${esc(t.resources.join(', '))}</td>
        <td class="num">${num(t.durationMs, 2)}</td><td class="num">${num(t.spanCount, 0)}</td><td class="num ${t.errorCount ? 'bad' : ''}">${num(t.errorCount, 0)}</td></tr>`).join('')}
      </tbody></table>`;
  },

  async trace(traceId) {
    const trace = await api(`/api/traces/${encodeURIComponent(traceId)}`);
    const total = Math.max(...trace.spans.map((s) => s.offsetMs + s.durationMs), 0.001);
    const depth = new Map();
    for (const s of trace.spans) depth.set(s.spanId, (depth.get(s.parentSpanId) ?? -1) + 1);
    const genAi = (s) => {
      const a = s.attributes;
      if (!a['gen_ai.operation.name']) return '';
      const facts = [['model', a['gen_ai.request.model']], ['in', a['gen_ai.usage.input_tokens']], ['out', a['gen_ai.usage.output_tokens']],
        ['finish', a['gen_ai.response.finish_reasons']], ['ttft ms', a['inference.time_to_first_token_ms']], ['tpot ms', a['inference.time_per_output_token_ms']]];
      return ' ' + facts.filter(([, v]) => v).map(([k, v]) => `<span class="pill">${esc(k)} ${esc(v)}</span>`).join(' ');
    };
    view.innerHTML = `<h1>Trace ${esc(traceId)} <a class="muted" href="/logs?traceId=${esc(traceId)}">(logs)</a></h1>
      <table class="waterfall"><thead><tr><th>Span</th><th>Resource</th><th class="num">ms</th><th style="width:40%">Timeline</th></tr></thead><tbody>
      ${trace.spans.map((s, i) => `<tr class="clickable" data-i="${i}"><td style="padding-left:${0.5 + 1.2 * (depth.get(s.spanId) ?? 0)}rem">${esc(s.name)}${genAi(s)}</td>
        <td>${esc(s.resource)}</td><td class="num">${num(s.durationMs, 2)}</td>
        <td><div class="bar"><span class="${s.status === 'error' ? 'error' : ''}" style="left:${(100 * s.offsetMs / total).toFixed(2)}%;width:${(100 * s.durationMs / total).toFixed(2)}%"></span></div></td></tr>`).join('')}
      </tbody></table>`;
    view.querySelectorAll('tr.clickable').forEach((row) => {
      row.onclick = () => {
        const next = row.nextElementSibling;
        if (next?.classList.contains('fields')) { next.remove(); return; }
        const s = trace.spans[Number(row.dataset.i)];
        const fields = { kind: s.kind, status: s.status, statusMessage: s.statusMessage, spanId: s.spanId, ...s.attributes };
        row.insertAdjacentHTML('afterend', `<tr class="fields"><td colspan="4">${Object.entries(fields).filter(([, v]) => v).map(([k, v]) => `<div><b>${esc(k)}</b>: ${esc(v)}</div>`).join('')}
          ${(s.events ?? []).map((e) => `<div>event <b>${esc(e.name)}</b> ${esc(time(e.time))}</div>`).join('')}</td></tr>`);
      };
    });
  },

  async metrics() {
    const p = params();
    const { instruments } = await api('/api/metrics');
    const selected = instruments.find((m) => m.resource === p.get('resource') && m.name === p.get('name'));
    const list = instruments.map((m) => `<option value="${esc(m.resource)}|${esc(m.name)}"${m === selected ? ' selected' : ''}>${esc(m.resource)} · ${esc(m.name)} (${esc(m.type)})</option>`).join('');
    let body = '<p class="muted">Pick an instrument.</p>';
    if (selected) {
      const data = await api(`/api/metrics/series?resource=${encodeURIComponent(selected.resource)}&name=${encodeURIComponent(selected.name)}`);
      body = `<p class="muted">${esc(selected.description)} ${selected.type === 'counter' ? '(rate per second from successive cumulative values)' : ''}</p><div class="charts">${data.series.slice(0, 12).map((s) => {
        const label = Object.entries(s.attributes).map(([k, v]) => `${k}=${v}`).join(', ') || 'all';
        if (data.type === 'histogram') {
          return ['p50', 'p95', 'p99'].map((q) => `<div class="chart"><div class="title">${esc(label)} · ${q}</div>${lineChart(s.points.map((pt) => ({ t: pt.t, v: pt[q] })), { unit: data.unit })}</div>`).join('');
        }
        const points = selected.type === 'counter'
          ? s.points.slice(1).map((pt, i) => ({ t: pt.t, v: Math.max(0, (pt.value - s.points[i].value) / Math.max(0.001, (Date.parse(pt.t) - Date.parse(s.points[i].t)) / 1000)) }))
          : s.points.map((pt) => ({ t: pt.t, v: pt.value }));
        return `<div class="chart"><div class="title">${esc(label)}</div>${lineChart(points, { unit: data.unit })}</div>`;
      }).join('')}</div>`;
    }
    view.innerHTML = `<h1>Metrics</h1><div class="filters"><select id="instrument" aria-label="instrument"><option value="">${instruments.length} instruments…</option>${list}</select></div>${body}`;
    document.getElementById('instrument').onchange = (e) => {
      const [resource, name] = e.target.value.split('|');
      location.search = `?resource=${encodeURIComponent(resource)}&name=${encodeURIComponent(name)}`;
    };
  },
};

function alertsTable(alerts) {
  if (alerts.active.length === 0 && alerts.recent.length === 0) {
    return '<p class="muted">No alerts.</p>';
  }
  // Active alerts first; then recent notifications of alerts no longer active (each alert once, newest first).
  const seen = new Set(alerts.active.map((a) => a.key));
  const past = alerts.recent.map((n) => n.alert).filter((a) => !seen.has(a.key) && seen.add(a.key));
  const rows = alerts.active.concat(past).slice(0, 30);
  return `<table><thead><tr><th>Rule</th><th>State</th><th>Severity</th><th class="num">Value</th><th class="num">Threshold</th><th>Window</th><th>Since</th><th>Example requests</th></tr></thead><tbody>
    ${rows.map((a) => `<tr><td>${esc(a.rule)}</td><td class="${a.state === 'firing' ? 'bad' : ''}">${esc(a.state)}</td><td>${esc(a.severity)}</td>
      <td class="num">${num(a.value, 3)}</td><td class="num">${num(a.threshold, 3)}</td><td>${esc(a.window)}</td><td>${esc(time(a.since))}</td>
      <td>${(a.example_request_ids ?? []).map((id) => `<a href="/traces?requestId=${encodeURIComponent(id)}">${esc(id.slice(0, 12))}</a>`).join(' ')}</td></tr>`).join('')}
    </tbody></table>`;
}

// Routing by path; the AppHost serves this page for every view's path.
const path = location.pathname;
const [, first, second] = path.split('/');
const current = first === '' ? ['overview'] : first === 'console' ? ['console', decodeURIComponent(second ?? '')]
  : first === 'traces' && second ? ['trace', decodeURIComponent(second)] : [first];
document.querySelectorAll('nav a').forEach((a) => a.classList.toggle('active', a.dataset.view === (current[0] === 'trace' ? 'traces' : current[0] === 'console' ? 'resources' : current[0])));

let busy = false;
async function render() {
  if (busy) return;
  busy = true;
  pendingCharts.length = 0;
  try {
    const draw = views[current[0]];
    if (!draw) { view.innerHTML = '<p>Unknown page.</p>'; return; }
    await draw(current[1]);
    mountCharts();
  } catch (e) {
    view.innerHTML = `<p class="bad">${esc(e.message)}</p>`;
  } finally {
    busy = false;
  }
}

// Live updates: the AppHost announces which kind of data changed; the views that show it redraw. Pages with form
// inputs redraw only when nothing is being typed. The overview (aggregator data) refreshes on a timer.
const kinds = { resources: ['resources'], console: ['console'], logs: ['logs'], traces: ['traces'], trace: ['traces'], metrics: ['metrics'], overview: [] };
const events = new EventSource('/api/events');
events.onopen = () => document.getElementById('live').classList.add('on');
events.onerror = () => document.getElementById('live').classList.remove('on');
events.addEventListener('changed', (e) => {
  const kind = JSON.parse(e.data).kind;
  const typing = document.activeElement && ['INPUT', 'SELECT'].includes(document.activeElement.tagName);
  if ((kinds[current[0]] ?? []).includes(kind) && !typing && !document.querySelector('tr.fields')) render();
});
// Every poll is six requests to the aggregator, each traced there: poll gently, and only while the page is seen.
if (current[0] === 'overview') setInterval(() => { if (document.visibilityState === 'visible') render(); }, 10000);
render();
