/* px-report-html.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The HTML report: one standalone file with the summary tables and
 * inline SVG charts drawn on the window's scales and in its colours. The
 * run's records and series follow as JSON for the inline script
 * (px-report-html.js), which draws the timeline and makes every chart
 * interactive: readings under the pointer, and one time range, zoomed by
 * dragging, shared by all of them. Without scripts the page still shows
 * the tables and the static charts.
 */

#include "config.h"

#include <locale.h>
#include <sys/utsname.h>

#include <glib/gi18n.h>

#include "px-report-html-js.h"
#include "px-report-private.h"
#include "px-scale.h"

/* The grid of a chart's value axis, labelled with the unit's SI prefix. */
typedef struct
{
  double      step;
  double      divisor;
  const char *prefix;
  int         n_grid;
  int         decimals;
} ValueAxis;

/* A JSON string that is safe inside an HTML <script> element and an XML
 * parser alike: '<', '>' and '&' are escaped, so "</script>" cannot
 * appear, and invalid UTF-8 is replaced. */
void
_px_report_write_json_string (Out        *out,
                              const char *s)
{
  g_autofree char *valid = g_utf8_make_valid (s ? s : "", -1);

  out_str (out, "\"");
  for (const char *p = valid; *p; p++)
    {
      guchar ch = *p;

      if (ch == '"' || ch == '\\')
        {
          char esc[3] = { '\\', ch, 0 };
          out_str (out, esc);
        }
      else if (ch < 0x20 || ch == '<' || ch == '>' || ch == '&')
        out_printf (out, "\\u%04x", ch);
      else if (ch == 0xe2 && (guchar)p[1] == 0x80 && ((guchar)p[2] & 0xfe) == 0xa8)
        {
          /* U+2028 and U+2029 end a line in older JavaScript. */
          out_printf (out, "\\u%04x", 0x2028 + ((guchar)p[2] & 1));
          p += 2;
        }
      else
        out_write (out, p, 1);
    }
  out_str (out, "\"");
}

static void
write_json_member (Out        *out,
                   const char *key,
                   const char *value)
{
  out_printf (out, "\"%s\":", key);
  _px_report_write_json_string (out, value);
  out_str (out, ",");
}

/* The top of @chart's value axis: @fixed_max, or a round number above
 * its largest value. */
void
_px_report_fit_chart_top (PxReportChart *chart,
                          double         fixed_max)
{
  guint n = px_history_get_length (chart->time);

  chart->top = fixed_max;
  if (chart->top > 0)
    return;
  for (guint l = 0; l < chart->n_lines; l++)
    for (guint i = 0; i < n; i++)
      {
        double v = px_history_get (chart->lines[l], i);

        if (isfinite (v))
          chart->top = MAX (chart->top, v);
      }
  chart->top = MAX (1, px_scale_nice_ceil (chart->top * 1.02));
}

static void
get_value_axis (const PxReportChart *chart,
                ValueAxis   *axis)
{
  axis->step = px_scale_value_step (chart->top, 4, &axis->n_grid);
  px_scale_choose_prefix (chart->top, &axis->divisor, &axis->prefix);
  axis->decimals = px_scale_count_decimals (axis->step / axis->divisor, 3);
}

/* An inline SVG line chart of the chart's series over the sampled time,
 * on the scales and in the colours of the window's graphs. */
void
_px_report_write_svg_chart (Out                 *out,
                            const PxReportChart *chart)
{
  const double W = 720, H = 200, L = 56, R = 12, T = 28, B = 30;
  guint n = px_history_get_length (chart->time);
  double tmax = n ? px_history_get (chart->time, n - 1) : 1;
  double vmax = chart->top;
  g_autofree char *title_esc = g_markup_escape_text (chart->title, -1);
  ValueAxis axis;
  double tstep;

  if (tmax <= 0)
    tmax = 1;
  get_value_axis (chart, &axis);
  tstep = px_scale_time_step (tmax, W - L - R, 60);

  out_printf (out, "<figure class=\"static\"><svg xmlns=\"http://www.w3.org/2000/svg\" "
                   "viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"%s\">\n", W, H, title_esc);
  out_printf (out, "<text x=\"%.0f\" y=\"18\" class=\"title\">%s (%s)</text>\n", L, title_esc,
              chart->unit);
  for (int k = 0; k < axis.n_grid; k++)
    {
      double v = k * axis.step;
      double y = T + (H - T - B) * (1 - v / vmax);
      g_autofree char *label = px_format_value (v, axis.divisor, axis.prefix, axis.decimals,
                                                NULL);

      out_printf (out, "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>"
                       "<text x=\"%.0f\" y=\"%.1f\" class=\"axis\" text-anchor=\"end\">%s</text>\n",
                  L, W - R, y, y, L - 6, y + 4, label);
    }
  for (double k = 0; k * tstep <= tmax + 1e-9; k++)
    {
      double tv = k * tstep;
      double x = L + (W - L - R) * tv / tmax;
      g_autofree char *label = px_format_time (tv, tstep, tmax);

      out_printf (out, "<text x=\"%.1f\" y=\"%.0f\" class=\"axis\" text-anchor=\"%s\">%s</text>\n",
                  x, H - 10, x > W - R - 20 ? "end" : "middle", label);
    }

  for (guint l = 0; l < chart->n_lines; l++)
    {
      gboolean open = FALSE;
      char hex[8];

      px_color_to_hex (&chart->colors[l], hex);
      for (guint i = 0; i < n; i++)
        {
          double v = px_history_get (chart->lines[l], i);
          double x = L + (W - L - R) * px_history_get (chart->time, i) / tmax;
          double y = T + (H - T - B) * (1 - MIN (v, vmax) / vmax);
          char xs[G_ASCII_DTOSTR_BUF_SIZE], ys[G_ASCII_DTOSTR_BUF_SIZE];

          if (!isfinite (v))
            {
              if (open)
                out_str (out, "\"/>\n");
              open = FALSE;
              continue;
            }
          g_ascii_formatd (xs, sizeof xs, "%.1f", x);
          g_ascii_formatd (ys, sizeof ys, "%.1f", y);
          if (!open)
            out_printf (out, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"",
                        hex);
          out_printf (out, "%s%s,%s", open ? " " : "", xs, ys);
          open = TRUE;
        }
      if (open)
        out_str (out, "\"/>\n");
    }
  out_str (out, "</svg>\n");

  if (chart->n_lines > 0 && chart->names != NULL)
    {
      out_str (out, "<figcaption>");
      for (guint l = 0; l < chart->n_lines; l++)
        {
          g_autofree char *name = g_markup_escape_text (chart->names[l], -1);
          char hex[8];

          px_color_to_hex (&chart->colors[l], hex);
          out_printf (out, "<span style=\"color:%s\">&#9632;</span> %s &#160; ", hex, name);
        }
      out_str (out, "</figcaption>");
    }
  out_str (out, "</figure>\n");
}

/* The same chart for the script: the value grid with its labels, the
 * sample times in seconds and each series (null where a sample is
 * missing). */
static void
write_chart_json (Out                 *out,
                  const PxReportChart *chart)
{
  guint n = px_history_get_length (chart->time);
  ValueAxis axis;

  get_value_axis (chart, &axis);
  out_str (out, "{");
  write_json_member (out, "title", chart->title);
  write_json_member (out, "unit", chart->unit);
  out_str (out, "\"top\":");
  out_double (out, chart->top, "1");
  out_str (out, ",\"ticks\":[");
  for (int k = 0; k < axis.n_grid; k++)
    {
      g_autofree char *label = px_format_value (k * axis.step, axis.divisor, axis.prefix,
                                                axis.decimals, NULL);

      out_str (out, k ? ",[" : "[");
      out_double (out, k * axis.step, "0");
      out_str (out, ",");
      _px_report_write_json_string (out, label);
      out_str (out, "]");
    }
  out_str (out, "],\"t\":[");
  for (guint i = 0; i < n; i++)
    {
      if (i)
        out_str (out, ",");
      out_double (out, px_history_get (chart->time, i), "null");
    }
  out_str (out, "],\"series\":[");
  for (guint l = 0; l < chart->n_lines; l++)
    {
      char hex[8];

      px_color_to_hex (&chart->colors[l], hex);
      out_str (out, l ? ",{" : "{");
      write_json_member (out, "name", chart->names ? chart->names[l] : chart->title);
      write_json_member (out, "color", hex);
      out_str (out, "\"v\":[");
      for (guint i = 0; i < n; i++)
        {
          if (i)
            out_str (out, ",");
          out_double (out, px_history_get (chart->lines[l], i), "null");
        }
      out_str (out, "]}");
    }
  out_str (out, "]}");
}

/* The words the script shows, translated here: labels, and the printf
 * formats of times and durations that the window uses too. */
static void
write_text_json (Out *out)
{
  out_str (out, "\"text\":{");
  /* Translators: heading of the readings over a task in the timeline. */
  write_json_member (out, "task", _("Task %u on worker %d"));
  /* Translators: the timeline's reading where a worker ran nothing. */
  write_json_member (out, "workerIdle", _("Worker %d: idle"));
  write_json_member (out, "worker", _("Worker %u"));
  write_json_member (out, "attempt", _("Attempt"));
  write_json_member (out, "queueWait", _("Queue wait"));
  write_json_member (out, "runTime", _("Run time"));
  write_json_member (out, "failed", _("Failed"));
  write_json_member (out, "merged", _("Tasks merged"));
  write_json_member (out, "failedTasks", _("Tasks failed"));
  write_json_member (out, "idle", _("Idle"));
  write_json_member (out, "timeline", _("Tasks per worker"));
  /* Translators: a span of time on the report's charts, "0.5 s – 1.5 s". */
  write_json_member (out, "range", _("%s – %s"));
  /* Translators: a time in seconds on the graphs' time axis. */
  write_json_member (out, "seconds", _("%.*f s"));
  write_json_member (out, "s1", _("%.1f s"));
  write_json_member (out, "s2", _("%.2f s"));
  write_json_member (out, "ms", _("%.2f ms"));
  write_json_member (out, "us", _("%.0f µs"));
  out_str (out, "\"decimal\":");
  _px_report_write_json_string (out, localeconv ()->decimal_point);
  out_str (out, "}");
}

/* The data for the script: words, the time axis' steps, the charts and
 * the timeline; times in seconds from the run's start. */
static void
write_page_data (Out                  *out,
                 const PxReportChart  *charts,
                 guint                 n_charts,
                 const PxHtmlTimeline *timeline)
{
  guint n_steps;
  const double *steps = px_scale_get_time_steps (&n_steps);

  out_str (out, "<script type=\"application/json\" id=\"px-data\">{");
  write_text_json (out);
  out_str (out, ",\"end\":");
  out_double (out, _px_html_timeline_get_span (timeline), "1");
  out_str (out, ",\"timeSteps\":[");
  for (guint i = 0; i < n_steps; i++)
    {
      if (i)
        out_str (out, ",");
      out_double (out, steps[i], "0");
    }
  out_str (out, "],\"charts\":[");
  for (guint c = 0; c < n_charts; c++)
    {
      if (c)
        out_str (out, ",");
      write_chart_json (out, &charts[c]);
    }
  out_str (out, "],");
  _px_html_timeline_write_json (out, timeline);
  out_str (out, "}</script>\n");
}

void
_px_report_write_style (Out *out)
{
  out_str (out,
           "<style>\n"
           ":root{--fg:#222;--muted:#555;--grid:#ddd;--bg:#fff;--lane:#f6f5f4;--band:#3584e433}\n"
           "body{font-family:system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0 1em;"
           "color:var(--fg);background:var(--bg)}\n"
           "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;"
           "padding:.3em .6em;text-align:right}th{background:#f4f4f4}\n"
           "td:first-child,th:first-child{text-align:left}\n"
           ".grid{stroke:#ddd;stroke-width:1}.axis{font-size:11px;fill:#555}"
           ".title{font-size:13px;font-weight:bold;fill:#222}\n"
           "figure{margin:1em 0}figcaption{font-size:12px}\n"
           ".js-only{display:none}.js .js-only{display:block}.js .static,.js .nojs{display:none}\n"
           ".toolbar{position:sticky;top:0;z-index:2;background:var(--bg);font-size:13px;"
           "padding:.5em 0;border-bottom:1px solid var(--grid)}.js .toolbar{display:flex}\n"
           ".toolbar{gap:1em;align-items:center}.hint,.note{color:var(--muted);font-size:12px}\n"
           ".panel{position:relative;margin:1em 0 .3em;user-select:none;touch-action:pan-y}\n"
           ".panel canvas{display:block;width:100%;cursor:crosshair}\n"
           ".cursor,.band,.tip{position:absolute;top:0;display:none;pointer-events:none}\n"
           ".cursor{width:1px;background:var(--fg);opacity:.5}\n"
           ".band{background:var(--band);border:1px solid #3584e4}\n"
           ".tip{z-index:3;background:var(--bg);color:var(--fg);border:1px solid var(--grid);"
           "border-radius:4px;padding:.3em .5em;font-size:12px;white-space:nowrap;"
           "box-shadow:0 2px 6px #0003}\n"
           ".tip table{margin:.2em 0 0}.tip td{border:0;padding:0 .6em 0 0;text-align:left}\n"
           ".tip td+td{text-align:right;padding:0}.tip b{display:block}\n"
           ".legend{font-size:12px;margin:0 0 1.5em}.swatch{display:inline-block;width:.9em;"
           "height:.9em;margin:0 .3em 0 .8em;vertical-align:-.1em;border:1px solid var(--grid)}\n"
           ".swatch.failed{border-top:3px solid currentColor}\n"
           "@media (prefers-color-scheme: dark){:root{--fg:#ddd;--muted:#aaa;--grid:#444;"
           "--bg:#1e1e1e;--lane:#262626;--failed:#c0bfbc}\n"
           "th{background:#333}td,th{border-color:#555}.title{fill:#ddd}.axis{fill:#aaa}"
           ".grid{stroke:#444}.swatch.failed{color:var(--failed) !important}}\n"
           "</style>\n");
}

void
_px_report_write_html (Out                 *out,
                       PxRun               *run,
                       PxSampler           *sampler,
                       const PxRepetitions *reps,
                       const PxSummary     *s)
{
  const PxSpec *spec = px_run_get_spec (run);
  g_autofree char *name = g_markup_escape_text (spec->name && spec->name[0] ? spec->name
                                                : _("Parallax run"), -1);
  g_autofree char *desc = g_markup_escape_text (spec->description ? spec->description : "", -1);
  guint workers = sampler ? px_sampler_get_n_workers (sampler) : 0;
  g_autofree PxHistory **cpu = g_new (PxHistory *, MAX (workers, 1));
  g_autofree PxColor *cpu_colors = g_new (PxColor, MAX (workers, 1));
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  PxHistory *queue[3];
  PxColor queue_colors[3], thr_color;
  const char *queue_names[3] = { _("Waiting"), _("In queue"), _("In flight") };
  PxHistory *thr;
  PxReportChart charts[4];
  guint cores = sampler ? px_sampler_get_n_cores (sampler) : 0;
  g_autofree PxHistory **core = g_new (PxHistory *, MAX (cores, 1));
  g_autofree PxColor *core_colors = g_new (PxColor, MAX (cores, 1));
  g_autoptr(GPtrArray) core_names = g_ptr_array_new_with_free_func (g_free);
  const char *thr_names[1] = { _("Throughput") };
  guint n_charts = 0;
  g_autoptr(PxHtmlTimeline) timeline = _px_html_timeline_new (run);
  /* The zoom all charts share, and how to use it. */
  g_autofree char *toolbar = g_markup_printf_escaped (
    "<div class=\"toolbar js-only\"><button type=\"button\" id=\"px-reset\" "
    "disabled=\"disabled\">%s</button> <span id=\"px-range\"></span> "
    "<span class=\"hint\">%s</span></div>\n",
    _("Reset zoom"),
    _("Drag across a chart or the timeline to zoom in; double-click to zoom out."));
  const PxFigure *figures;
  guint n_figures;

  out_printf (out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
                   "<meta name=\"viewport\" content=\"width=device-width\"/>\n"
                   "<title>%s</title>\n", name);
  _px_report_write_style (out);
  out_printf (out, "</head>\n<body>\n<h1>%s</h1>\n<p>%s</p>\n", name, desc);

  out_printf (out, "<table>\n<tr><th>%s</th><th>%s</th></tr>\n", _("Measure"), _("Value"));
  out_printf (out, "<tr><td>%s</td><td>%s, %u %s, %s, %u %s</td></tr>\n", _("Workload"),
              px_executor_kind_name (spec->executor), spec->workers, _("workers"),
              px_task_kind_name (spec->kind), spec->tasks, _("tasks"));
  figures = px_summary_get_figures (&n_figures);
  for (guint i = 0; i < n_figures; i++)
    {
      g_autofree char *value = px_figure_format (&figures[i], figures[i].value (s));
      g_autofree char *label = g_markup_escape_text (_(figures[i].label), -1);
      g_autofree char *help = g_markup_escape_text (_(figures[i].help), -1);

      out_printf (out, "<tr title=\"%s\"><td>%s</td><td>%s</td></tr>\n", help, label, value);
    }
  if (reps != NULL && reps->n > 1)
    out_printf (out, "<tr><td>%s</td><td>%.3f ± %.3f s (%u)</td></tr>\n", _("Repetitions"),
                reps->wall_stats.mean, reps->wall_stats.stddev, reps->n);
  out_str (out, "</table>\n");

  out_printf (out, "<table>\n<tr><th>%s</th><th>pid/tid</th><th>%s</th><th>%s</th><th>%s</th>"
                   "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>",
              _("Worker"), _("tasks"), _("CPU time"), _("utilisation"), _("computing"),
              _("lock wait"), _("IO wait"), _("IPC"), _("signal wait"), _("idle"));
  /* launcher=ssh: where each ran. */
  if (spec->launcher != PX_LAUNCHER_LOCAL)
    out_printf (out, "<th>%s</th>", _("host"));
  out_str (out, "</tr>\n");
  for (guint i = 0; i < px_run_get_n_workers (run); i++)
    {
      PxWorkerSnapshot w;
      g_autofree char *cpu_time = NULL;

      px_run_get_worker (run, i, &w);
      cpu_time = px_format_duration (w.cpu_ns / 1000.0);
      out_printf (out, "<tr><td>%u</td><td>%d</td><td>%" G_GUINT64_FORMAT "</td><td>%s</td>"
                       "<td>%.0f %%</td>",
                  i, spec->executor == PX_EXECUTOR_PROCESSES ? w.pid : w.tid, w.tasks_done,
                  cpu_time, s->wall_us ? 100.0 * w.busy_us / s->wall_us : 0);
      /* Where its time went, as the window's breakdown bar. */
      {
        static const PxWorkerState order[] = { PX_WORKER_COMPUTING, PX_WORKER_LOCK_WAIT,
                                               PX_WORKER_IO_WAIT, PX_WORKER_IPC,
                                               PX_WORKER_SIGNAL_WAIT, PX_WORKER_IDLE };

        for (guint k = 0; k < G_N_ELEMENTS (order); k++)
          {
            g_autofree char *spent = px_format_duration ((double)MAX (w.time_us[order[k]], 0));

            out_printf (out, "<td>%s</td>", spent);
          }
      }
      {
        g_autofree char *host = _px_report_dup_worker_host (run, i);
        g_autofree char *escaped = host != NULL ? g_markup_escape_text (host, -1) : NULL;

        if (escaped != NULL)
          out_printf (out, "<td>%s</td>", escaped);
      }
      out_str (out, "</tr>\n");
    }
  out_str (out, "</table>\n");

  /* The machine it ran on, for whoever reads the figures elsewhere. */
  {
    g_autofree char *model = _px_report_dup_cpu_model ();
    g_autofree char *model_esc = g_markup_escape_text (model, -1);
    struct utsname uts;

    uname (&uts);
    out_printf (out, "<table>\n<tr><th>%s</th><th>%s</th></tr>\n", _("Machine"), "");
    out_printf (out, "<tr><td>%s</td><td>%s</td></tr>\n", _("Processor"), model_esc);
    out_printf (out, "<tr><td>%s</td><td>%d</td></tr>\n", _("Cores"), g_get_num_processors ());
    out_printf (out, "<tr><td>%s</td><td>Linux %s (%s)</td></tr>\n", _("Operating system"),
                uts.release, uts.machine);
    out_printf (out, "<tr><td>%s</td><td>%.0f %s</td></tr>\n", _("Calibration"),
                px_run_get_calibration (run), _("iterations/ms"));
    out_str (out, "</table>\n");
  }

  out_str (out, toolbar);
  _px_html_timeline_write_section (out, timeline);

  if (sampler != NULL)
    {
      PxHistory *time = px_sampler_get_time (sampler);
      double cpu_max = 100;

      for (guint i = 0; i < workers; i++)
        {
          cpu[i] = px_sampler_get_worker_series (sampler, i, PX_WORKER_SERIES_CPU);
          px_palette_get_worker (i, &cpu_colors[i]);
          g_ptr_array_add (names, g_strdup_printf (_("Worker %u"), i));
          for (guint k = 0; k < px_history_get_length (cpu[i]); k++)
            if (isfinite (px_history_get (cpu[i], k)))
              cpu_max = MAX (cpu_max, px_history_get (cpu[i], k));
        }
      queue[0] = px_sampler_get_series (sampler, PX_SERIES_WAITING);
      queue[1] = px_sampler_get_series (sampler, PX_SERIES_QUEUE);
      queue[2] = px_sampler_get_series (sampler, PX_SERIES_IN_FLIGHT);
      px_palette_get_role (PX_COLOR_WAITING, &queue_colors[0]);
      px_palette_get_role (PX_COLOR_QUEUED, &queue_colors[1]);
      px_palette_get_role (PX_COLOR_IN_FLIGHT, &queue_colors[2]);
      thr = px_sampler_get_series (sampler, PX_SERIES_THROUGHPUT);
      px_palette_get_role (PX_COLOR_THROUGHPUT, &thr_color);

      charts[n_charts++] = (PxReportChart) { _("CPU per worker"), "%", time, cpu, cpu_colors,
                                     (const char **)names->pdata, workers, 0 };
      charts[n_charts++] = (PxReportChart) { _("Queue depth"), _("tasks"), time, queue, queue_colors,
                                     queue_names, 3, 0 };
      charts[n_charts++] = (PxReportChart) { _("Throughput"), _("tasks/s"), time, &thr, &thr_color,
                                     thr_names, 1, 0 };
      for (guint i = 0; i < cores; i++)
        {
          core[i] = px_sampler_get_core_series (sampler, i);
          px_palette_get_worker (i, &core_colors[i]);
          g_ptr_array_add (core_names, g_strdup_printf (_("Core %u"), i));
        }
      charts[n_charts++] = (PxReportChart) { _("CPU per core (the whole machine)"), "%", time,
                                     core, core_colors, (const char **)core_names->pdata, cores,
                                     0 };
      /* 100 % is one core; a sample a hair above it keeps the 100 scale. */
      _px_report_fit_chart_top (&charts[0], cpu_max <= 105 ? 100 : ceil (cpu_max / 100) * 100);
      _px_report_fit_chart_top (&charts[1], 0);
      _px_report_fit_chart_top (&charts[2], 0);
      _px_report_fit_chart_top (&charts[3], 100);
      for (guint c = 0; c < n_charts; c++)
        _px_report_write_svg_chart (out, &charts[c]);
    }
  out_str (out, "<div id=\"px-charts\" class=\"js-only\"></div>\n");
  out_printf (out, "<p><small>Parallax %s</small></p>\n", PACKAGE_VERSION);

  write_page_data (out, charts, n_charts, timeline);
  /* The CDATA section keeps the page well-formed XML as well as HTML. */
  out_str (out, "<script>/*<![CDATA[*/\n");
  out_str (out, px_report_html_js);
  out_str (out, "/*]]>*/</script>\n</body>\n</html>\n");
}
