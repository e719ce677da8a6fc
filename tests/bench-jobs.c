/* bench-jobs.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Running a user's command as jobs: 2,000 jobs of `true` on 2 slots,
 * against `xargs -P2 -n1 true` and GNU parallel (`parallel -j2 true`)
 * running the same jobs, measured in turn in this same run, medians of
 * rounds. Parallax does more for each job (a process group, its output
 * read, wait4's account, a record) and should still keep up with xargs.
 *
 * Serving lines: a C echo worker a slot, 200,000 tasks, against the same
 * round trips made straight over the pipes. Watching 64 running jobs at
 * 10 Hz: what the sampling costs this process, against top doing the
 * same.
 */

#include "config.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "px-run.h"
#include "px-sampler.h"
#include "px-bench.h"
#include "px-test-helpers.h"

#define JOBS       2000
#define ROUNDS     3
/* Parallax's throughput against xargs', and against GNU parallel's. */
#define TARGET_XARGS    0.8
#define TARGET_PARALLEL 5.0
/* serve=lines with a C echo worker, tasks a second on 2 slots. */
#define SERVE_TASKS     200000
#define TARGET_SERVE    50000.0
/* Watching 64 running jobs at 10 Hz, per cent of a core. */
#define TARGET_WATCH    0.5

static double
parallax_s (void)
{
  g_autoptr(PxRun) run = NULL;
  g_autoptr(GError) error = NULL;
  PxRunCounters c;
  PxSpec spec;
  gint64 t0;

  px_test_spec (&spec, PX_EXECUTOR_THREADS, PX_KIND_COMMAND, 2, JOBS, 0);
  g_free (spec.command);
  spec.command = g_strdup ("true");
  run = px_run_new (&spec);
  px_spec_clear (&spec);
  t0 = g_get_monotonic_time ();
  g_assert_true (px_run_execute (run, &error));
  g_assert_no_error (error);
  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.done, ==, JOBS);
  return (g_get_monotonic_time () - t0) / 1e6;
}

/* Seconds @line takes through /bin/sh. */
static double
shell_s (const char *line)
{
  const char *argv[] = { "/bin/sh", "-c", line, NULL };
  g_autoptr(GError) error = NULL;
  gint64 t0 = g_get_monotonic_time ();
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL |
                               G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status,
                               &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return (g_get_monotonic_time () - t0) / 1e6;
}

static void
bench_true_jobs (void)
{
  g_autofree char *parallel = g_find_program_in_path ("parallel");
  g_autofree char *xargs_line = g_strdup_printf ("seq %d | xargs -P2 -n1 true", JOBS);
  g_autofree char *parallel_line = g_strdup_printf ("seq %d | parallel --will-cite -j2 true",
                                                    JOBS);
  double ours[ROUNDS], xargs[ROUNDS], theirs[ROUNDS];
  double o, x, p = 0;
  g_autofree char *parallel_figure = NULL;
  g_autofree char *parallel_ratio = NULL;

  for (guint r = 0; r < ROUNDS; r++)
    {
      ours[r] = parallax_s ();
      xargs[r] = shell_s (xargs_line);
      theirs[r] = parallel != NULL ? shell_s (parallel_line) : 0;
    }
  o = px_test_median (ours, ROUNDS);
  x = px_test_median (xargs, ROUNDS);
  if (parallel != NULL)
    p = px_test_median (theirs, ROUNDS);

  parallel_figure = parallel != NULL ? g_strdup_printf ("%.2f s (%.0f jobs/s)", p, JOBS / p)
                                     : g_strdup ("not installed");
  parallel_ratio = parallel != NULL ? g_strdup_printf (", Parallax / parallel %.1f (target >= "
                                                       "%.0f)", p / o, TARGET_PARALLEL)
                                    : g_strdup ("");
  g_test_message ("%d jobs of true on 2 slots, medians of %d rounds in turn: Parallax %.2f s "
                  "(%.0f jobs/s), xargs -P2 %.2f s (%.0f jobs/s), GNU parallel %s; "
                  "Parallax / xargs %.2f (target >= %.1f)%s",
                  JOBS, ROUNDS, o, JOBS / o, x, JOBS / x, parallel_figure, x / o, TARGET_XARGS,
                  parallel_ratio);

  {
    g_autofree char *ours_text = g_strdup_printf ("%.2f s", o);
    g_autofree char *base = g_strdup_printf ("xargs -P2 %.2f s", x);
    g_autofree char *target = g_strdup_printf ("≥ %.1fx", TARGET_XARGS);

    px_bench_target ("2000 jobs of true on 2 slots (xargs / ours)", ours_text, base, x / o, target,
                     x / o >= TARGET_XARGS);
  }
  if (parallel != NULL)
    {
      g_autofree char *ours_text = g_strdup_printf ("%.2f s", o);
      g_autofree char *base = g_strdup_printf ("GNU parallel %.2f s", p);
      g_autofree char *target = g_strdup_printf ("≥ %.0fx", TARGET_PARALLEL);

      px_bench_target ("2000 jobs of true on 2 slots (GNU parallel / ours)", ours_text, base,
                       p / o,
                       target, p / o >= TARGET_PARALLEL);
    }
}

/* Tasks a second of serve=lines through Parallax, with the echo worker. */
static double
serve_rate (void)
{
  g_autoptr(PxRun) run = NULL;
  g_autoptr(GError) error = NULL;
  PxRunCounters c;
  PxSpec spec;
  gint64 t0;

  px_test_spec (&spec, PX_EXECUTOR_THREADS, PX_KIND_COMMAND, 2, SERVE_TASKS, 0);
  px_test_set_text (&spec.command, g_getenv ("PX_ECHO_WORKER"));
  spec.serve = PX_SERVE_LINES;
  run = px_run_new (&spec);
  px_spec_clear (&spec);
  t0 = g_get_monotonic_time ();
  g_assert_true (px_run_execute (run, &error));
  g_assert_no_error (error);
  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.done, ==, SERVE_TASKS);
  return SERVE_TASKS / ((g_get_monotonic_time () - t0) / 1e6);
}

/* One slot's share of the straight round trips: a line written to the
 * echo worker, its answer read back. */
static gpointer
round_trips_thread (gpointer data)
{
  const char *argv[] = { g_getenv ("PX_ECHO_WORKER"), NULL };
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  GOutputStream *in;
  g_autoptr(GDataInputStream) out = NULL;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE |
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  in = g_subprocess_get_stdin_pipe (proc);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  for (guint i = 0; i < SERVE_TASKS / 2; i++)
    {
      char line[32];
      int n = g_snprintf (line, sizeof line, "%u\n", i + 1);
      g_autofree char *answer = NULL;

      g_assert_true (g_output_stream_write_all (in, line, n, NULL, NULL, &error));
      answer = g_data_input_stream_read_line (out, NULL, NULL, &error);
      g_assert_nonnull (answer);
    }
  g_output_stream_close (in, NULL, NULL);
  g_subprocess_wait (proc, NULL, NULL);
  return NULL;
}

static double
round_trips_rate (void)
{
  gint64 t0 = g_get_monotonic_time ();
  GThread *a = g_thread_new ("trips", round_trips_thread, NULL);
  GThread *b = g_thread_new ("trips", round_trips_thread, NULL);

  g_thread_join (a);
  g_thread_join (b);
  return SERVE_TASKS / ((g_get_monotonic_time () - t0) / 1e6);
}

static void
bench_serve_lines (void)
{
  double ours[ROUNDS], straight[ROUNDS];
  double o, s;

  for (guint r = 0; r < ROUNDS; r++)
    {
      ours[r] = serve_rate ();
      straight[r] = round_trips_rate ();
    }
  o = px_test_median (ours, ROUNDS);
  s = px_test_median (straight, ROUNDS);
  g_test_message ("serve=lines, a C echo worker on each of 2 slots, %d tasks, medians of %d "
                  "rounds in turn: Parallax %.0f tasks/s (target >= %.0f), the same round "
                  "trips made straight over the pipes %.0f tasks/s; Parallax / straight %.2f",
                  SERVE_TASKS, ROUNDS, o, TARGET_SERVE, s, o / s);
  {
    g_autofree char *target = g_strdup_printf ("≥ %.0f tasks/s", TARGET_SERVE);

    px_bench_targetf ("serve=lines, echo worker on 2 slots", o >= TARGET_SERVE, o / TARGET_SERVE,
                      target, "%.0f tasks/s (straight over the pipes %.0f)", o, s);
  }
}

/* 64 jobs of sleep, all running, watched at 10 Hz: every sample reads
 * each slot's job tree (its CPU and RSS from /proc). */
static void
bench_watch_64_jobs (void)
{
  g_autoptr(PxRun) run = NULL;
  g_autoptr(PxSampler) sampler = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  const double seconds = 5;
  PxRunCounters c;
  PxSpec spec;
  guint64 cpu0;
  gint64 t0;
  double ours, top;

  px_test_spec (&spec, PX_EXECUTOR_THREADS, PX_KIND_COMMAND, 64, 64, 0);
  px_test_set_text (&spec.command, "sleep 60");
  spec.interval_ms = 100;
  spec.kill_grace = 0;
  run = px_run_new (&spec);
  px_spec_clear (&spec);
  px_run_execute_async (run, NULL, NULL, NULL);
  do
    {
      g_usleep (20000);
      px_run_get_counters (run, &c);
    }
  while (c.in_flight < 64 || c.waiting > 0);
  g_usleep (300000);

  sampler = px_sampler_new (run);
  cpu0 = px_test_thread_cpu_ns ();
  t0 = g_get_monotonic_time ();
  px_sampler_start (sampler);
  g_timeout_add ((guint)(seconds * 1000), px_test_quit_cb, loop);
  g_main_loop_run (loop);
  px_sampler_stop (sampler);
  ours = 100.0 * (px_test_thread_cpu_ns () - cpu0) / 1e3 / (g_get_monotonic_time () - t0);
  {
    PxWorkerSnapshot w;

    /* It did read the jobs: each slot's RSS is its job tree's. */
    px_run_get_worker (run, 0, &w);
    g_assert_cmpint (w.job, >=, 0);
    g_assert_cmpuint (w.job_rss_bytes, >, 0);
  }
  px_run_cancel (run);
  px_test_wait (run);

  top = px_test_top_percent ("", seconds);
  g_test_message ("watching 64 running jobs at 10 Hz for %.0f s: %.3f %% of a core (target <= "
                  "%.1f %%); top -d 0.1 over the machine: %.2f %% (%.1fx ours)", seconds, ours,
                  TARGET_WATCH, top, top / ours);
  {
    g_autofree char *target = g_strdup_printf ("≤ %.1f %% of a core", TARGET_WATCH);

    px_bench_targetf ("watching 64 running jobs at 10 Hz", ours <= TARGET_WATCH,
                      TARGET_WATCH / ours, target, "%.3f %% of a core (top: %.2f %%)", ours, top);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/px/bench/jobs/true", bench_true_jobs);
  g_test_add_func ("/px/bench/jobs/serve-lines", bench_serve_lines);
  g_test_add_func ("/px/bench/jobs/watch-64", bench_watch_64_jobs);

  return g_test_run ();
}
