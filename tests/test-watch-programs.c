/* test-watch-programs.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Watching programs as they start and end: a child process that
 * appears under its parent and is marked ended, a launched program's
 * exit status and CPU, a missing pid, progress read from a program's
 * output, a child too short for a sample, the reports of a watch in
 * every format, and a zombie left by its parent.
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <json-glib/json-glib.h>

#include "px-progress.h"
#include "px-test-helpers.h"
#include "px-watch.h"
#include "px-watch-report.h"

/* A child process appears under its parent as it starts, and is marked
 * ended when it ends (it sleeps until ended, so that a busy machine's
 * late sample still finds it). */
static void
test_watch_children (void)
{
  const char *argv[] = { "sleep", "60", NULL };
  g_autoptr(PxWatch) watch = px_watch_new_attach (getpid (), 100, NULL);
  g_autoptr(GSubprocess) child = NULL;
  const PxWatchProcess *seen = NULL;
  int pid;

  px_watch_sample (watch);
  child = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, NULL);
  pid = atoi (g_subprocess_get_identifier (child));
  for (int i = 0; i < 30 && seen == NULL; i++)
    {
      g_usleep (100000);
      px_watch_sample (watch);
      for (guint k = 0; k < px_watch_get_n_processes (watch); k++)
        if (px_watch_get_process (watch, k)->pid == pid)
          seen = px_watch_get_process (watch, k);
    }
  g_assert_nonnull (seen);
  g_assert_cmpint (seen->parent, ==, getpid ());
  g_assert_cmpstr (seen->name, ==, "sleep");
  g_assert_cmpstr (seen->command_line, ==, "sleep 60");
  g_assert_false (seen->ended);
  g_subprocess_force_exit (child);
  g_assert_true (g_subprocess_wait (child, NULL, NULL));
  for (int i = 0; i < 30 && !seen->ended; i++)
    {
      g_usleep (100000);
      px_watch_sample (watch);
    }
  g_assert_true (seen->ended);
  g_assert_false (px_watch_get_ended (watch));
}

static void
ended_cb (PxWatch   *watch,
          GMainLoop *loop)
{
  g_main_loop_quit (loop);
}

/* Runs @argv under a watch at @interval_ms until it ends. */
static PxWatch *
watch_to_end (const char * const *argv,
              guint               interval_ms)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  PxWatch *watch = px_watch_new_launch (argv, NULL, NULL, interval_ms, &error);
  int status;

  g_assert_no_error (error);
  g_signal_connect (watch, "ended", G_CALLBACK (ended_cb), loop);
  px_watch_start (watch);
  if (!px_watch_get_ended (watch))
    g_main_loop_run (loop);
  while (!px_watch_get_exit_status (watch, &status))
    g_main_context_iteration (NULL, TRUE);
  return watch;
}

/* A launched program is watched from its start; when it ends the watch
 * ends, with its exit status. A pid that does not exist is an error. */
static void
test_watch_launch_and_missing (void)
{
  const char *argv[] = { "sh", "-c", "i=0; while [ $i -lt 30000 ]; do i=$((i+1)); done; exit 3",
                         NULL };
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(PxWatch) watch = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  watch = px_watch_new_launch (argv, NULL, NULL, 50, &error);
  g_assert_no_error (error);
  g_signal_connect (watch, "ended", G_CALLBACK (ended_cb), loop);
  px_watch_start (watch);
  if (!px_watch_get_ended (watch))
    g_main_loop_run (loop);
  while (!px_watch_get_exit_status (watch, &status))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (status, ==, 3);
  g_assert_cmpuint (px_watch_get_n_threads (watch), >=, 1);
  g_assert_cmpstr (px_watch_get_thread (watch, 0)->name, ==, "sh");
  g_assert_cmpfloat (px_history_get_length (px_watch_get_time (watch)), >=, 2);
  /* Its own account, read when it was collected, holds all that its
   * samples saw, and what its thread did after the last one. */
  {
    const PxWatchThread *t = px_watch_get_thread (watch, 0);
    double exit_cpu = 0;
    double seen = (t->cpu_ns - t->cpu_ns_first) / 1e9;

    g_assert_true (px_watch_get_exit_cpu (watch, &exit_cpu));
    g_test_message ("its own account: %.3f s of CPU; its samples saw %.3f s", exit_cpu, seen);
    g_assert_cmpfloat (exit_cpu, >=, seen - 1e-3);
    g_assert_cmpfloat (exit_cpu, >, 0.005);
  }

  /* A program that ends at once, perhaps collected before it is looked
   * at, is watched to its exit status all the same. */
  for (int i = 0; i < 10; i++)
    {
      const char *at_once[] = { "sh", "-c", "exit 4", NULL };
      g_autoptr(PxWatch) quick = watch_to_end (at_once, 50);
      int quick_status = -1;

      g_assert_true (px_watch_get_ended (quick));
      g_assert_true (px_watch_get_exit_status (quick, &quick_status));
      g_assert_cmpint (quick_status, ==, 4);
    }

  /* Seen gone before it is reaped (a zombie, as between its exit and
   * the main loop's next turn), a launched program has not ended yet:
   * "ended" comes with its exit status. */
  {
    const char *at_once[] = { "sh", "-c", "exit 5", NULL };
    g_autoptr(PxWatch) quick = px_watch_new_launch (at_once, NULL, NULL, 1000, &error);
    g_autofree char *stat_path = NULL;
    int quick_status = -1;

    g_assert_no_error (error);
    stat_path = g_strdup_printf ("/proc/%d/stat", px_watch_get_pid (quick));
    for (int i = 0; i < 2000; i++)
      {
        g_autofree char *stat = NULL;
        const char *paren;

        if (!g_file_get_contents (stat_path, &stat, NULL, NULL))
          break;
        paren = strrchr (stat, ')');
        if (paren != NULL && paren[1] == ' ' && paren[2] == 'Z')
          break;
        g_usleep (1000);
      }
    px_watch_sample (quick);
    g_assert_false (px_watch_get_ended (quick));
    g_assert_true (px_watch_get_sampling (quick));
    g_signal_connect (quick, "ended", G_CALLBACK (ended_cb), loop);
    g_main_loop_run (loop);
    g_assert_true (px_watch_get_ended (quick));
    g_assert_true (px_watch_get_exit_status (quick, &quick_status));
    g_assert_cmpint (quick_status, ==, 5);
    g_assert_false (px_watch_get_sampling (quick));
  }

  g_clear_object (&watch);
  watch = px_watch_new_attach (G_MAXINT32 - 1, 100, &error);
  g_assert_null (watch);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* Tasks done from a program's output: each matching line, a captured
 * count, a count and a total, named groups; a bad pattern is an error. */
static void
test_watch_progress (void)
{
  g_autoptr(PxProgress) lines = px_progress_new ("^ok ", NULL);
  g_autoptr(PxProgress) count = px_progress_new ("processed (\\d+)", NULL);
  g_autoptr(PxProgress) both = px_progress_new ("(\\d+)/(\\d+)", NULL);
  g_autoptr(PxProgress) named = px_progress_new ("(?<total>\\d+) to do, (?<done>\\d+) done",
                                                 NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PxWatch) watch = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  /* Its lines are passed on to this test's output: TAP comments. */
  const char *argv[] = { "sh", "-c", "for i in 1 2 3 4 5 6; do echo \"# step $i/6\"; sleep 0.1; "
                         "done", NULL };
  guint64 done = 0, total = 0;
  gboolean has_total = FALSE;
  double peak = 0;

  g_assert_true (px_progress_feed (lines, "ok 1"));
  g_assert_false (px_progress_feed (lines, "not ok 2"));
  g_assert_true (px_progress_feed (lines, "ok 3"));
  g_assert_cmpuint (px_progress_get_done (lines), ==, 2);
  g_assert_false (px_progress_get_total (lines, NULL));

  px_progress_feed (count, "processed 40 files");
  px_progress_feed (count, "processed 75 files");
  g_assert_cmpuint (px_progress_get_done (count), ==, 75);

  px_progress_feed (both, "[3/10]");
  g_assert_cmpuint (px_progress_get_done (both), ==, 3);
  g_assert_true (px_progress_get_total (both, &total));
  g_assert_cmpuint (total, ==, 10);

  px_progress_feed (named, "12 to do, 5 done");
  g_assert_cmpuint (px_progress_get_done (named), ==, 5);
  g_assert_true (px_progress_get_total (named, &total));
  g_assert_cmpuint (total, ==, 12);

  g_assert_null (px_progress_new ("(unclosed", &error));
  g_assert_nonnull (strstr (error->message, "(unclosed"));
  g_clear_error (&error);

  /* A launched program's lines fill the throughput. */
  watch = px_watch_new_launch (argv, NULL, "step (\\d+)/(\\d+)", 50, &error);
  g_assert_no_error (error);
  g_signal_connect (watch, "ended", G_CALLBACK (ended_cb), loop);
  px_watch_start (watch);
  if (!px_watch_get_ended (watch))
    g_main_loop_run (loop);
  g_assert_true (px_watch_get_progress (watch, &done, &total, &has_total));
  g_assert_cmpuint (done, ==, 6);
  g_assert_true (has_total);
  g_assert_cmpuint (total, ==, 6);
  for (guint i = 0; i < px_history_get_length (px_watch_get_time (watch)); i++)
    {
      double v = px_history_get (px_watch_get_series (watch, PX_WATCH_THROUGHPUT), i);

      if (!isnan (v))
        peak = MAX (peak, v);
    }
  g_assert_cmpfloat (peak, >, 0);
}

/* A child that lives a fraction of a second is found at the first
 * sample after it starts, not at the next full look over the program:
 * the CPU its readings show is most of what the kernel accounted to it
 * (its own schedstat, over its whole life). */
static void
test_watch_short_child (void)
{
  /* The subshell computes for about 0.4 s: a few samples, however
   * late a busy machine takes them. */
  const char *argv[] = { "sh", "-c", "sleep 0.25; (i=0; while [ $i -lt 450000 ]; do i=$((i+1)); "
                         "done); sleep 0.25", NULL };
  g_autoptr(PxWatch) watch = watch_to_end (argv, 100);
  PxHistory *time = px_watch_get_time (watch);
  gboolean found = FALSE;

  for (guint i = 0; i < px_watch_get_n_threads (watch); i++)
    {
      const PxWatchThread *t = px_watch_get_thread (watch, i);
      double seen = 0;

      g_test_message ("thread %d of %d (%s): %" G_GUINT64_FORMAT " ns of CPU", t->tid, t->pid,
                      t->name, t->cpu_ns);
      if (t->pid == px_watch_get_pid (watch) || t->cpu_ns < 20000000)
        continue;
      for (guint k = 1; k < px_history_get_length (time); k++)
        {
          double cpu = px_history_get (t->series[PX_WATCH_THREAD_CPU], k);

          if (!isnan (cpu))
            seen += cpu / 100 * (px_history_get (time, k) - px_history_get (time, k - 1));
        }
      g_test_message ("child %d: %.0f ms of CPU, %.0f ms of it in the readings", t->tid,
                      t->cpu_ns / 1e6, seen * 1e3);
      /* A tick of start time (10 ms) and a scheduler tick of lag. */
      g_assert_cmpfloat (seen, >=, t->cpu_ns / 1e9 * 0.7 - 0.015);
      found = TRUE;
    }
  g_assert_true (found);
}

static char *
report_text (PxWatch             *watch,
             PxWatchReportFormat  format)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (px_watch_report_write_stream (watch, format, stream, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (stream, "", 1, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (stream));
}

static guint
count_text (const char *text,
            const char *what)
{
  guint n = 0;

  for (const char *p = text; (p = strstr (p, what)) != NULL; p += strlen (what))
    n++;
  return n;
}

/* Every report of a watch of a program whose name needs escaping, with
 * a child: the figures in JSON agree with its threads, Markdown and HTML
 * have a row per thread, HTML is well-formed with a lane per thread,
 * and the trace has a track per thread whose slices tile its life. */
static void
test_watch_reports (void)
{
  g_autofree char *dir = px_test_make_dir ("px-watch-reports");
  g_autofree char *program = g_build_filename (dir, "a<b>&c", NULL);
  const char *argv[] = { program, "-c", "sleep 0.2; (i=0; while [ $i -lt 20000 ]; do "
                         "i=$((i+1)); done); sleep 0.2", NULL };
  g_autoptr(PxWatch) watch = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GMarkupParseContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  static const GMarkupParser markup = { 0 };
  g_autofree char *json = NULL, *csv = NULL, *md = NULL, *html = NULL, *trace = NULL;
  JsonObject *root, *summary;
  JsonArray *events;
  guint n_threads;
  double cpu_s = 0;
  PxWatchReportFormat format;

  g_assert_cmpint (symlink ("/bin/sh", program), ==, 0);
  watch = watch_to_end (argv, 50);
  n_threads = px_watch_get_n_threads (watch);
  g_assert_cmpuint (px_watch_get_n_processes (watch), >=, 2);
  g_assert_cmpstr (px_watch_get_process (watch, 0)->name, ==, "a<b>&c");

  json = report_text (watch, PX_WATCH_REPORT_JSON);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  summary = json_object_get_object_member (root, "summary");
  for (guint i = 0; i < n_threads; i++)
    {
      const PxWatchThread *t = px_watch_get_thread (watch, i);

      cpu_s += (t->cpu_ns - t->cpu_ns_first) / 1e9;
    }
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (summary, "cpu-seconds"), cpu_s,
                                  1e-6);
  g_assert_cmpint (json_object_get_int_member (summary, "threads-seen"), ==, n_threads);
  /* No --progress, no tasks. */
  g_assert_true (json_object_get_null_member (summary, "tasks-per-s"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_array_get_object_element (json_object_get_array_member (root,
                                                                                   "processes"),
                                                     0), "read-bytes-per-s")), ==,
                    px_history_get_length (px_watch_get_time (watch)));

  csv = report_text (watch, PX_WATCH_REPORT_CSV);
  g_assert_true (g_str_has_prefix (csv, "time_s,pid,tid,thread,state,"));
  g_assert_nonnull (strstr (csv, ",a<b>&c,"));

  md = report_text (watch, PX_WATCH_REPORT_MARKDOWN);
  g_assert_nonnull (strstr (md, "| Cores used |"));
  g_assert_cmpuint (count_text (md, "| a<b>&c"), >=, 1);
  for (guint i = 0; i < n_threads; i++)
    {
      const PxWatchThread *t = px_watch_get_thread (watch, i);
      g_autofree char *row = g_strdup_printf ("\n| %d | %d |", t->pid, t->tid);

      g_assert_cmpuint (count_text (md, row), ==, 1);
    }

  html = report_text (watch, PX_WATCH_REPORT_HTML);
  ctx = g_markup_parse_context_new (&markup, 0, NULL, NULL);
  g_assert_true (g_markup_parse_context_parse (ctx, strstr (html, "<html"), -1, &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (ctx, &error));
  g_assert_no_error (error);
  g_assert_null (strstr (html, "a<b>"));
  g_assert_nonnull (strstr (html, "a&lt;b&gt;&amp;c"));
  g_assert_cmpuint (count_text (html, "<g><title>"), ==, MIN (n_threads, 64));
  g_assert_cmpuint (count_text (html, "<svg"), >=, 4);
  g_assert_null (strstr (html, "<script"));

  trace = report_text (watch, PX_WATCH_REPORT_TRACE);
  g_assert_true (json_parser_load_from_data (parser, trace, -1, &error));
  g_assert_no_error (error);
  events = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                         "traceEvents");
  for (guint i = 0; i < n_threads; i++)
    {
      const PxWatchThread *t = px_watch_get_thread (watch, i);
      gboolean named = FALSE;
      gint64 end = -1, covered = 0, first = -1;

      for (guint e = 0; e < json_array_get_length (events); e++)
        {
          JsonObject *ev = json_array_get_object_element (events, e);
          const char *ph = json_object_get_string_member (ev, "ph");

          if (!json_object_has_member (ev, "tid") ||
              json_object_get_int_member (ev, "tid") != t->tid)
            continue;
          if (g_str_equal (ph, "M") &&
              g_str_equal (json_object_get_string_member (ev, "name"), "thread_name"))
            {
              g_assert_cmpstr (json_object_get_string_member (
                                 json_object_get_object_member (ev, "args"), "name"), ==,
                               t->name);
              named = TRUE;
            }
          if (g_str_equal (ph, "X"))
            {
              gint64 ts = json_object_get_int_member (ev, "ts");

              /* In order, never overlapping. */
              g_assert_cmpint (ts, >=, end);
              if (first < 0)
                first = ts;
              end = ts + json_object_get_int_member (ev, "dur");
              covered += json_object_get_int_member (ev, "dur");
            }
        }
      g_assert_true (named);
      /* Its slices tile the samples it was seen in. */
      if (covered > 0)
        g_assert_cmpint (covered, ==, end - first);
    }

  g_assert_true (px_watch_report_format_from_path ("x.trace.json", &format));
  g_assert_cmpint (format, ==, PX_WATCH_REPORT_TRACE);
  g_assert_true (px_watch_report_format_from_path ("x.HTM", &format));
  g_assert_cmpint (format, ==, PX_WATCH_REPORT_HTML);
  g_assert_false (px_watch_report_format_from_path ("x.pdf", &format));
  px_test_remove_dir (dir);
}

/* A zombie: its one thread reads as a zombie from the first sample, the
 * problems say what it is, and the watch ends when it is collected. */
static void
test_watch_zombie (void)
{
  g_autoptr(PxWatch) watch = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) problems = NULL;
  g_autofree char *expected = NULL;
  pid_t child = fork ();
  int status;

  if (child == 0)
    _exit (0);
  g_assert_cmpint (child, >, 0);
  /* Until it has exited, it is not a zombie yet (30 s at most). */
  for (int i = 0; i < 6000; i++)
    {
      g_autofree char *path = g_strdup_printf ("/proc/%d/stat", child);
      g_autofree char *stat = NULL;

      if (g_file_get_contents (path, &stat, NULL, NULL) && strstr (stat, ") Z ") != NULL)
        break;
      g_usleep (5000);
    }
  watch = px_watch_new_attach (child, 50, &error);
  g_assert_no_error (error);
  px_watch_sample (watch);
  g_assert_cmpuint (px_watch_get_n_threads (watch), ==, 1);
  g_assert_cmpint (px_watch_get_thread (watch, 0)->state, ==, PX_WATCH_ZOMBIE);
  problems = px_watch_dup_problems (watch);
  expected = g_strdup_printf ("pid %d has ended: a zombie", child);
  g_assert_cmpuint (g_strv_length (problems), ==, 1);
  g_assert_nonnull (strstr (problems[0], expected));

  g_assert_cmpint (waitpid (child, &status, 0), ==, child);
  for (int i = 0; i < 600 && !px_watch_get_ended (watch); i++)
    {
      g_usleep (50000);
      px_watch_sample (watch);
    }
  g_assert_true (px_watch_get_ended (watch));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/px/watch/children", test_watch_children);
  g_test_add_func ("/px/watch/launch-and-missing", test_watch_launch_and_missing);
  g_test_add_func ("/px/watch/progress", test_watch_progress);
  g_test_add_func ("/px/watch/short-child", test_watch_short_child);
  g_test_add_func ("/px/watch/reports", test_watch_reports);
  g_test_add_func ("/px/watch/zombie", test_watch_zombie);

  return g_test_run ();
}
