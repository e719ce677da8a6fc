/* px-report-html.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The HTML report: one standalone file with the summary tables and
 * inline SVG charts drawn on the window's scales and in its colours.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "px-report-private.h"
#include "px-scale.h"

/* An inline SVG line chart of @n_lines series over the sampled time, on
 * the scales and in the colours of the window's graphs. */
static void
write_svg_chart (Out           *out,
                 const char    *title,
                 const char    *unit,
                 PxHistory     *time,
                 PxHistory    **lines,
                 const PxColor *colors,
                 const char   **names,
                 guint          n_lines,
                 double         fixed_max)
{
  const double W = 720, H = 200, L = 56, R = 12, T = 28, B = 30;
  guint n = px_history_get_length (time);
  double tmax = n ? px_history_get (time, n - 1) : 1;
  double vmax = fixed_max;
  g_autofree char *title_esc = g_markup_escape_text (title, -1);
  double vstep, tstep, divisor;
  const char *prefix;
  int n_grid, decimals;

  if (vmax <= 0)
    {
      for (guint l = 0; l < n_lines; l++)
        for (guint i = 0; i < n; i++)
          {
            double v = px_history_get (lines[l], i);
            if (isfinite (v))
              vmax = MAX (vmax, v);
          }
      vmax = MAX (1, px_scale_nice_ceil (vmax * 1.02));
    }
  if (tmax <= 0)
    tmax = 1;
  vstep = px_scale_value_step (vmax, 4, &n_grid);
  tstep = px_scale_time_step (tmax, W - L - R, 60);
  px_scale_choose_prefix (vmax, &divisor, &prefix);
  decimals = px_scale_count_decimals (vstep / divisor, 3);

  out_printf (out, "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" "
                   "role=\"img\" aria-label=\"%s\">\n", W, H, title_esc);
  out_printf (out, "<text x=\"%.0f\" y=\"18\" class=\"title\">%s (%s)</text>\n", L, title_esc, unit);
  for (int k = 0; k < n_grid; k++)
    {
      double v = k * vstep;
      double y = T + (H - T - B) * (1 - v / vmax);
      g_autofree char *label = px_format_value (v, divisor, prefix, decimals, NULL);

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

  for (guint l = 0; l < n_lines; l++)
    {
      gboolean open = FALSE;
      char hex[8];

      px_color_to_hex (&colors[l], hex);
      for (guint i = 0; i < n; i++)
        {
          double v = px_history_get (lines[l], i);
          double x = L + (W - L - R) * px_history_get (time, i) / tmax;
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

  if (n_lines > 1)
    {
      out_str (out, "<figcaption>");
      for (guint l = 0; l < n_lines; l++)
        {
          g_autofree char *name = g_markup_escape_text (names[l], -1);
          char hex[8];

          px_color_to_hex (&colors[l], hex);
          out_printf (out, "<span style=\"color:%s\">&#9632;</span> %s &#160; ", hex, name);
        }
      out_str (out, "</figcaption>");
    }
  out_str (out, "</figure>\n");
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
  const PxFigure *figures;
  guint n_figures;

  out_printf (out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
                   "<title>%s</title>\n<style>\n"
                   "body{font-family:system-ui,sans-serif;max-width:760px;margin:2em auto;"
                   "color:#222;background:#fff}\n"
                   "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;"
                   "padding:.3em .6em;text-align:right}th{background:#f4f4f4}\n"
                   "td:first-child,th:first-child{text-align:left}\n"
                   ".grid{stroke:#ddd;stroke-width:1}.axis{font-size:11px;fill:#555}"
                   ".title{font-size:13px;font-weight:bold;fill:#222}\n"
                   "figure{margin:1em 0}figcaption{font-size:12px}\n"
                   "@media (prefers-color-scheme: dark){body{background:#1e1e1e;color:#ddd}"
                   "th{background:#333}.title{fill:#ddd}.axis{fill:#aaa}.grid{stroke:#444}}\n"
                   "</style>\n</head>\n<body>\n<h1>%s</h1>\n<p>%s</p>\n", name, name, desc);

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

  out_printf (out, "<table>\n<tr><th>%s</th><th>pid/tid</th><th>%s</th><th>%s</th><th>%s</th></tr>\n",
              _("Worker"), _("tasks"), _("CPU time"), _("utilisation"));
  for (guint i = 0; i < px_run_get_n_workers (run); i++)
    {
      PxWorkerSnapshot w;
      g_autofree char *cpu = NULL;

      px_run_get_worker (run, i, &w);
      cpu = px_format_duration (w.cpu_ns / 1000.0);
      out_printf (out, "<tr><td>%u</td><td>%d</td><td>%" G_GUINT64_FORMAT "</td><td>%s</td>"
                       "<td>%.0f %%</td></tr>\n",
                  i, spec->executor == PX_EXECUTOR_PROCESSES ? w.pid : w.tid, w.tasks_done, cpu,
                  s->wall_us ? 100.0 * w.busy_us / s->wall_us : 0);
    }
  out_str (out, "</table>\n");

  if (sampler != NULL)
    {
      guint workers = px_sampler_get_n_workers (sampler);
      g_autofree PxHistory **cpu = g_new (PxHistory *, MAX (workers, 1));
      g_autofree PxColor *colors = g_new (PxColor, MAX (workers, 3));
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      PxHistory *time = px_sampler_get_time (sampler);
      PxHistory *queue[3] = {
        px_sampler_get_series (sampler, PX_SERIES_WAITING),
        px_sampler_get_series (sampler, PX_SERIES_QUEUE),
        px_sampler_get_series (sampler, PX_SERIES_IN_FLIGHT),
      };
      const char *queue_names[3] = { _("Waiting"), _("In queue"), _("In flight") };
      PxHistory *thr = px_sampler_get_series (sampler, PX_SERIES_THROUGHPUT);
      double cpu_max = 100;

      for (guint i = 0; i < workers; i++)
        {
          cpu[i] = px_sampler_get_worker_series (sampler, i, PX_WORKER_SERIES_CPU);
          px_palette_get_worker (i, &colors[i]);
          g_ptr_array_add (names, g_strdup_printf (_("Worker %u"), i));
          for (guint k = 0; k < px_history_get_length (cpu[i]); k++)
            if (isfinite (px_history_get (cpu[i], k)))
              cpu_max = MAX (cpu_max, px_history_get (cpu[i], k));
        }

      /* 100 % is one core; a sample a hair above it keeps the 100 scale. */
      write_svg_chart (out, _("CPU per worker"), "%", time, cpu, colors,
                       (const char **)names->pdata, workers,
                       cpu_max <= 105 ? 100 : ceil (cpu_max / 100) * 100);
      px_palette_get_role (PX_COLOR_WAITING, &colors[0]);
      px_palette_get_role (PX_COLOR_QUEUED, &colors[1]);
      px_palette_get_role (PX_COLOR_IN_FLIGHT, &colors[2]);
      write_svg_chart (out, _("Queue depth"), _("tasks"), time, queue, colors, queue_names, 3, 0);
      px_palette_get_role (PX_COLOR_THROUGHPUT, &colors[0]);
      write_svg_chart (out, _("Throughput"), _("tasks/s"), time, &thr, colors, NULL, 1, 0);
    }

  out_printf (out, "<p><small>Parallax %s</small></p>\n</body>\n</html>\n", PACKAGE_VERSION);
}
