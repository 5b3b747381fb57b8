// The quality dashboard: reads /api/* (profiles and audit results only) and draws with
// uPlot. window.hindsightDashboard tells tests when every chart has data.
'use strict';

const HOUR = 3600, DAY = 24 * HOUR, WEEK = 7 * DAY;
const state = { summary: null, audits: [], hourly: null, charts: {} };
window.hindsightDashboard = { ready: false, drawn: {} };

async function api(path) {
  const response = await fetch(path);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function $(id) { return document.getElementById(id); }
function selected() {
  return { attribute: $('attribute').value, metric: $('metric').value, slice: $('slice').value,
           period: $('period').value };
}
function isoDay(seconds) { return new Date(seconds * 1000).toISOString().slice(0, 10); }
function chartWidth() { return Math.max(600, document.body.clientWidth - 48); }

function replaceChart(name, options, data, target) {
  if (state.charts[name]) state.charts[name].destroy();
  target.innerHTML = '';
  state.charts[name] = new uPlot(options, data, target);
  window.hindsightDashboard.drawn[name] = data[0].length;
}

// Draws the audit violations as bands on the time axis: red for the chosen attribute,
// orange for the others.
function auditMarkers(attribute) {
  return {
    hooks: {
      drawClear: [(u) => {
        const ctx = u.ctx;
        ctx.save();
        for (const finding of state.audits) {
          const x0 = u.valToPos(finding.start_us / 1e6, 'x', true);
          const x1 = u.valToPos(finding.end_us / 1e6, 'x', true);
          const mine = finding.attribute === attribute;
          ctx.fillStyle = mine ? 'rgba(200, 0, 40, 0.25)' : 'rgba(230, 140, 0, 0.15)';
          ctx.fillRect(x0, u.bbox.top, Math.max(2, x1 - x0), u.bbox.height);
        }
        ctx.restore();
      }],
    },
  };
}

async function drawHistory() {
  const s = selected();
  const q = new URLSearchParams(s);
  const series = await api('/api/series?' + q);
  replaceChart('history', {
    width: chartWidth(), height: 300,
    scales: { x: { time: true } },
    series: [{}, { label: `${s.metric} of ${s.attribute}`, stroke: '#1f5fbf', width: 1.5, spanGaps: false }],
    plugins: [auditMarkers(s.attribute)],
  }, [series.times, series.values], $('history'));
}

async function drawWeeks() {
  const s = selected();
  const hourly = await api('/api/series?' + new URLSearchParams({ ...s, period: 'hour' }));
  const start = Number($('week').value);
  const byTime = new Map(hourly.times.map((t, i) => [t, hourly.values[i]]));
  const x = [], current = [], previous = [];
  for (let h = 0; h < 7 * 24; ++h) {
    x.push(h);
    current.push(byTime.has(start + h * HOUR) ? byTime.get(start + h * HOUR) : null);
    previous.push(byTime.has(start - WEEK + h * HOUR) ? byTime.get(start - WEEK + h * HOUR) : null);
  }
  const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  replaceChart('weeks', {
    width: chartWidth(), height: 260,
    scales: { x: { time: false } },
    axes: [{ values: (u, ticks) => ticks.map((h) => (h % 24 === 0 ? days[h / 24] : `${h % 24}h`)),
             incrs: [6, 12, 24] }, {}],
    series: [{ label: 'hour of week' },
             { label: `week of ${isoDay(start)}`, stroke: '#1f5fbf', width: 1.5 },
             { label: `week of ${isoDay(start - WEEK)}`, stroke: '#888', dash: [6, 4], width: 1.5 }],
  }, [x, current, previous], $('weeks'));
}

async function drawHistogram() {
  const s = selected();
  const day = (id) => Date.parse($(id).value + 'T00:00:00Z') / 1000;
  const d1 = day('day1'), d2 = day('day2');
  const q = new URLSearchParams({ attribute: s.attribute, slice: s.slice, from1: d1, to1: d1 + DAY,
                                  from2: d2, to2: d2 + DAY, bins: 30 });
  let h;
  try {
    h = await api('/api/histogram?' + q);
  } catch (error) {
    $('histogram-note').textContent = String(error.message);
    if (state.charts.histogram) state.charts.histogram.destroy();
    state.charts.histogram = null;
    $('histogram').innerHTML = '';
    window.hindsightDashboard.drawn.histogram = 0;
    return;
  }
  let x, axis;
  if (h.kind === 'numeric') {
    x = h.first.map((_, i) => (h.edges[i] + h.edges[i + 1]) / 2);
    axis = {};
  } else {
    x = h.labels.map((_, i) => i);
    axis = { values: (u, ticks) => ticks.map((i) => h.labels[i] ?? '') };
  }
  $('histogram-note').textContent = h.note || '';
  const bars = uPlot.paths.bars({ size: [0.45, 60], align: -1 });
  const bars2 = uPlot.paths.bars({ size: [0.45, 60], align: 1 });
  replaceChart('histogram', {
    width: chartWidth(), height: 280,
    scales: { x: { time: false } },
    axes: [axis, { label: 'share' }],
    series: [{ label: s.attribute },
             { label: $('day1').value, fill: 'rgba(31, 95, 191, 0.55)', stroke: '#1f5fbf', paths: bars },
             { label: $('day2').value, fill: 'rgba(200, 80, 0, 0.45)', stroke: '#c85000', paths: bars2 }],
  }, [x, h.first, h.second], $('histogram'));
}

function fillAudits() {
  const body = $('audits').querySelector('tbody');
  body.innerHTML = '';
  for (const f of state.audits) {
    const row = document.createElement('tr');
    const cells = [new Date(f.start_us / 1000).toISOString().replace(':00.000Z', 'Z'), f.severity, f.rule,
                   f.slice ? `${f.attribute} [${f.slice}]` : f.attribute, f.message];
    cells.forEach((text, i) => {
      const cell = document.createElement('td');
      cell.textContent = text;
      if (i === 1) cell.className = f.severity;
      row.appendChild(cell);
    });
    row.addEventListener('click', () => { $('attribute').value = f.attribute; redraw(); });
    body.appendChild(row);
  }
}

function option(select, value, text) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = text ?? value;
  select.appendChild(o);
}

async function redraw() {
  $('status').textContent = 'drawing…';
  window.hindsightDashboard.ready = false;
  try {
    await Promise.all([drawHistory(), drawWeeks(), drawHistogram()]);
    $('status').textContent = `${state.summary.hours} hours of profiles, ${state.audits.length} audit violation(s)`;
    window.hindsightDashboard.ready = true;
  } catch (error) {
    $('status').textContent = 'error: ' + error.message;
    window.hindsightDashboard.error = String(error.message);
  }
}

async function init() {
  state.summary = await api('/api/summary');
  state.audits = await api('/api/audits');
  $('store').textContent = state.summary.store;
  for (const a of state.summary.attributes) option($('attribute'), a.name, `${a.name} (${a.kind})`);
  for (const m of state.summary.metrics) option($('metric'), m);
  for (const s of state.summary.slices) option($('slice'), s);
  const params = new URLSearchParams(location.search);
  $('attribute').value = params.get('attribute') || '_records';
  $('metric').value = params.get('metric') || 'count';
  const first = state.summary.first_hour_us / 1e6, last = state.summary.last_hour_us / 1e6;
  // Weeks start on Monday (1970-01-05 was one).
  const monday = (t) => Math.floor((t - 4 * DAY) / WEEK) * WEEK + 4 * DAY;
  for (let w = monday(last); w >= monday(first); w -= WEEK) option($('week'), w, `week of ${isoDay(w)}`);
  $('day2').value = isoDay(Math.floor(last / DAY) * DAY);
  $('day1').value = isoDay(Math.max(first, Math.floor(last / DAY) * DAY - WEEK));
  fillAudits();
  for (const id of ['attribute', 'metric', 'slice', 'period', 'week', 'day1', 'day2']) {
    $(id).addEventListener('change', redraw);
  }
  await redraw();
}

init().catch((error) => {
  $('status').textContent = 'error: ' + error.message;
  window.hindsightDashboard.error = String(error.message);
});
