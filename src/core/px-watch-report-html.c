/* px-watch-report-html.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A watch as one standalone HTML page: its figures, its processes and
 * its threads grouped under them, and inline SVG charts on the scales
 * and in the colours of the window: cores used against threads wanting
 * a CPU, CPU per thread, the threads' states over time, memory, storage
 * IO and tasks a second.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "px-report-private.h"
#include "px-watch-report-private.h"
#include "px-watch-summary.h"

/* Lines and lanes beyond these are in the tables and the JSON report. */
#define MAX_THREAD_LINES 16
#define MAX_PROCESS_LINES 8
#define MAX_LANES 64
#define TIMELINE_COLUMNS 360

static void
write_escaped (Out        *out,
               const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  g_autofree char *escaped = g_markup_escape_text (valid, -1);

  out_str (out, escaped);
}

static guint64
thread_busy_ns (const PxWatchThread *t)
{
  return (t->cpu_ns - t->cpu_ns_first) + (t->wait_ns - t->wait_ns_first);
}

/* The indices of up to @max threads that used the most CPU or waited
 * the longest for one, in the order @order gives. */
static GArray *
busiest_threads (PxWatch *watch,
                 GArray  *order,
                 guint    max)
{
  GArray *picked = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree guint64 *busy = g_new (guint64, MAX (order->len, 1));
  guint64 threshold = 0;

  for (guint k = 0; k < order->len; k++)
    busy[k] = thread_busy_ns (px_watch_get_thread (watch, g_array_index (order, guint, k)));
  if (order->len > max)
    {
      g_autofree guint64 *sorted = g_memdup2 (busy, order->len * sizeof (guint64));

      /* The max-th largest: those at or above it are shown. */
      for (guint i = 0; i < max; i++)
        for (guint j = i + 1; j < order->len; j++)
          if (sorted[j] > sorted[i])
            {
              guint64 tmp = sorted[i];

              sorted[i] = sorted[j];
              sorted[j] = tmp;
            }
      threshold = sorted[max - 1];
    }
  for (guint k = 0; k < order->len && picked->len < max; k++)
    if (busy[k] >= threshold)
      g_array_append_val (picked, g_array_index (order, guint, k));
  return picked;
}

static void
write_figures (Out     *out,
               PxWatch *watch)
{
  PxWatchSummary s;
  guint n_figures;
  const PxWatchFigure *figures = px_watch_summary_get_figures (&n_figures);

  px_watch_summary_compute (watch, &s);
  out_printf (out, "<table>\n<tr><th>%s</th><th>%s</th></tr>\n", _("Measure"), _("Value"));
  for (guint i = 0; i < n_figures; i++)
    {
      double v = figures[i].value (&s);
      g_autofree char *value = NULL;

      if (isnan (v))
        continue;
      value = px_figure_format_unit (figures[i].unit, v);
      out_str (out, "<tr title=\"");
      write_escaped (out, _(figures[i].help));
      out_str (out, "\"><td>");
      write_escaped (out, _(figures[i].label));
      out_str (out, "</td><td>");
      write_escaped (out, value);
      out_str (out, "</td></tr>\n");
    }
  out_str (out, "</table>\n");
}

static void
write_processes (Out     *out,
                 PxWatch *watch)
{
  out_printf (out, "<h2>%s</h2>\n<table>\n<tr><th>pid</th><th>%s</th><th>%s</th><th>%s</th>"
                   "<th>%s</th><th>%s</th><th>%s</th></tr>\n",
              _("Processes"), _("process"), _("parent"), _("memory at most"), _("read"),
              _("written"), _("command line"));
  for (guint i = 0; i < px_watch_get_n_processes (watch); i++)
    {
      const PxWatchProcess *p = px_watch_get_process (watch, i);
      double mean, peak;
      g_autofree char *rss = NULL;

      px_watch_series_mean_peak (p->series[PX_WATCH_PROCESS_RSS], &mean, &peak);
      rss = g_format_size ((guint64)(isnan (peak) ? 0 : peak));
      out_printf (out, "<tr><td>%d</td><td>", p->pid);
      write_escaped (out, p->name);
      if (p->ended)
        write_escaped (out, _(" (ended)"));
      out_printf (out, "</td><td>%d</td><td>%s</td>", p->parent, rss);
      if (p->io_readable)
        {
          g_autofree char *rd = g_format_size (p->read_bytes - MIN (p->read_bytes,
                                                                    p->read_bytes_first));
          g_autofree char *wr = g_format_size (p->write_bytes - MIN (p->write_bytes,
                                                                     p->write_bytes_first));

          out_printf (out, "<td>%s</td><td>%s</td>", rd, wr);
        }
      else
        out_printf (out, "<td colspan=\"2\">%s</td>", _("not readable"));
      out_str (out, "<td style=\"text-align:left\"><code>");
      write_escaped (out, p->command_line);
      out_str (out, "</code></td></tr>\n");
    }
  out_str (out, "</table>\n");
}

static void
write_threads (Out     *out,
               PxWatch *watch,
               GArray  *order)
{
  int last_pid = 0;

  out_printf (out, "<h2>%s</h2>\n<table>\n<tr><th>tid</th><th>%s</th><th>%s</th><th>%s</th>"
                   "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>\n",
              _("Threads"), _("thread"), _("CPU time"), _("run queue"), _("mean CPU"),
              _("runnable"), _("switches"), _("voluntary / involuntary"));
  for (guint k = 0; k < order->len; k++)
    {
      const PxWatchThread *t = px_watch_get_thread (watch, g_array_index (order, guint, k));
      g_auto(PxWatchThreadRow) row = { 0 };

      if (t->pid != last_pid)
        {
          for (guint i = 0; i < px_watch_get_n_processes (watch); i++)
            if (px_watch_get_process (watch, i)->pid == t->pid)
              {
                out_printf (out, "<tr><th colspan=\"8\">%s %d ", _("process"), t->pid);
                write_escaped (out, px_watch_get_process (watch, i)->name);
                out_str (out, "</th></tr>\n");
              }
          last_pid = t->pid;
        }
      _px_watch_report_thread_row (t, &row);
      out_printf (out, "<tr><td>%d</td><td>", t->tid);
      write_escaped (out, t->name);
      if (t->ended)
        write_escaped (out, _(" (ended)"));
      out_printf (out, "</td><td>%s</td><td>%s</td><td>%.1f %%</td><td>%.1f %%</td>"
                       "<td>%" G_GUINT64_FORMAT "</td><td>%" G_GUINT64_FORMAT " / %"
                       G_GUINT64_FORMAT "</td></tr>\n",
                  row.cpu_time, row.wait_time, row.cpu_mean, row.runnable_mean, row.switches,
                  t->voluntary, t->involuntary);
    }
  out_str (out, "</table>\n");
}

/* The share of samples [@a, @b) of @t that it ran and waited for a CPU,
 * and the state it was most often in off a CPU; FALSE if it was not
 * seen in any of them. */
static gboolean
column_shares (const PxWatchThread *t,
               guint                a,
               guint                b,
               double              *running,
               double              *runnable,
               int                 *off_state)
{
  guint counts[PX_WATCH_N_STATES] = { 0 };
  guint n = 0;

  *running = *runnable = 0;
  for (guint k = a; k < b; k++)
    {
      double cpu = px_history_get (t->series[PX_WATCH_THREAD_CPU], k);
      double run = px_history_get (t->series[PX_WATCH_THREAD_RUNNABLE], k);
      double state = px_history_get (t->series[PX_WATCH_THREAD_STATE], k);

      if (isnan (cpu))
        continue;
      *running += CLAMP (cpu / 100, 0, 1);
      *runnable += CLAMP ((isnan (run) ? 0 : run) / 100, 0, 1);
      if (!isnan (state) && state >= PX_WATCH_SLEEPING && state < PX_WATCH_N_STATES)
        counts[(int)state]++;
      n++;
    }
  if (n == 0)
    return FALSE;
  *running /= n;
  *runnable = MIN (*runnable / n, 1 - *running);
  *off_state = PX_WATCH_SLEEPING;
  for (int s = PX_WATCH_SLEEPING; s < PX_WATCH_N_STATES; s++)
    if (counts[s] > counts[*off_state])
      *off_state = s;
  return TRUE;
}

static PxColorRole
state_role (int state)
{
  switch (state)
    {
    case PX_WATCH_RUNNING:
      return PX_COLOR_COMPUTE;
    case PX_WATCH_RUNNABLE:
      return PX_COLOR_GIL_WAIT;
    case PX_WATCH_DISK_WAIT:
      return PX_COLOR_IO_WAIT;
    case PX_WATCH_STOPPED:
    case PX_WATCH_ZOMBIE:
      return PX_COLOR_FAILED;
    default:
      return PX_COLOR_IDLE;
    }
}

static void
write_fill (Out *out,
            int  state)
{
  PxColor color;
  char hex[8];

  px_palette_get_role (state_role (state), &color);
  px_color_to_hex (&color, hex);
  out_printf (out, " fill=\"%s\"%s", hex, state >= PX_WATCH_SLEEPING &&
              state_role (state) == PX_COLOR_IDLE ? " fill-opacity=\"0.5\"" : "");
}

/* An outline from the lane's bottom up to each column's share, stacked
 * over @base, as one path. */
static void
write_share_path (Out          *out,
                  const double *x,
                  const double *share,
                  const gboolean *seen,
                  guint         n_columns,
                  double        bottom,
                  double        height,
                  int           state)
{
  gboolean open = FALSE;

  out_str (out, "<path d=\"");
  for (guint c = 0; c <= n_columns; c++)
    {
      if (c < n_columns && seen[c])
        {
          if (!open)
            out_printf (out, "M%.1f %.1f", x[c], bottom);
          out_printf (out, "V%.1fH%.1f", bottom - share[c] * height, x[c + 1]);
          open = TRUE;
        }
      else if (open)
        {
          out_printf (out, "V%.1fZ", bottom);
          open = FALSE;
        }
    }
  out_str (out, "\"");
  write_fill (out, state);
  out_str (out, "/>\n");
}

/* The threads over time, a lane each: the share of each moment a
 * thread ran (bottom), waited for a CPU (above it) and spent off a CPU
 * in its usual state there (the rest), as the window's timeline. */
static void
write_timeline (Out     *out,
                PxWatch *watch,
                GArray  *lanes,
                guint    n_threads)
{
  PxHistory *time = px_watch_get_time (watch);
  guint n = px_history_get_length (time);
  const double W = 720, L = 130, R = 12, T = 28;
  double tmax = n > 0 ? MAX (px_history_get_last (time), 1e-3) : 1;
  double lane_h = CLAMP (420.0 / MAX (lanes->len, 1), 5, 18);
  double H = T + lanes->len * lane_h + 30;
  guint n_columns = n > 1 ? MIN (n - 1, TIMELINE_COLUMNS) : 0;
  g_autofree double *x = g_new (double, n_columns + 1);
  g_autofree double *running = g_new (double, MAX (n_columns, 1));
  g_autofree double *wanting = g_new (double, MAX (n_columns, 1));
  g_autofree int *off = g_new (int, MAX (n_columns, 1));
  g_autofree gboolean *seen = g_new (gboolean, MAX (n_columns, 1));
  double tstep = px_scale_time_step (tmax, W - L - R, 60);
  static const int legend[] = {
    PX_WATCH_RUNNING, PX_WATCH_RUNNABLE, PX_WATCH_SLEEPING, PX_WATCH_DISK_WAIT,
    PX_WATCH_STOPPED,
  };

  out_printf (out, "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" "
                   "role=\"img\" aria-label=\"%s\">\n", W, H, _("Threads over time"));
  out_printf (out, "<text x=\"%.0f\" y=\"18\" class=\"title\">%s</text>\n", L,
              _("Threads over time"));
  for (guint c = 0; c <= n_columns; c++)
    {
      /* Column c covers samples (a, b]: the span from the sample before
       * a to b. */
      guint k = n_columns > 0 ? c * (n - 1) / n_columns : 0;

      x[c] = L + (W - L - R) * px_history_get (time, k) / tmax;
    }
  for (guint l = 0; l < lanes->len; l++)
    {
      const PxWatchThread *t = px_watch_get_thread (watch, g_array_index (lanes, guint, l));
      double top = T + l * lane_h;
      double bottom = top + lane_h - 1;
      int last_off = -1;
      double run_x = 0;

      for (guint c = 0; c < n_columns; c++)
        {
          guint a = c * (n - 1) / n_columns + 1;
          guint b = (c + 1) * (n - 1) / n_columns + 1;
          double run, wait;

          seen[c] = column_shares (t, a, b, &run, &wait, &off[c]);
          running[c] = seen[c] ? run : 0;
          wanting[c] = seen[c] ? run + wait : 0;
        }
      {
        g_autofree char *lane = g_strdup_printf ("%s %d (%s %d)", t->name, t->tid, _("process"),
                                                 t->pid);

        out_str (out, "<g><title>");
        write_escaped (out, lane);
        out_str (out, "</title>\n");
      }
      /* The backdrop: its state off a CPU, a rectangle a stretch. */
      for (guint c = 0; c <= n_columns; c++)
        {
          int state = c < n_columns && seen[c] ? off[c] : -1;

          if (state == last_off)
            continue;
          if (last_off >= 0)
            {
              out_printf (out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"",
                          run_x, top, MAX (x[c] - run_x, 0.5), lane_h - 1);
              write_fill (out, last_off);
              out_str (out, "/>\n");
            }
          last_off = state;
          run_x = x[MIN (c, n_columns)];
        }
      write_share_path (out, x, wanting, seen, n_columns, bottom, lane_h - 1, PX_WATCH_RUNNABLE);
      write_share_path (out, x, running, seen, n_columns, bottom, lane_h - 1, PX_WATCH_RUNNING);
      out_printf (out, "<text x=\"%.0f\" y=\"%.1f\" class=\"axis\" text-anchor=\"end\">",
                  L - 6, top + lane_h / 2 + 4);
      if (lane_h >= 9)
        {
          g_autofree char *label = g_strdup_printf ("%s %d", t->name, t->tid);

          write_escaped (out, label);
        }
      out_str (out, "</text></g>\n");
    }
  for (double k = 0; k * tstep <= tmax + 1e-9; k++)
    {
      double tv = k * tstep;
      double xx = L + (W - L - R) * tv / tmax;
      g_autofree char *label = px_format_time (tv, tstep, tmax);

      out_printf (out, "<text x=\"%.1f\" y=\"%.0f\" class=\"axis\" text-anchor=\"%s\">%s</text>\n",
                  xx, H - 10, xx > W - R - 20 ? "end" : "middle", label);
    }
  out_str (out, "</svg>\n<figcaption>");
  for (guint i = 0; i < G_N_ELEMENTS (legend); i++)
    {
      PxColor color;
      char hex[8];

      px_palette_get_role (state_role (legend[i]), &color);
      px_color_to_hex (&color, hex);
      out_printf (out, "<span style=\"color:%s\">&#9632;</span> ", hex);
      write_escaped (out, px_watch_state_name (legend[i]));
      out_str (out, " &#160; ");
    }
  if (lanes->len < n_threads)
    {
      g_autofree char *more = g_strdup_printf (
        ngettext ("(the %u busiest threads; %u more are in the tables)",
                  "(the %u busiest threads; %u more are in the tables)",
                  n_threads - lanes->len), lanes->len, n_threads - lanes->len);

      write_escaped (out, more);
    }
  out_str (out, "</figcaption></figure>\n");
}

static void
write_charts (Out     *out,
              PxWatch *watch,
              GArray  *order)
{
  PxHistory *time = px_watch_get_time (watch);
  g_autoptr(GArray) busiest = busiest_threads (watch, order, MAX_THREAD_LINES);
  g_autoptr(GArray) lanes = busiest_threads (watch, order, MAX_LANES);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) process_names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) io_names = g_ptr_array_new_with_free_func (g_free);
  PxHistory *cores[2] = { px_watch_get_series (watch, PX_WATCH_PARALLELISM),
                          px_watch_get_series (watch, PX_WATCH_WANTING) };
  const char *cores_names[2] = { _("Cores used"), _("Threads wanting a CPU") };
  PxColor cores_colors[2];
  PxHistory *lines[MAX_THREAD_LINES];
  PxColor colors[MAX_THREAD_LINES];
  PxHistory *rss[MAX_PROCESS_LINES];
  PxColor rss_colors[MAX_PROCESS_LINES];
  PxHistory *io[2 * MAX_PROCESS_LINES];
  PxColor io_colors[2 * MAX_PROCESS_LINES];
  guint n_processes = MIN (px_watch_get_n_processes (watch), MAX_PROCESS_LINES);
  guint n_io = 0;
  PxReportChart chart;
  double cpu_top = 100;

  px_palette_get_role (PX_COLOR_COMPUTE, &cores_colors[0]);
  px_palette_get_role (PX_COLOR_GIL_WAIT, &cores_colors[1]);
  chart = (PxReportChart) { _("Cores used and threads wanting a CPU"), _("cores"), time, cores,
                            cores_colors, cores_names, 2, 0 };
  _px_report_fit_chart_top (&chart, 0);
  _px_report_write_svg_chart (out, &chart);

  for (guint i = 0; i < busiest->len; i++)
    {
      const PxWatchThread *t = px_watch_get_thread (watch, g_array_index (busiest, guint, i));
      double mean, peak;

      lines[i] = t->series[PX_WATCH_THREAD_CPU];
      px_palette_get_worker (i, &colors[i]);
      g_ptr_array_add (names, g_strdup_printf ("%s (%d)", t->name, t->tid));
      if (px_watch_series_mean_peak (lines[i], &mean, &peak))
        cpu_top = MAX (cpu_top, peak);
    }
  chart = (PxReportChart) { _("CPU per thread"), "%", time, lines, colors,
                            (const char **)names->pdata, busiest->len, 0 };
  /* A thread is on one CPU at most; a reading a hair above keeps 100. */
  _px_report_fit_chart_top (&chart, cpu_top <= 105 ? 100 : 0);
  _px_report_write_svg_chart (out, &chart);

  write_timeline (out, watch, lanes, px_watch_get_n_threads (watch));

  for (guint i = 0; i < n_processes; i++)
    {
      const PxWatchProcess *p = px_watch_get_process (watch, i);

      rss[i] = p->series[PX_WATCH_PROCESS_RSS];
      px_palette_get_worker (i, &rss_colors[i]);
      g_ptr_array_add (process_names, g_strdup_printf ("%s (%d)", p->name, p->pid));
      if (p->io_readable)
        {
          io[n_io] = p->series[PX_WATCH_PROCESS_READ_RATE];
          io_colors[n_io] = rss_colors[i];
          /* Translators: a line of the storage graph: a process's reads. */
          g_ptr_array_add (io_names, g_strdup_printf (_("%s (%d) read"), p->name, p->pid));
          n_io++;
          io[n_io] = p->series[PX_WATCH_PROCESS_WRITE_RATE];
          io_colors[n_io] = rss_colors[i];
          io_colors[n_io].red *= 0.6;
          io_colors[n_io].green *= 0.6;
          io_colors[n_io].blue *= 0.6;
          /* Translators: a line of the storage graph: a process's writes. */
          g_ptr_array_add (io_names, g_strdup_printf (_("%s (%d) written"), p->name, p->pid));
          n_io++;
        }
    }
  chart = (PxReportChart) { _("Memory per process"), "B", time, rss, rss_colors,
                            (const char **)process_names->pdata, n_processes, 0 };
  _px_report_fit_chart_top (&chart, 0);
  _px_report_write_svg_chart (out, &chart);
  if (n_io > 0)
    {
      chart = (PxReportChart) { _("Storage read and written"), "B/s", time, io, io_colors,
                                (const char **)io_names->pdata, n_io, 0 };
      _px_report_fit_chart_top (&chart, 0);
      _px_report_write_svg_chart (out, &chart);
    }
  if (px_watch_get_progress (watch, NULL, NULL, NULL))
    {
      PxHistory *tasks = px_watch_get_series (watch, PX_WATCH_THROUGHPUT);
      PxColor color;

      px_palette_get_role (PX_COLOR_THROUGHPUT, &color);
      chart = (PxReportChart) { _("Tasks a second"), _("tasks/s"), time, &tasks, &color, NULL,
                                1, 0 };
      _px_report_fit_chart_top (&chart, 0);
      _px_report_write_svg_chart (out, &chart);
    }
}

gboolean
_px_watch_report_write_html (PxWatch        *watch,
                             GOutputStream  *stream,
                             GError        **error)
{
  g_autofree Out *out = g_new0 (Out, 1);
  g_autoptr(GArray) order = _px_watch_report_thread_order (watch);
  const PxWatchProcess *root = px_watch_get_n_processes (watch) > 0
                               ? px_watch_get_process (watch, 0) : NULL;
  g_autofree char *title = g_strdup_printf ("%s: %s (pid %d)", _("Watch of a program"),
                                            root != NULL ? root->name : "",
                                            px_watch_get_pid (watch));
  int status;

  out->stream = stream;
  out_str (out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
                "<meta name=\"viewport\" content=\"width=device-width\"/>\n<title>");
  write_escaped (out, title);
  out_str (out, "</title>\n");
  _px_report_write_style (out);
  out_str (out, "</head>\n<body>\n<h1>");
  write_escaped (out, title);
  out_str (out, "</h1>\n");
  if (root != NULL && root->command_line != NULL)
    {
      out_str (out, "<p><code>");
      write_escaped (out, root->command_line);
      out_str (out, "</code></p>\n");
    }
  if (px_watch_get_exit_status (watch, &status))
    {
      g_autofree char *ended = g_strdup_printf (_("It ended with status %d."), status);

      out_str (out, "<p>");
      write_escaped (out, ended);
      out_str (out, "</p>\n");
    }
  write_figures (out, watch);
  if (px_history_get_length (px_watch_get_time (watch)) > 1)
    write_charts (out, watch, order);
  write_processes (out, watch);
  write_threads (out, watch, order);
  out_printf (out, "<p><small>Parallax %s</small></p>\n</body>\n</html>\n", PACKAGE_VERSION);
  _px_out_flush (out);
  if (out->error != NULL)
    {
      g_propagate_error (error, out->error);
      return FALSE;
    }
  return TRUE;
}
