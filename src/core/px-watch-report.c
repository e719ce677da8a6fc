/* px-watch-report.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a watch of a program leaves: a summary for the terminal, and
 * reports as JSON (everything, series included), CSV (a row per thread
 * per sample) and Markdown (the summary's tables). Files are written
 * through px-output.c: a failed write leaves the previous file whole.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "px-output.h"
#include "px-summary.h"
#include "px-watch-report.h"

gboolean
px_watch_report_format_from_name (const char          *name,
                                  PxWatchReportFormat *format)
{
  if (g_str_equal (name, "json"))
    *format = PX_WATCH_REPORT_JSON;
  else if (g_str_equal (name, "csv"))
    *format = PX_WATCH_REPORT_CSV;
  else if (g_str_equal (name, "md") || g_str_equal (name, "markdown"))
    *format = PX_WATCH_REPORT_MARKDOWN;
  else
    return FALSE;
  return TRUE;
}

gboolean
px_watch_report_format_from_path (const char          *path,
                                  PxWatchReportFormat *format)
{
  const char *dot = strrchr (path, '.');

  return dot != NULL && px_watch_report_format_from_name (dot + 1, format);
}

/* The mean and the largest of @h's values, NAN ones left out; FALSE if
 * it has none. */
static gboolean
mean_and_peak (PxHistory *h,
               double    *mean,
               double    *peak)
{
  double sum = 0;
  guint n = 0;

  *peak = NAN;
  for (guint i = 0; i < px_history_get_length (h); i++)
    {
      double v = px_history_get (h, i);

      if (isnan (v))
        continue;
      sum += v;
      n++;
      *peak = isnan (*peak) ? v : MAX (*peak, v);
    }
  *mean = n > 0 ? sum / n : NAN;
  return n > 0;
}

static double
watched_seconds (PxWatch *watch)
{
  PxHistory *time = px_watch_get_time (watch);

  return px_history_get_length (time) > 0 ? px_history_get_last (time) : 0;
}

static const char *
root_name (PxWatch *watch)
{
  return px_watch_get_n_processes (watch) > 0 ? px_watch_get_process (watch, 0)->name : "";
}

/**
 * px_watch_report_dup_summary:
 *
 * The watch in a few lines and a table of its threads, for a terminal.
 */
char *
px_watch_report_dup_summary (PxWatch *watch)
{
  GString *text = g_string_new (NULL);
  double mean, peak, wanting, wanting_peak, threads_mean, threads_peak;
  guint n_threads = px_watch_get_n_threads (watch);
  g_autofree char *seconds = px_format_duration (watched_seconds (watch) * 1e6);

  g_string_append_printf (text, _("Watched           pid %d (%s) for %s, %u samples\n"),
                          px_watch_get_pid (watch), root_name (watch), seconds,
                          px_history_get_length (px_watch_get_time (watch)));
  if (mean_and_peak (px_watch_get_series (watch, PX_WATCH_PARALLELISM), &mean, &peak))
    {
      mean_and_peak (px_watch_get_series (watch, PX_WATCH_WANTING), &wanting, &wanting_peak);
      g_string_append_printf (text, _("Cores used        %.2f on average, %.2f at most\n"),
                              mean, peak);
      g_string_append_printf (text, _("Wanting a CPU     %.2f threads on average, %.2f at most "
                                      "(running or waiting in a run queue)\n"),
                              wanting, wanting_peak);
    }
  {
    guint64 done, total;
    gboolean has_total;

    if (px_watch_get_progress (watch, &done, &total, &has_total))
      {
        double seconds_watched = watched_seconds (watch);
        double rate = seconds_watched > 0 ? (double)done / seconds_watched : 0;

        g_autofree char *done_text = g_strdup_printf ("%" G_GUINT64_FORMAT, done);
        g_autofree char *total_text = g_strdup_printf ("%" G_GUINT64_FORMAT, total);

        if (has_total)
          g_string_append_printf (text, _("Tasks done        %s of %s, %.1f a second\n"),
                                  done_text, total_text, rate);
        else
          g_string_append_printf (text, _("Tasks done        %s, %.1f a second\n"), done_text,
                                  rate);
      }
  }
  mean_and_peak (px_watch_get_series (watch, PX_WATCH_THREADS), &threads_mean, &threads_peak);
  g_string_append_printf (text, _("Threads           %u seen, %.0f at most at once; processes "
                                  "%u seen\n"),
                          n_threads, isnan (threads_peak) ? 0 : threads_peak,
                          px_watch_get_n_processes (watch));
  g_string_append (text, "\n");
  g_string_append_printf (text, "%7s  %-16s %7s  %-16s %10s %10s %9s %9s %9s\n", _("pid"),
                          _("process"), _("tid"), _("thread"), _("CPU time"), _("run queue"),
                          _("mean CPU"), _("runnable"), _("switches"));
  for (guint i = 0; i < n_threads; i++)
    {
      const PxWatchThread *t = px_watch_get_thread (watch, i);
      g_autofree char *cpu = px_format_duration ((double)(t->cpu_ns - t->cpu_ns_first) / 1e3);
      g_autofree char *wait = px_format_duration ((double)(t->wait_ns - t->wait_ns_first) / 1e3);
      const char *process = "";
      double cpu_mean, cpu_peak, run_mean, run_peak;

      for (guint k = 0; k < px_watch_get_n_processes (watch); k++)
        if (px_watch_get_process (watch, k)->pid == t->pid)
          process = px_watch_get_process (watch, k)->name;
      mean_and_peak (t->series[PX_WATCH_THREAD_CPU], &cpu_mean, &cpu_peak);
      mean_and_peak (t->series[PX_WATCH_THREAD_RUNNABLE], &run_mean, &run_peak);
      g_string_append_printf (text, "%7d  %-16s %7d  %-16s %10s %10s %7.1f %% %7.1f %% %9"
                              G_GUINT64_FORMAT "%s\n",
                              t->pid, process, t->tid, t->name, cpu, wait,
                              isnan (cpu_mean) ? 0 : cpu_mean, isnan (run_mean) ? 0 : run_mean,
                              t->switches - t->switches_first,
                              t->ended ? _("  (ended)") : "");
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
    "cpu-percent", "rss-bytes", "read-bytes", "write-bytes",
  };
  int status;

  json_builder_begin_object (b);
  add_int (b, "parallax-watch", 1);
  add_int (b, "pid", px_watch_get_pid (watch));
  add_int (b, "interval-ms", px_watch_get_interval_ms (watch));
  json_builder_set_member_name (b, "seconds");
  json_builder_add_double_value (b, watched_seconds (watch));
  json_builder_set_member_name (b, "exit-status");
  if (px_watch_get_exit_status (watch, &status))
    json_builder_add_int_value (b, status);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "states");
  json_builder_begin_array (b);
  for (guint s = 0; s < PX_WATCH_N_STATES; s++)
    json_builder_add_string_value (b, px_watch_state_name (s));
  json_builder_end_array (b);

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
                                isnan (state) ? "" : px_watch_state_name ((PxWatchState)state),
                                cpu, run, sw);
      }
  return g_output_stream_write_all (stream, text->str, text->len, NULL, NULL, error);
}

static gboolean
write_markdown (PxWatch        *watch,
                GOutputStream  *stream,
                GError        **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *summary = px_watch_report_dup_summary (watch);

  g_string_append_printf (text, "# %s\n\n", _("Watch of a program"));
  g_string_append (text, "```\n");
  g_string_append (text, summary);
  g_string_append (text, "```\n");
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
