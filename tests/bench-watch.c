/* bench-watch.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cost of watching a program: a process of 256 threads, and one with
 * 64 child processes, each watched at 10 Hz for a few seconds; the CPU
 * time of the thread that samples, against what top takes to watch the
 * same (top -H -d 0.1 -p PID for the threads, top -d 0.1 for the
 * processes), measured in turn in this run, medians of rounds.
 */

#include "config.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "px-bench.h"
#include "px-test-helpers.h"
#include "px-watch.h"

#define ROUNDS   3
#define SECONDS  3.0
/* Per cent of a core headless, and the share of top's cost. */
#define TARGET_PERCENT 1.0
#define TARGET_OF_TOP  0.25

/* Per cent of a core that sampling @pid at 10 Hz for SECONDS takes,
 * once watching; @first_ms: what the first sample took, which opens
 * every thread's files. */
static double
watch_percent (int     pid,
               guint   expect_threads,
               guint   expect_processes,
               double *first_ms)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(PxWatch) watch = px_watch_new_attach (pid, 100, NULL);
  guint64 cpu0;
  gint64 t0;
  double percent;

  g_assert_nonnull (watch);
  cpu0 = px_test_thread_cpu_ns ();
  px_watch_sample (watch);
  *first_ms = (px_test_thread_cpu_ns () - cpu0) / 1e6;
  cpu0 = px_test_thread_cpu_ns ();
  t0 = g_get_monotonic_time ();
  px_watch_start (watch);
  g_timeout_add ((guint)(SECONDS * 1000), px_test_quit_cb, loop);
  g_main_loop_run (loop);
  px_watch_stop (watch);
  percent = 100.0 * (px_test_thread_cpu_ns () - cpu0) / 1e3 / (g_get_monotonic_time () - t0);
  /* It did watch them all. */
  g_assert_cmpfloat (px_history_get_last (px_watch_get_series (watch, PX_WATCH_THREADS)), >=,
                     expect_threads);
  g_assert_cmpfloat (px_history_get_last (px_watch_get_series (watch, PX_WATCH_PROCESSES)),
                     >=, expect_processes);
  return percent;
}

static void
bench (const char *what,
       int         pid,
       guint       threads,
       guint       processes,
       const char *top_args)
{
  double ours[ROUNDS], top[ROUNDS], first[ROUNDS];
  double o, t;

  for (guint r = 0; r < ROUNDS; r++)
    {
      ours[r] = watch_percent (pid, threads, processes, &first[r]);
      top[r] = px_test_top_percent (top_args, SECONDS);
    }
  o = px_test_median (ours, ROUNDS);
  t = px_test_median (top, ROUNDS);
  g_test_message ("watching %s at 10 Hz for %.0f s, medians of %d rounds in turn: %.3f %% of a "
                  "core (target <= %.1f %%), after a first sample of %.1f ms that opens its "
                  "files; top (%s) %.2f %%; ours / top %.3f (target <= %.2f)",
                  what, SECONDS, ROUNDS, o, TARGET_PERCENT, px_test_median (first, ROUNDS),
                  top_args[0] != '\0' ? top_args : "all processes", t, o / t, TARGET_OF_TOP);
  {
    g_autofree char *figure = g_strdup_printf ("watching %s at 10 Hz", what);
    g_autofree char *figure2 = g_strdup_printf ("watching %s at 10 Hz (top / ours)", what);
    g_autofree char *target = g_strdup_printf ("≤ %.1f %% of a core", TARGET_PERCENT);
    g_autofree char *ours_text = g_strdup_printf ("%.3f %%", o);
    g_autofree char *top_text = g_strdup_printf ("top %.2f %%", t);
    g_autofree char *target2 = g_strdup_printf ("≥ %.0fx", 1 / TARGET_OF_TOP);

    px_bench_targetf (figure, o <= TARGET_PERCENT, TARGET_PERCENT / o, target,
                      "%.3f %% of a core", o);
    px_bench_target (figure2, ours_text, top_text, t / o, target2, o / t <= TARGET_OF_TOP);
  }
}

/* A thread that waits, without waking, until its process ends. */
static gpointer
sleeper_thread (gpointer data)
{
  char c;

  if (read (GPOINTER_TO_INT (data), &c, 1) < 0)
    return NULL;
  return NULL;
}

/* A child process of 256 threads that sleep, watched from here. */
static void
bench_threads (void)
{
  pid_t pid;
  int ready[2];
  char c;

  g_assert_cmpint (pipe (ready), ==, 0);
  pid = fork ();
  if (pid == 0)
    {
      int never[2];

      /* Gone with the benchmark, whatever ends it. */
      prctl (PR_SET_PDEATHSIG, SIGKILL);
      if (pipe (never) != 0)
        _exit (1);
      for (int i = 0; i < 255; i++)
        g_thread_unref (g_thread_new ("sleeper", sleeper_thread, GINT_TO_POINTER (never[0])));
      if (write (ready[1], "x", 1) != 1)
        _exit (1);
      pause ();
      _exit (0);
    }
  close (ready[1]);
  g_assert_cmpint (read (ready[0], &c, 1), ==, 1);
  close (ready[0]);
  {
    g_autofree char *args = g_strdup_printf ("-H -p %d", pid);

    bench ("a process of 256 threads", pid, 256, 1, args);
  }
  kill (pid, SIGKILL);
  waitpid (pid, NULL, 0);
}

/* A process with 64 child processes that sleep. */
static void
bench_processes (void)
{
  const char *argv[] = { "/bin/sh", "-c",
                         "for i in $(seq 64); do sleep 60 & done; echo ready; wait", NULL };
  g_autoptr(GSubprocess) parent = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                                     NULL);
  g_autoptr(GDataInputStream) out = g_data_input_stream_new (
    g_subprocess_get_stdout_pipe (parent));
  g_autofree char *line = g_data_input_stream_read_line (out, NULL, NULL, NULL);
  int pid = atoi (g_subprocess_get_identifier (parent));

  g_assert_cmpstr (line, ==, "ready");
  bench ("a process with 64 children", pid, 65, 65, "");
  {
    g_autofree char *kill_line = g_strdup_printf ("pkill -KILL -P %d", pid);

    g_spawn_command_line_sync (kill_line, NULL, NULL, NULL, NULL);
  }
  g_subprocess_force_exit (parent);
  g_subprocess_wait (parent, NULL, NULL);
}

/* A process with 64 children that each compute a little, ten times a
 * second: threads that ran have their state read, so a busy tree costs
 * more than one asleep. */
static void
bench_busy_processes (void)
{
  const char *argv[] = { "/bin/sh", "-c",
                         "for i in $(seq 64); do perl -e 'while (1) { my $i = 0; "
                         "$i++ while $i < 20000; select (undef, undef, undef, 0.1) }' & done; "
                         "echo ready; wait", NULL };
  g_autoptr(GSubprocess) parent = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  g_autofree char *perl = g_find_program_in_path ("perl");
  int pid;

  if (perl == NULL)
    {
      g_test_skip ("the busy children are perl loops, and perl is not installed");
      return;
    }
  parent = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, NULL);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (parent));
  line = g_data_input_stream_read_line (out, NULL, NULL, NULL);
  pid = atoi (g_subprocess_get_identifier (parent));
  g_assert_cmpstr (line, ==, "ready");
  bench ("a process with 64 busy children", pid, 65, 65, "");
  {
    g_autofree char *kill_line = g_strdup_printf ("pkill -KILL -P %d", pid);

    g_spawn_command_line_sync (kill_line, NULL, NULL, NULL, NULL);
  }
  g_subprocess_force_exit (parent);
  g_subprocess_wait (parent, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/px/bench/watch/threads-256", bench_threads);
  g_test_add_func ("/px/bench/watch/processes-64", bench_processes);
  g_test_add_func ("/px/bench/watch/busy-processes-64", bench_busy_processes);

  return g_test_run ();
}
