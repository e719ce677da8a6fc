/* px-report-html.js
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The interactive part of the HTML report, inlined into the page: the
 * timeline of tasks per worker, readings under the pointer on every
 * chart, and one time range that dragging zooms and that the charts and
 * the timeline share. It reads the JSON block #px-data (written by
 * px-report-html.c, which also translates every word shown here) and
 * fetches nothing.
 *
 * With "#selftest" at the end of the address, it drives itself with
 * synthetic pointer events once drawn and writes what it saw into data
 * attributes, which the report tests read from the DOM.
 */

(function () {
  'use strict';

  const data = JSON.parse (document.getElementById ('px-data').textContent);
  const text = data.text;
  const tl = data.timeline;
  const nCat = tl.categories.length;

  /* Plot margins in CSS pixels, as in the static charts. */
  const L = 56, R = 12, TOP = 28, BOTTOM = 30;
  const CHART_HEIGHT = 200;
  /* Steps finer than the window's, for deep zooms. */
  const timeSteps = [1e-6, 2e-6, 5e-6, 1e-5, 2e-5, 5e-5, 1e-4, 2e-4, 5e-4].concat (data.timeSteps);
  const MIN_SPAN = 1e-5;

  /* The whole run, in seconds from its start; the samples may end a
   * little after the last task. */
  const full = { start: 0, end: data.end };
  for (const chart of data.charts)
    if (chart.t.length)
      full.end = Math.max (full.end, chart.t[chart.t.length - 1]);
  const view = { start: full.start, end: full.end };
  const panels = [];
  let drag = null;

  document.documentElement.classList.add ('js');

  /* Formatting: the translated printf formats, in the locale's decimal
   * separator. Understands %u %d %i %s %.Nf %.*f, length modifiers such
   * as the l of %li, and %N$ positions. */
  function format (template, ...args) {
    let next = 0;
    return template.replace (/%(?:(\d+)\$)?(?:\.(\d+|\*))?(?:hh|h|ll|l|j|z|t)?([udisf%])/g,
                             (m, pos, digits, conv) => {
      if (conv === '%')
        return '%';
      const decimals = digits === '*' ? args[next++] : Number (digits === undefined ? 6 : digits);
      const value = pos !== undefined ? args[pos - 1] : args[next++];
      if (conv === 'f')
        return Number (value).toFixed (decimals).replace ('.', text.decimal);
      return String (value);
    });
  }

  /* Fewest decimals, up to @max, that show @v exactly. */
  function countDecimals (v, max) {
    for (let d = 0; d < max; d++) {
      const scaled = v * Math.pow (10, d);
      if (Math.abs (scaled - Math.round (scaled)) < 1e-6 * Math.max (1, Math.abs (scaled)))
        return d;
    }
    return max;
  }

  /* As px_format_duration(): "5.00 ms". */
  function duration (us) {
    if (us >= 10e6)
      return format (text.s1, us / 1e6);
    if (us >= 1e6)
      return format (text.s2, us / 1e6);
    if (us >= 1000)
      return format (text.ms, us / 1000);
    return format (text.us, us);
  }

  /* As px_format_time(): "1.5 s", "1:30", "1:02:05"; @step bounds the
   * decimals. */
  function axisTime (t, step, end) {
    const maxDecimals = Math.min (6, Math.max (0, Math.ceil (-Math.log10 (step) - 1e-9)));
    const decimals = countDecimals (t, maxDecimals);
    if (end < 60)
      return format (text.seconds, decimals, t);

    const scale = Math.pow (10, decimals);
    const units = Math.round (Math.max (t, 0) * scale);
    const minute = 60 * scale;
    const hours = Math.floor (units / (60 * minute));
    const minutes = Math.floor (units / minute) % 60;
    const seconds = Math.floor ((units % minute) / scale);
    const fraction = units % scale;
    const tail = String (seconds).padStart (2, '0') +
                 (decimals > 0 ? '.' + String (fraction).padStart (decimals, '0') : '');
    if (end >= 3600)
      return hours + ':' + String (minutes).padStart (2, '0') + ':' + tail;
    return (minutes + 60 * hours) + ':' + tail;
  }

  /* As px_format_reading(): three significant digits and an SI prefix. */
  function reading (v, unit) {
    if (v === null || !isFinite (v))
      return '—';
    const a = Math.abs (v);
    const [divisor, prefix] = a >= 1e9 ? [1e9, 'G'] : a >= 1e6 ? [1e6, 'M']
                              : a >= 1e3 ? [1e3, 'k'] : [1, ''];
    const scaled = v / divisor;
    const max = Math.abs (scaled) >= 100 ? 0 : Math.abs (scaled) >= 10 ? 1 : 2;
    return [format ('%.*f', countDecimals (scaled, max), scaled), prefix, unit]
      .filter (s => s !== '').join (' ');
  }

  function timeStep (span, width, minSpacing) {
    for (const step of timeSteps)
      if (span > 0 && step * width / span >= minSpacing)
        return step;
    return timeSteps[timeSteps.length - 1];
  }

  /* The first index of the sorted @array (through @key) not below @v. */
  function lowerBound (array, v, key) {
    let lo = 0, hi = array.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (key (array[mid]) < v)
        lo = mid + 1;
      else
        hi = mid;
    }
    return lo;
  }

  function cssColor (name) {
    return getComputedStyle (document.documentElement).getPropertyValue (name).trim ();
  }

  /* The timeline's records, decoded from their deltas (see
   * write_tasks_json()); times in µs from the run's start. */
  const tasks = { n: 0 };
  const lanes = [];
  if (tl.tasks) {
    const stride = 5 + nCat;
    const n = tl.tasks.length / stride;
    Object.assign (tasks, {
      n, id: new Int32Array (n), worker: new Uint16Array (n), start: new Float64Array (n),
      end: new Float64Array (n), enqueue: new Float64Array (n), flags: new Uint16Array (n),
      time: new Float64Array (n * nCat),
    });
    let id = -1, start = 0, enqueue = 0;
    const counts = new Uint32Array (tl.lanes);
    for (let i = 0, k = 0; i < n; i++, k += stride) {
      const raw = tl.tasks;
      id += raw[k];
      start += raw[k + 2];
      enqueue += raw[k + 4];
      tasks.id[i] = id;
      tasks.worker[i] = raw[k + 1];
      tasks.start[i] = start;
      tasks.end[i] = start + raw[k + 3];
      tasks.enqueue[i] = enqueue;
      tasks.flags[i] = raw[k + 5];
      let waits = 0;
      for (let c = 1; c < nCat; c++) {
        tasks.time[i * nCat + c] = raw[k + 5 + c];
        waits += raw[k + 5 + c];
      }
      tasks.time[i * nCat] = raw[k + 3] - waits;
      counts[tasks.worker[i]]++;
    }
    /* Each lane: its tasks' indices, by start. */
    for (let l = 0; l < tl.lanes; l++)
      lanes.push ({ tasks: new Uint32Array (counts[l]), fill: 0 });
    for (let i = 0; i < n; i++) {
      const lane = lanes[tasks.worker[i]];
      lane.tasks[lane.fill++] = i;
    }
    for (const lane of lanes)
      lane.tasks.sort ((a, b) => tasks.start[a] - tasks.start[b]);
    tasks.reason = new Map ();
    for (let k = 0; k < tl.reasonOf.length; k += 2)
      tasks.reason.set (tl.reasonOf[k], tl.reasons[tl.reasonOf[k + 1]]);
  } else {
    /* Bins (see write_bins_json()): bin step, tasks, failed, µs per category. */
    const stride = 3 + nCat;
    for (const raw of tl.bins) {
      const n = raw.length / stride;
      const lane = { bin: new Int32Array (n), tasks: new Float64Array (n),
                     failed: new Float64Array (n), time: new Float64Array (n * nCat) };
      let b = -1;
      for (let i = 0, k = 0; i < n; i++, k += stride) {
        b += raw[k];
        lane.bin[i] = b;
        lane.tasks[i] = raw[k + 1];
        lane.failed[i] = raw[k + 2];
        for (let c = 0; c < nCat; c++)
          lane.time[i * nCat + c] = raw[k + 3 + c];
      }
      lanes.push (lane);
    }
  }

  const laneHeight = Math.max (3, Math.min (24, Math.floor (480 / Math.max (1, tl.lanes))));
  const timelineHeight = TOP + laneHeight * tl.lanes + BOTTOM;

  /* Geometry of the shared range on a panel @w pixels wide. */
  function xOf (t, w) {
    return L + (t - view.start) / (view.end - view.start) * (w - L - R);
  }

  function tOf (x, w) {
    return view.start + (x - L) / (w - L - R) * (view.end - view.start);
  }

  function drawTitle (ctx, title) {
    ctx.font = 'bold 13px system-ui, sans-serif';
    ctx.fillStyle = cssColor ('--fg');
    ctx.textAlign = 'left';
    ctx.fillText (title, L, 18);
  }

  function drawTimeAxis (ctx, w, y) {
    const span = view.end - view.start;
    const step = timeStep (span, w - L - R, 60);
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillStyle = cssColor ('--muted');
    for (let k = Math.ceil (view.start / step - 1e-9); k * step <= view.end + 1e-9 * span; k++) {
      const x = xOf (k * step, w);
      ctx.textAlign = x > w - R - 20 ? 'right' : 'center';
      ctx.fillText (axisTime (k * step, step, full.end), x, y);
    }
  }

  function clipToPlot (ctx, w, h) {
    ctx.beginPath ();
    ctx.rect (L, 0, w - L - R, h);
    ctx.clip ();
  }

  /* A line chart: its value grid from the report, the time axis of the
   * shared range, and the samples in it. */
  function drawChart (chart, ctx, w, h) {
    const plotH = h - TOP - BOTTOM;
    const yOf = v => TOP + plotH * (1 - Math.min (v, chart.top) / chart.top);

    drawTitle (ctx, chart.title + ' (' + chart.unit + ')');
    ctx.font = '11px system-ui, sans-serif';
    ctx.textAlign = 'right';
    for (const [v, label] of chart.ticks) {
      ctx.fillStyle = cssColor ('--grid');
      ctx.fillRect (L, Math.round (yOf (v)), w - L - R, 1);
      ctx.fillStyle = cssColor ('--muted');
      ctx.fillText (label, L - 6, yOf (v) + 4);
    }
    drawTimeAxis (ctx, w, h - 10);

    ctx.save ();
    clipToPlot (ctx, w, h);
    const first = Math.max (0, lowerBound (chart.t, view.start, t => t) - 1);
    const last = Math.min (chart.t.length, lowerBound (chart.t, view.end, t => t) + 1);
    ctx.lineWidth = 1.5;
    ctx.lineJoin = 'round';
    for (const series of chart.series) {
      let open = false;
      ctx.strokeStyle = series.color;
      ctx.beginPath ();
      for (let i = first; i < last; i++) {
        const v = series.v[i];
        if (v === null) {
          open = false;
          continue;
        }
        if (open)
          ctx.lineTo (xOf (chart.t[i], w), yOf (v));
        else
          ctx.moveTo (xOf (chart.t[i], w), yOf (v));
        open = true;
      }
      ctx.stroke ();
    }
    ctx.restore ();
  }

  /* The sample nearest to the pointer, and every series' value there. */
  function readChart (chart, x, y, w) {
    const t = tOf (x, w);
    let i = lowerBound (chart.t, t, s => s);
    if (i >= chart.t.length || (i > 0 && t - chart.t[i - 1] < chart.t[i] - t))
      i--;
    if (i < 0)
      return null;
    return {
      t: chart.t[i],
      title: axisTime (chart.t[i], 0.001, full.end),
      rows: chart.series.map (s => [s.color, s.name, reading (s.v[i], chart.unit)]),
    };
  }

  /* The failed colour, lightened on a dark page where it would vanish. */
  function failedInk () {
    return cssColor ('--failed') || tl.failedColor;
  }

  /* The mark of a failed task, as in the window: a band along the top of
   * its bar, thin enough to leave the bar readable. */
  function markFailed (ctx, x, width, top) {
    ctx.fillStyle = failedInk ();
    ctx.fillRect (x, top, width, Math.max (1, Math.min (3, laneHeight / 6)));
  }

  /* Time per category in a lane's pixel columns, for what is too narrow
   * to draw on its own; drawn as one column each, as high as the share
   * of the column's time that was busy. Every bar is such a stack of its
   * categories' shares, from the bottom, as in the window. */
  let columns = new Float64Array (0);
  let columnFailed = new Float64Array (0);

  function drawStack (ctx, x, width, bottom, height, time, offset, busy, span) {
    const filled = Math.max (1, height * Math.min (1, busy / span));
    let y = bottom;
    for (let c = 0; c < nCat; c++) {
      const part = filled * time[offset + c] / busy;
      if (part > 0) {
        ctx.fillStyle = tl.categories[c].color;
        ctx.fillRect (x, y - part, width, part);
        y -= part;
      }
    }
  }

  /* One lane per worker; a task is a bar from its start to its end, split
   * by where its time went, with a band along its top if it failed. */
  function drawTimeline (ctx, w, h) {
    const plotW = Math.max (1, Math.floor (w - L - R));
    const usPerPx = (view.end - view.start) * 1e6 / plotW;
    const startUs = view.start * 1e6, endUs = view.end * 1e6;
    const gap = laneHeight >= 6 ? 1 : 0;
    let bars = 0, shown = 0;

    if (columns.length < plotW * nCat) {
      columns = new Float64Array (plotW * nCat);
      columnFailed = new Float64Array (plotW);
    }
    drawTitle (ctx, text.timeline);
    ctx.font = '11px system-ui, sans-serif';
    ctx.textAlign = 'right';
    for (let l = 0; l < tl.lanes; l++) {
      const y = TOP + l * laneHeight;
      ctx.fillStyle = cssColor (l % 2 ? '--bg' : '--lane');
      ctx.fillRect (L, y, w - L - R, laneHeight);
      if (laneHeight >= 10 && (tl.lanes <= 32 || l % 4 === 0)) {
        ctx.fillStyle = cssColor ('--muted');
        ctx.fillText (String (l), L - 6, y + laneHeight / 2 + 4);
      }
    }
    drawTimeAxis (ctx, w, h - 10);

    ctx.save ();
    clipToPlot (ctx, w, h);
    for (let l = 0; l < tl.lanes; l++) {
      const top = TOP + l * laneHeight + gap, height = laneHeight - 2 * gap;
      const bottom = top + height;
      const lane = lanes[l];
      let used = false;

      columns.fill (0, 0, plotW * nCat);
      columnFailed.fill (0, 0, plotW);
      /* Adds what is too narrow to draw alone to the column at @x. */
      const toColumn = (x, time, offset, failed) => {
        const col = Math.floor (x - L);
        if (col < 0 || col >= plotW)
          return;
        for (let c = 0; c < nCat; c++)
          columns[col * nCat + c] += time[offset + c];
        columnFailed[col] += failed;
        used = true;
      };

      if (tasks.n) {
        const order = lane.tasks;
        for (let k = Math.max (0, lowerBound (order, startUs, i => tasks.start[i]) - 1);
             k < order.length && tasks.start[order[k]] <= endUs; k++) {
          const i = order[k];
          if (tasks.end[i] < startUs)
            continue;
          const x0 = L + (tasks.start[i] - startUs) / usPerPx;
          const x1 = L + (tasks.end[i] - startUs) / usPerPx;
          const failed = (tasks.flags[i] & 3) === 2;
          shown++;
          if (x1 - x0 < 2) {
            toColumn ((x0 + x1) / 2, tasks.time, i * nCat, failed ? 1 : 0);
            continue;
          }
          /* Leave a hairline between tasks that follow each other. */
          const width = x1 - x0 >= 5 ? x1 - x0 - 1 : x1 - x0;
          const run = tasks.end[i] - tasks.start[i];
          drawStack (ctx, x0, width, bottom, height, tasks.time, i * nCat, run, run);
          if (failed)
            markFailed (ctx, x0, width, top);
          bars++;
        }
      } else {
        const binUs = tl.binUs;
        for (let k = Math.max (0, lowerBound (lane.bin, startUs / binUs, b => b + 1));
             k < lane.bin.length && lane.bin[k] * binUs <= endUs; k++) {
          const x0 = L + (lane.bin[k] * binUs - startUs) / usPerPx;
          const x1 = x0 + binUs / usPerPx;
          shown += lane.tasks[k];
          if (x1 - x0 < 2) {
            toColumn ((x0 + x1) / 2, lane.time, k * nCat, lane.failed[k]);
            continue;
          }
          let busy = 0;
          for (let c = 0; c < nCat; c++)
            busy += lane.time[k * nCat + c];
          if (busy > 0)
            drawStack (ctx, x0, x1 - x0, bottom, height, lane.time, k * nCat, busy, binUs);
          if (lane.failed[k] > 0)
            markFailed (ctx, x0, x1 - x0, top);
          bars++;
        }
      }

      if (!used)
        continue;
      for (let col = 0; col < plotW; col++) {
        let busy = 0;
        for (let c = 0; c < nCat; c++)
          busy += columns[col * nCat + c];
        if (busy > 0)
          drawStack (ctx, L + col, 1, bottom, height, columns, col * nCat, busy, usPerPx);
        if (columnFailed[col] > 0)
          markFailed (ctx, L + col, 1, top);
        if (busy > 0 || columnFailed[col] > 0)
          bars++;
      }
    }
    ctx.restore ();

    /* What was drawn, for the tests. */
    const box = timeline.box;
    box.dataset.lanes = tl.lanes;
    box.dataset.bars = bars;
    box.dataset.tasks = Math.round (shown);
  }

  function breakdownRows (time, offset) {
    const rows = [];
    for (let c = 0; c < nCat; c++)
      if (time[offset + c] > 0)
        rows.push ([tl.categories[c].color, tl.categories[c].name, duration (time[offset + c])]);
    return rows;
  }

  /* What is under the pointer on the timeline, read as the window reads
   * it: the task (or bin) whose span holds it, or the nearest one within
   * 3 pixels; else that the worker idled. */
  function readTimeline (x, y, w) {
    const l = Math.floor ((y - TOP) / laneHeight);
    if (l < 0 || l >= tl.lanes || x < L || x > w - R)
      return null;
    const lane = lanes[l];
    const us = tOf (x, w) * 1e6;
    const slack = 3 * (view.end - view.start) * 1e6 / (w - L - R);
    const distance = (s, e) => (us < s ? s - us : us > e ? us - e : 0);
    const idle = { t: us / 1e6, title: format (text.workerIdle, l), rows: [] };

    if (tasks.n) {
      const order = lane.tasks;
      const k0 = lowerBound (order, us, i => tasks.start[i]);
      let best = -1, bestDistance = slack;
      for (let k = Math.max (0, k0 - 2); k < Math.min (order.length, k0 + 2); k++) {
        const d = distance (tasks.start[order[k]], tasks.end[order[k]]);
        if (d <= bestDistance) {
          best = order[k];
          bestDistance = d;
        }
      }
      if (best < 0)
        return idle;
      const rows = [[null, text.attempt, String ((tasks.flags[best] >> 2) + 1)],
                    [null, text.queueWait, duration (tasks.start[best] - tasks.enqueue[best])],
                    [null, text.runTime, duration (tasks.end[best] - tasks.start[best])]]
        .concat (breakdownRows (tasks.time, best * nCat));
      if ((tasks.flags[best] & 3) === 2)
        rows.push ([failedInk (), text.failed, tasks.reason.get (tasks.id[best]) || '']);
      return {
        t: (tasks.start[best] + tasks.end[best]) / 2e6,
        task: tasks.id[best],
        title: format (text.task, tasks.id[best], l),
        rows,
      };
    }

    const binUs = tl.binUs;
    const k0 = lowerBound (lane.bin, us / binUs - 1, b => b);
    let best = -1, bestDistance = slack;
    for (let k = Math.max (0, k0 - 1); k < Math.min (lane.bin.length, k0 + 2); k++) {
      const d = distance (lane.bin[k] * binUs, (lane.bin[k] + 1) * binUs);
      if (d <= bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    if (best < 0)
      return idle;
    const s = lane.bin[best] * binUs / 1e6;
    let busy = 0;
    for (let c = 0; c < nCat; c++)
      busy += lane.time[best * nCat + c];
    const rows = [[null, text.merged, String (lane.tasks[best])]];
    if (lane.failed[best] > 0)
      rows.push ([failedInk (), text.failedTasks, String (lane.failed[best])]);
    return {
      t: s + binUs / 2e6,
      title: format (text.range, axisTime (s, binUs / 1e6, full.end),
                     axisTime (s + binUs / 1e6, binUs / 1e6, full.end)),
      subtitle: format (text.worker, l),
      rows: rows.concat (breakdownRows (lane.time, best * nCat),
                         [[null, text.idle, duration (Math.max (0, binUs - busy))]]),
    };
  }

  /* Fills the readings box; built as nodes, so no text is taken as HTML. */
  function fillTip (tip, reading) {
    tip.replaceChildren ();
    const title = document.createElement ('b');
    title.textContent = reading.title;
    tip.append (title);
    if (reading.subtitle) {
      const sub = document.createElement ('div');
      sub.textContent = reading.subtitle;
      tip.append (sub);
    }
    const table = document.createElement ('table');
    for (const [color, label, value] of reading.rows) {
      const row = table.insertRow ();
      const name = row.insertCell ();
      if (color) {
        const swatch = document.createElement ('span');
        swatch.textContent = '■ ';
        swatch.style.color = color;
        name.append (swatch);
      }
      name.append (label);
      row.insertCell ().textContent = value;
    }
    tip.append (table);
  }

  function show (element, left, top, width, height) {
    element.style.display = 'block';
    element.style.left = left + 'px';
    element.style.top = top + 'px';
    if (width !== undefined)
      element.style.width = width + 'px';
    if (height !== undefined)
      element.style.height = height + 'px';
  }

  function hideHover () {
    for (const panel of panels) {
      panel.cursor.style.display = 'none';
      panel.tip.style.display = 'none';
    }
  }

  /* Readings at @x, @y of @panel, and the cursor at that time on every
   * panel. */
  function hover (panel, x, y) {
    const w = panel.box.clientWidth;
    const found = x >= L && x <= w - R ? panel.read (x, y, w) : null;
    hideHover ();
    panel.found = found;
    if (found === null)
      return null;
    for (const p of panels) {
      const cx = Math.round (xOf (panel === timeline ? tOf (x, w) : found.t, w));
      if (cx >= L && cx <= w - R)
        show (p.cursor, cx, TOP, undefined, p.height - TOP - BOTTOM);
    }
    fillTip (panel.tip, found);
    show (panel.tip, 0, 0);
    const tipW = panel.tip.offsetWidth, tipH = panel.tip.offsetHeight;
    show (panel.tip, x + 14 + tipW <= w ? x + 14 : Math.max (0, x - 14 - tipW),
          Math.max (0, Math.min (y + 14, panel.height - tipH)));
    return found;
  }

  function updateToolbar () {
    const zoomed = view.start > full.start || view.end < full.end;
    const step = (view.end - view.start) / 100;
    document.getElementById ('px-reset').disabled = !zoomed;
    document.getElementById ('px-range').textContent =
      zoomed ? format (text.range, axisTime (view.start, step, full.end),
                       axisTime (view.end, step, full.end)) : '';
  }

  function drawPanel (panel) {
    const ratio = window.devicePixelRatio || 1;
    const w = panel.box.clientWidth, h = panel.height;
    panel.canvas.width = Math.round (w * ratio);
    panel.canvas.height = Math.round (h * ratio);
    panel.canvas.style.height = h + 'px';
    const ctx = panel.canvas.getContext ('2d');
    ctx.setTransform (ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect (0, 0, w, h);
    panel.draw (ctx, w, h);
    panel.box.dataset.range = view.start + ' ' + view.end;
  }

  function drawAll () {
    hideHover ();
    for (const panel of panels)
      drawPanel (panel);
    updateToolbar ();
  }

  /* The one time range every panel shows. */
  function zoom (start, end) {
    start = Math.max (full.start, start);
    end = Math.min (full.end, end);
    if (end - start < MIN_SPAN) {
      const middle = (start + end) / 2;
      start = Math.max (full.start, middle - MIN_SPAN / 2);
      end = Math.min (full.end, start + MIN_SPAN);
    }
    view.start = start;
    view.end = end;
    drawAll ();
  }

  function resetZoom () {
    zoom (full.start, full.end);
  }

  function makePanel (parent, height, draw, read) {
    const box = document.createElement ('div');
    const panel = { box, height, draw, read };
    box.className = 'panel';
    for (const part of ['canvas', 'cursor', 'band', 'tip']) {
      panel[part] = document.createElement (part === 'canvas' ? 'canvas' : 'div');
      panel[part].className = part;
      box.append (panel[part]);
    }
    parent.append (box);

    const canvas = panel.canvas;
    const localX = e => e.clientX - canvas.getBoundingClientRect ().left;
    const localY = e => e.clientY - canvas.getBoundingClientRect ().top;

    canvas.addEventListener ('pointerdown', e => {
      const x = localX (e);
      if (e.button !== 0 || x < L || x > box.clientWidth - R)
        return;
      drag = { panel, from: x, to: x };
      try {
        canvas.setPointerCapture (e.pointerId);
      } catch (error) {
        /* Synthetic pointers cannot be captured; nothing is lost. */
      }
      hideHover ();
      e.preventDefault ();
    });
    canvas.addEventListener ('pointermove', e => {
      if (drag === null) {
        hover (panel, localX (e), localY (e));
        return;
      }
      if (drag.panel !== panel)
        return;
      drag.to = Math.max (L, Math.min (box.clientWidth - R, localX (e)));
      show (panel.band, Math.min (drag.from, drag.to), TOP, Math.abs (drag.to - drag.from),
            height - TOP - BOTTOM);
    });
    canvas.addEventListener ('pointerup', e => {
      if (drag === null || drag.panel !== panel)
        return;
      const w = box.clientWidth;
      const to = Math.max (L, Math.min (w - R, localX (e)));
      const from = drag.from;
      drag = null;
      panel.band.style.display = 'none';
      /* A click, not a drag: nothing to zoom. */
      if (Math.abs (to - from) >= 4)
        zoom (tOf (Math.min (from, to), w), tOf (Math.max (from, to), w));
    });
    canvas.addEventListener ('pointerleave', () => {
      if (drag === null)
        hideHover ();
    });
    canvas.addEventListener ('dblclick', resetZoom);
    panels.push (panel);
    return panel;
  }

  function makeLegend (parent, series) {
    const legend = document.createElement ('p');
    legend.className = 'legend';
    for (const s of series) {
      const swatch = document.createElement ('span');
      swatch.className = 'swatch';
      swatch.style.background = s.color;
      legend.append (swatch, s.name);
    }
    parent.append (legend);
  }

  const timeline = makePanel (document.getElementById ('px-timeline'), timelineHeight,
                              drawTimeline, readTimeline);
  const chartsBox = document.getElementById ('px-charts');
  for (const chart of data.charts) {
    makePanel (chartsBox, CHART_HEIGHT, (ctx, w, h) => drawChart (chart, ctx, w, h),
               (x, y, w) => readChart (chart, x, y, w));
    makeLegend (chartsBox, chart.series);
  }

  document.getElementById ('px-reset').addEventListener ('click', resetZoom);
  window.addEventListener ('resize', drawAll);
  window.matchMedia ('(prefers-color-scheme: dark)').addEventListener ('change', drawAll);
  drawAll ();
  document.body.dataset.script = 'ready';

  /* Self-test: points at a task and at a chart, drags across the middle
   * half of the first chart, then zooms out by double-click and by the
   * button, writing what each step showed into data attributes. */
  function pointer (panel, type, fraction, y) {
    const rect = panel.canvas.getBoundingClientRect ();
    const x = L + fraction * (rect.width - L - R);
    panel.canvas.dispatchEvent (new PointerEvent (type, {
      bubbles: true, cancelable: true, pointerId: 1, pointerType: 'mouse', isPrimary: true,
      button: type === 'pointermove' ? -1 : 0, buttons: drag || type === 'pointerdown' ? 1 : 0,
      clientX: rect.left + x, clientY: rect.top + y,
    }));
  }

  function dragAcross (panel, from, to) {
    pointer (panel, 'pointerdown', from, TOP + 10);
    pointer (panel, 'pointermove', (from + to) / 2, TOP + 10);
    pointer (panel, 'pointermove', to, TOP + 10);
    pointer (panel, 'pointerup', to, TOP + 10);
  }

  function ranges () {
    return panels.map (p => p.box.dataset.range).join (';');
  }

  /* Points at time @t of timeline lane @lane; what the readings show. */
  function pointAtLane (lane, t) {
    pointer (timeline, 'pointermove', (t - view.start) / (view.end - view.start),
             TOP + (lane + 0.5) * laneHeight);
    const found = timeline.found;
    return {
      task: found && found.task !== undefined ? found.task : '',
      text: timeline.tip.style.display === 'block' ? timeline.tip.textContent : '',
    };
  }

  function selfTest () {
    const body = document.body.dataset;
    const box = timeline.box.dataset;

    /* The longest task, or the fullest bin; then the first failed task. */
    let target = null;
    if (tasks.n) {
      for (let i = 0; i < tasks.n; i++)
        if (target === null || tasks.end[i] - tasks.start[i] > target.length)
          target = { length: tasks.end[i] - tasks.start[i], lane: tasks.worker[i],
                     t: (tasks.start[i] + tasks.end[i]) / 2e6 };
    } else {
      lanes.forEach ((lane, l) => lane.bin.forEach ((b, k) => {
        if (target === null || lane.tasks[k] > target.length)
          target = { length: lane.tasks[k], lane: l, t: (b + 0.5) * tl.binUs / 1e6 };
      }));
    }
    if (target !== null)
      ({ task: box.hoverTask, text: box.hoverText } = pointAtLane (target.lane, target.t));
    for (let i = 0; i < tasks.n; i++) {
      if ((tasks.flags[i] & 3) === 2) {
        ({ task: box.hoverFailedTask, text: box.hoverFailedText } =
          pointAtLane (tasks.worker[i], (tasks.start[i] + tasks.end[i]) / 2e6));
        break;
      }
    }

    const chart = panels.length > 1 ? panels[1] : timeline;
    pointer (chart, 'pointermove', 0.5, TOP + 20);
    chart.box.dataset.hoverText = chart.tip.style.display === 'block'
                                  ? chart.tip.textContent : '';
    chart.box.dataset.cursors = panels.filter (p => p.cursor.style.display === 'block').length;
    pointer (chart, 'pointerleave', 0.5, TOP + 20);

    dragAcross (chart, 0.25, 0.75);
    body.selftestZoom = view.start + ' ' + view.end;
    body.selftestRanges = ranges ();
    body.selftestReset = !document.getElementById ('px-reset').disabled ? 'enabled' : 'disabled';

    chart.canvas.dispatchEvent (new MouseEvent ('dblclick', { bubbles: true }));
    body.selftestDblclick = ranges ();

    dragAcross (timeline, 0.5, 0.75);
    body.selftestTimelineZoom = view.start + ' ' + view.end;
    document.getElementById ('px-reset').click ();
    body.selftestButton = ranges ();
    body.selftest = 'done';
  }

  if (location.hash === '#selftest') {
    try {
      selfTest ();
    } catch (error) {
      document.body.dataset.selftest = 'error: ' + error;
    }
  }
}) ();
