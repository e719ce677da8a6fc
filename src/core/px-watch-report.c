/* px-watch-report.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a watch of a program leaves: a summary for the terminal, and
 * reports as JSON (everything, series included), CSV (a row per thread
 * per sample) and Markdown (the summary's tables); HTML and the Chrome
 * trace are in px-watch-report-html.c and px-watch-report-trace.c.
 * Files are written through px-output.c: a failed write leaves the
 * previous file whole.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "px-output.h"
#include "px-report.h"
#include "px-watch-report-private.h"
#include "px-watch-summary.h"

/* A watch is written in the formats a run is, named alike. */
static PxWatchReportFormat
from_report_format (PxReportFormat format)
{
  switch (format)
    {
    case PX_REPORT_JSON:
      return PX_WATCH_REPORT_JSON;
    case PX_REPORT_CSV:
      return PX_WATCH_REPORT_CSV;
    case PX_REPORT_HTML:
      return PX_WATCH_REPORT_HTML;
    case PX_REPORT_TRACE:
      return PX_WATCH_REPORT_TRACE;
    case PX_REPORT_MARKDOWN:
    default:
      return PX_WATCH_REPORT_MARKDOWN;
    }
}

gboolean
px_watch_report_format_from_name (const char          *name,
                                  PxWatchReportFormat *format)
{
  PxReportFormat f;

  if (!px_report_format_from_name (name, &f))
    return FALSE;
  *format = from_report_format (f);
  return TRUE;
}

/* From the file name, as for runs: .json, .csv, .md, .html or .htm,
 * and .trace.json or .trace for the Chrome trace. */
gboolean
px_watch_report_format_from_path (const char          *path,
                                  PxWatchReportFormat *format)
{
  PxReportFormat f;

  if (!px_report_format_from_path (path, &f))
    return FALSE;
  *format = from_report_format (f);
  return TRUE;
}

static const char *
root_name (PxWatch *watch)
{
  return px_watch_get_n_processes (watch) > 0 ? px_watch_get_process (watch, 0)->name : "";
}

/**
 * _px_watch_report_thread_order:
 *
 * The watch's threads grouped under their processes, in the order the
 * processes were seen: indices into px_watch_get_thread().
 */
GArray *
_px_watch_report_thread_order (PxWatch *watch)
{
  guint n_threads = px_watch_get_n_threads (watch);
  GArray *order = g_array_sized_new (FALSE, FALSE, sizeof (guint), n_threads);
  g_autofree gboolean *placed = g_new0 (gboolean, MAX (n_threads, 1));

  for (guint k = 0; k < px_watch_get_n_processes (watch); k++)
    {
      int pid = px_watch_get_process (watch, k)->pid;

      for (guint i = 0; i < n_threads; i++)
        if (!placed[i] && px_watch_get_thread (watch, i)->pid == pid)
          {
            g_array_append_val (order, i);
            placed[i] = TRUE;
          }
    }
  for (guint i = 0; i < n_threads; i++)
    if (!placed[i])
      g_array_append_val (order, i);
  return order;
}

/* What a thread's row says: its CPU time and time waiting for a CPU
 * while watched, its mean shares of a CPU and of a run queue, and its
 * switches. */
void
_px_watch_report_thread_row (const PxWatchThread *t,
                             PxWatchThreadRow    *row)
{
  double peak;

  row->cpu_time = px_format_duration ((double)(t->cpu_ns - t->cpu_ns_first) / 1e3);
  row->wait_time = px_format_duration ((double)(t->wait_ns - t->wait_ns_first) / 1e3);
  if (!px_watch_series_mean_peak (t->series[PX_WATCH_THREAD_CPU], &row->cpu_mean, &peak))
    row->cpu_mean = 0;
  if (!px_watch_series_mean_peak (t->series[PX_WATCH_THREAD_RUNNABLE], &row->runnable_mean,
                                  &peak))
    row->runnable_mean = 0;
  row->switches = t->switches - t->switches_first;
}

void
_px_watch_report_thread_row_clear (PxWatchThreadRow *row)
{
  g_clear_pointer (&row->cpu_time, g_free);
  g_clear_pointer (&row->wait_time, g_free);
}

/**
 * px_watch_report_dup_summary:
 *
 * The watch in a few lines and a table of its threads, grouped under
 * their processes, for a terminal.
 */
char *
px_watch_report_dup_summary (PxWatch *watch)
{
  GString *text = g_string_new (NULL);
  PxWatchSummary s;
  const PxWatchFigure *figures;
  guint n_figures;
  g_autoptr(GArray) order = _px_watch_report_thread_order (watch);
  g_autofree char *seconds = NULL;
  int last_pid = 0;
  glong width = 0;

  px_watch_summary_compute (watch, &s);
  figures = px_watch_summary_get_figures (&n_figures);
  seconds = px_format_duration (s.seconds * 1e6);
  width = g_utf8_strlen (_("Watched"), -1) + 2;
  for (guint i = 1; i < n_figures; i++)
    width = MAX (width, (glong)g_utf8_strlen (_(figures[i].label), -1) + 2);
  {
    /* Translators: the first line of a watch's summary, after "Watched":
     * the pid, the program's name, how long and how many samples. */
    g_autofree char *what = g_strdup_printf (_("pid %d (%s) for %s, %u samples"),
                                             px_watch_get_pid (watch), root_name (watch),
                                             seconds, s.samples);

    g_string_append_printf (text, "%s%*s%s\n", _("Watched"),
                            (int)(width - g_utf8_strlen (_("Watched"), -1)), "", what);
  }
  /* The first figure is the time watched, said above. */
  for (guint i = 1; i < n_figures; i++)
    {
      double v = figures[i].value (&s);
      g_autofree char *value = NULL;
      const char *label = _(figures[i].label);
      glong pad;

      if (isnan (v))
        continue;
      value = px_figure_format_unit (figures[i].unit, v);
      /* Labels line up whatever their language's width. */
      pad = width - (glong)g_utf8_strlen (label, -1);
      g_string_append_printf (text, "%s%*s%s\n", label, (int)pad, "", value);
    }
  g_string_append (text, "\n");
  g_string_append_printf (text, "%7s  %-16s %10s %10s %9s %9s %9s\n", _("tid"), _("thread"),
                          _("CPU time"), _("run queue"), _("mean CPU"), _("runnable"),
                          _("switches"));
  for (guint k = 0; k < order->len; k++)
    {
      const PxWatchThread *t = px_watch_get_thread (watch, g_array_index (order, guint, k));
      g_auto(PxWatchThreadRow) row = { 0 };

      _px_watch_report_thread_row (t, &row);
      if (t->pid != last_pid)
        {
          for (guint i = 0; i < px_watch_get_n_processes (watch); i++)
            {
              const PxWatchProcess *p = px_watch_get_process (watch, i);

              if (p->pid != t->pid)
                continue;
              /* Translators: a process heading the table of its threads:
               * its pid, name and, when it ended, "(ended)". */
              g_string_append_printf (text, _("process %d  %s%s\n"), p->pid, p->name,
                                      p->ended ? _("  (ended)") : "");
              break;
            }
          last_pid = t->pid;
        }
      g_string_append_printf (text, "%7d  %-16s %10s %10s %7.1f %% %7.1f %% %9"
                              G_GUINT64_FORMAT "%s\n",
                              t->tid, t->name, row.cpu_time, row.wait_time, row.cpu_mean,
                              row.runnable_mean, row.switches, t->ended ? _("  (ended)") : "");
    }
  return g_string_free (text, FALSE);
}

static void
add_series (JsonBuilder *b,
            const char  *name,
            PxHistory   *h)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < px_history_get_length (h); i++)
    {
      double v = px_history_get (h, i);

      if (isnan (v))
        json_builder_add_null_value (b);
      else
        json_builder_add_double_value (b, v);
    }
  json_builder_end_array (b);
}

static void
add_int (JsonBuilder *b,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static gboolean
write_json (PxWatch        *watch,
            GOutputStream  *stream,
            GError        **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  static const char * const series_names[PX_WATCH_N_SERIES] = {
    "parallelism", "wanting-cpu", "threads", "processes", "tasks-done", "tasks-per-s",
  };
  static const char * const thread_names[PX_WATCH_N_THREAD_SERIES] = {
    "cpu-percent", "runnable-percent", "state", "switches-per-s",
  };
  static const char * const process_names[PX_WATCH_N_PROCESS_SERIES] = {
    "cpu-percent", "rss-bytes", "read-bytes", "write-bytes", "read-bytes-per-s",
    "write-bytes-per-s",
  };
  int status;
  PxWatchSummary summary;
  const PxWatchFigure *figures;
  guint n_figures;

  json_builder_begin_object (b);
  add_int (b, "parallax-watch", 1);
  add_int (b, "pid", px_watch_get_pid (watch));
  add_int (b, "interval-ms", px_watch_get_interval_ms (watch));
  px_watch_summary_compute (watch, &summary);
  figures = px_watch_summary_get_figures (&n_figures);
  json_builder_set_member_name (b, "seconds");
  json_builder_add_double_value (b, summary.seconds);
  json_builder_set_member_name (b, "exit-status");
  if (px_watch_get_exit_status (watch, &status))
    json_builder_add_int_value (b, status);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "states");
  json_builder_begin_array (b);
  for (guint s = 0; s < PX_WATCH_N_STATES; s++)
    json_builder_add_string_value (b, px_watch_state_key (s));
  json_builder_end_array (b);

  /* The figures, by key; those the watch has not, null. */
  json_builder_set_member_name (b, "summary");
  json_builder_begin_object (b);
  for (guint i = 0; i < n_figures; i++)
    {
      double v = figures[i].value (&summary);

      json_builder_set_member_name (b, figures[i].key);
      if (isnan (v))
        json_builder_add_null_value (b);
      else
        json_builder_add_double_value (b, v);
    }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "samples");
  json_builder_begin_object (b);
  add_series (b, "time-s", px_watch_get_time (watch));
  for (guint s = 0; s < PX_WATCH_N_SERIES; s++)
    add_series (b, series_names[s], px_watch_get_series (watch, s));
  json_builder_end_object (b);

  json_builder_set_member_name (b, "processes");
  json_builder_begin_array (b);
  for (guint i = 0; i < px_watch_get_n_processes (watch); i++)
    {
      const PxWatchProcess *p = px_watch_get_process (watch, i);

      json_builder_begin_object (b);
      add_int (b, "pid", p->pid);
      add_int (b, "parent", p->parent);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, p->name);
      json_builder_set_member_name (b, "command-line");
      json_builder_add_string_value (b, p->command_line != NULL ? p->command_line : "");
      json_builder_set_member_name (b, "ended");
      json_builder_add_boolean_value (b, p->ended);
      for (guint s = 0; s < PX_WATCH_N_PROCESS_SERIES; s++)
        add_series (b, process_names[s], p->series[s]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "threads");
  json_builder_begin_array (b);
  for (guint i = 0; i < px_watch_get_n_threads (watch); i++)
    {
      const PxWatchThread *t = px_watch_get_thread (watch, i);

      json_builder_begin_object (b);
      add_int (b, "tid", t->tid);
      add_int (b, "pid", t->pid);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, t->name);
      json_builder_set_member_name (b, "ended");
      json_builder_add_boolean_value (b, t->ended);
      add_int (b, "cpu-ns", (gint64)(t->cpu_ns - t->cpu_ns_first));
      add_int (b, "run-queue-ns", (gint64)(t->wait_ns - t->wait_ns_first));
      add_int (b, "switches", (gint64)(t->switches - t->switches_first));
      add_int (b, "voluntary-switches", (gint64)t->voluntary);
      add_int (b, "involuntary-switches", (gint64)t->involuntary);
      for (guint s = 0; s < PX_WATCH_N_THREAD_SERIES; s++)
        add_series (b, thread_names[s], t->series[s]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_stream (gen, stream, NULL, error) &&
         g_output_stream_write_all (stream, "\n", 1, NULL, NULL, error);
}

static gboolean
write_csv (PxWatch        *watch,
           GOutputStream  *stream,
           GError        **error)
{
  g_autoptr(GString) text = g_string_new ("time_s,pid,tid,thread,state,cpu_percent,"
                                          "runnable_percent,switches_per_s\n");
  PxHistory *time = px_watch_get_time (watch);

  for (guint s = 0; s < px_history_get_length (time); s++)
    for (guint i = 0; i < px_watch_get_n_threads (watch); i++)
      {
        const PxWatchThread *t = px_watch_get_thread (watch, i);
        double cpu = px_history_get (t->series[PX_WATCH_THREAD_CPU], s);
        double run = px_history_get (t->series[PX_WATCH_THREAD_RUNNABLE], s);
        double sw = px_history_get (t->series[PX_WATCH_THREAD_SWITCHES], s);
        double state = px_history_get (t->series[PX_WATCH_THREAD_STATE], s);
        g_autofree char *name = g_strdup (t->name);

        if (isnan (cpu))
          continue;
        /* A thread's name is the program's choice: no comma or quote
         * breaks a row. */
        g_strdelimit (name, ",\"\n\r", '_');
        g_string_append_printf (text, "%.3f,%d,%d,%s,%s,%.2f,%.2f,%.1f\n",
                                px_history_get (time, s), t->pid, t->tid, name,
                                isnan (state) ? "" : px_watch_state_key ((PxWatchState)state),
                                cpu, run, sw);
      }
  return g_output_stream_write_all (stream, text->str, text->len, NULL, NULL, error);
}

/* A cell of a Markdown table: the program's own text, with no pipe or
 * line break to end the cell early. */
static void
append_cell (GString    *text,
             const char *value)
{
  g_autofree char *cell = g_strdup (value);

  g_strdelimit (cell, "|\n\r", ' ');
  g_string_append_printf (text, " %s |", cell);
}

static gboolean
write_markdown (PxWatch        *watch,
                GOutputStream  *stream,
                GError        **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GArray) order = _px_watch_report_thread_order (watch);
  PxWatchSummary s;
  const PxWatchFigure *figures;
  guint n_figures;
  int status;

  px_watch_summary_compute (watch, &s);
  figures = px_watch_summary_get_figures (&n_figures);
  g_string_append_printf (text, "# %s: %s (pid %d)\n\n", _("Watch of a program"),
                          root_name (watch), px_watch_get_pid (watch));
  if (px_watch_get_n_processes (watch) > 0 &&
      px_watch_get_process (watch, 0)->command_line != NULL)
    g_string_append_printf (text, "`%s`\n\n", px_watch_get_process (watch, 0)->command_line);
  if (px_watch_get_exit_status (watch, &status))
    {
      g_string_append_printf (text, _("It ended with status %d."), status);
      g_string_append (text, "\n\n");
    }

  g_string_append_printf (text, "| %s | %s |\n|---|---:|\n", _("Measure"), _("Value"));
  for (guint i = 0; i < n_figures; i++)
    {
      double v = figures[i].value (&s);
      g_autofree char *value = NULL;

      if (isnan (v))
        continue;
      value = px_figure_format_unit (figures[i].unit, v);
      g_string_append_printf (text, "| %s | %s |\n", _(figures[i].label), value);
    }

  g_string_append_printf (text, "\n## %s\n\n| pid | %s | %s | %s | %s | %s |\n"
                                "|---:|---|---:|---:|---:|---|\n",
                          _("Processes"), _("process"), _("parent"), _("memory at most"),
                          _("read / written"), _("command line"));
  for (guint i = 0; i < px_watch_get_n_processes (watch); i++)
    {
      const PxWatchProcess *p = px_watch_get_process (watch, i);
      double mean, peak;
      g_autofree char *rss = NULL;
      g_autofree char *io = NULL;

      px_watch_series_mean_peak (p->series[PX_WATCH_PROCESS_RSS], &mean, &peak);
      rss = g_format_size ((guint64)(isnan (peak) ? 0 : peak));
      if (p->io_readable)
        {
          g_autofree char *rd = g_format_size (p->read_bytes - MIN (p->read_bytes,
                                                                    p->read_bytes_first));
          g_autofree char *wr = g_format_size (p->write_bytes - MIN (p->write_bytes,
                                                                     p->write_bytes_first));

          io = g_strdup_printf ("%s / %s", rd, wr);
        }
      g_string_append_printf (text, "| %d |", p->pid);
      {
        g_autofree char *name = g_strdup_printf ("%s%s", p->name,
                                                 p->ended ? _(" (ended)") : "");

        append_cell (text, name);
      }
      g_string_append_printf (text, " %d | %s |", p->parent, rss);
      append_cell (text, io != NULL ? io : _("not readable"));
      append_cell (text, p->command_line != NULL ? p->command_line : "");
      g_string_append (text, "\n");
    }

  g_string_append_printf (text, "\n## %s\n\n| pid | tid | %s | %s | %s | %s | %s | %s |\n"
                                "|---:|---:|---|---:|---:|---:|---:|---:|\n",
                          _("Threads"), _("thread"), _("CPU time"), _("run queue"),
                          _("mean CPU"), _("runnable"), _("switches"));
  for (guint k = 0; k < order->len; k++)
    {
      const PxWatchThread *t = px_watch_get_thread (watch, g_array_index (order, guint, k));
      g_autofree char *name = g_strdup_printf ("%s%s", t->name, t->ended ? _(" (ended)") : "");
      g_auto(PxWatchThreadRow) row = { 0 };

      _px_watch_report_thread_row (t, &row);
      g_string_append_printf (text, "| %d | %d |", t->pid, t->tid);
      append_cell (text, name);
      g_string_append_printf (text, " %s | %s | %.1f %% | %.1f %% | %" G_GUINT64_FORMAT " |\n",
                              row.cpu_time, row.wait_time, row.cpu_mean, row.runnable_mean,
                              row.switches);
    }
  return g_output_stream_write_all (stream, text->str, text->len, NULL, NULL, error);
}

gboolean
px_watch_report_write_stream (PxWatch              *watch,
                              PxWatchReportFormat   format,
                              GOutputStream        *stream,
                              GError              **error)
{
  switch (format)
    {
    case PX_WATCH_REPORT_JSON:
      return write_json (watch, stream, error);
    case PX_WATCH_REPORT_CSV:
      return write_csv (watch, stream, error);
    case PX_WATCH_REPORT_HTML:
      return _px_watch_report_write_html (watch, stream, error);
    case PX_WATCH_REPORT_TRACE:
      return _px_watch_report_write_trace (watch, stream, error);
    case PX_WATCH_REPORT_MARKDOWN:
    default:
      return write_markdown (watch, stream, error);
    }
}

/* Writes the report to @path ("-": standard output), whole or not at
 * all. */
gboolean
px_watch_report_write (PxWatch              *watch,
                       PxWatchReportFormat   format,
                       const char           *path,
                       GError              **error)
{
  PxOutput *output = px_output_open (path, error);
  g_autoptr(GError) local = NULL;

  if (output == NULL)
    return FALSE;
  if (!px_watch_report_write_stream (watch, format, px_output_get_stream (output), &local))
    {
      px_output_fail (output, local, error);
      return FALSE;
    }
  return px_output_commit (output, error);
}
