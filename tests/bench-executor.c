/* bench-executor.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Speed and memory targets of the engine, each measured as a ratio against
 * a baseline run in this same process (or, for Python, on this machine in
 * this same run). Run with `meson test -C _build --benchmark -v`.
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "px-profile.h"
#include "px-run.h"
#include "px-test-helpers.h"

/* Tasks per second of a run, or its wall time in seconds with @wall. */
static double
measure (PxSpec  *spec,
         double  *wall)
{
  g_autoptr(PxRun) run = px_run_new (spec);
  g_autoptr(GError) error = NULL;
  PxRunCounters c;

  px_run_set_calibration (run, 1e6);
  g_assert_true (px_run_execute (run, &error));
  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.done, ==, spec->tasks);
  if (wall)
    *wall = c.elapsed_us / 1e6;
  return c.done / (c.elapsed_us / 1e6);
}

static double
best_of (guint    n,
         PxSpec  *spec)
{
  double best = 0;

  for (guint i = 0; i < n; i++)
    best = MAX (best, measure (spec, NULL));
  return best;
}

static void
empty_task (gpointer data,
            gpointer user_data)
{
  g_atomic_int_inc ((gint *)user_data);
}

static double
bare_pool_rate (guint tasks)
{
  gint done = 0;
  gint64 start = g_get_monotonic_time ();
  GThreadPool *pool = g_thread_pool_new (empty_task, &done, 2, TRUE, NULL);

  for (guint i = 0; i < tasks; i++)
    g_thread_pool_push (pool, GUINT_TO_POINTER (i + 1), NULL);
  g_thread_pool_free (pool, FALSE, TRUE);
  g_assert_cmpint (done, ==, tasks);
  return tasks / ((g_get_monotonic_time () - start) / 1e6);
}

static void
bench_thread_dispatch (void)
{
  const guint tasks = 1000000;
  double bare = 0, ours;
  PxSpec spec;

  for (guint i = 0; i < 3; i++)
    bare = MAX (bare, bare_pool_rate (tasks));
  px_test_spec (&spec, PX_EXECUTOR_THREADS, PX_KIND_CPU, 2, tasks, 0);
  ours = best_of (3, &spec);
  px_spec_clear (&spec);

  g_test_message ("empty tasks, 2 threads: bare GThreadPool %.0f/s, Parallax with recording "
                  "%.0f/s: %.2fx (target >= 0.8x)", bare, ours, ours / bare);
  g_assert_cmpfloat (ours / bare, >=, 0.8);
}

/* Python's multiprocessing.Pool.map on empty work, as a user would run it. */
static double
python_pool_rate (guint tasks,
                  int   chunksize)
{
  g_autofree char *script = g_strdup_printf (
    "import multiprocessing as mp, time\n"
    "def f(x):\n    return x\n"
    "if __name__ == '__main__':\n"
    "    with mp.Pool(2) as p:\n"
    "        p.map(f, range(1000))\n"
    "        t = time.monotonic()\n"
    "        p.map(f, range(%u)%s)\n"
    "        print(%u / (time.monotonic() - t))\n",
    tasks, chunksize > 0 ? ", chunksize=1" : "", tasks);
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *out = NULL;

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, NULL, "python3", "-c", script, NULL);
  if (proc == NULL || !g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, NULL) ||
      !g_subprocess_get_successful (proc))
    return 0;
  return g_ascii_strtod (out, NULL);
}

static void
bench_process_dispatch (void)
{
  double py1, pydef, ours1, ours_chunked;
  PxSpec spec;

  py1 = python_pool_rate (50000, 1);
  pydef = python_pool_rate (2000000, 0);

  px_test_spec (&spec, PX_EXECUTOR_PROCESSES, PX_KIND_CPU, 2, 300000, 0);
  ours1 = best_of (3, &spec);
  spec.tasks = 5000000;
  spec.chunk_size = 5000;
  ours_chunked = best_of (2, &spec);
  px_spec_clear (&spec);

  if (py1 <= 0)
    {
      g_test_message ("python3 not found: measured only Parallax: chunk-size 1 %.0f/s, "
                      "chunked %.0f/s", ours1, ours_chunked);
      g_test_skip ("python3 with multiprocessing is not available for the baseline");
      return;
    }

  g_test_message ("empty tasks, 2 processes, chunk-size 1: Python Pool.map(chunksize=1) %.0f/s, "
                  "Parallax %.0f/s: %.1fx (target >= 3x)", py1, ours1, ours1 / py1);
  g_test_message ("chunked: Python Pool.map (default chunksize) %.0f/s, Parallax chunk-size 5000 "
                  "%.0f/s: %.2fx (target >= 1x)", pydef, ours_chunked, ours_chunked / pydef);
  g_assert_cmpfloat (ours1 / py1, >=, 3.0);
  g_assert_cmpfloat (ours_chunked / pydef, >=, 1.0);
}

static double
speedup (PxExecutorKind executor,
         gboolean       gil)
{
  double wall1 = 0, wall2 = 0;
  PxSpec spec;

  px_test_spec (&spec, executor, PX_KIND_CPU, 1, 40, 0);
  spec.task_iterations = 20 * 1000 * 1000;
  spec.task_ms = 0;
  spec.gil = gil;
  measure (&spec, &wall1);
  spec.workers = 2;
  measure (&spec, &wall2);
  px_spec_clear (&spec);
  return wall1 / wall2;
}

static void
bench_cpu_scaling (void)
{
  double threads = speedup (PX_EXECUTOR_THREADS, FALSE);
  double processes = speedup (PX_EXECUTOR_PROCESSES, FALSE);
  double gil = speedup (PX_EXECUTOR_THREADS, TRUE);

  g_test_message ("cpu tasks, 2 workers vs 1: threads %.2fx, processes %.2fx (targets >= 1.9x); "
                  "threads with gil=true %.2fx (target <= 1.05x)", threads, processes, gil);
  g_assert_cmpfloat (threads, >=, 1.9);
  g_assert_cmpfloat (processes, >=, 1.9);
  g_assert_cmpfloat (gil, <=, 1.05);
}

static gsize
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_file_get_contents ("/proc/self/status", &status, NULL, NULL);
  line = status ? strstr (status, "VmHWM:") : NULL;
  return line ? g_ascii_strtoull (line + 6, NULL, 10) : 0;
}

static void
bench_memory (void)
{
  PxSpec spec;
  gsize before, after;

  g_test_message ("per-task record: %zu bytes (target <= 64)", sizeof (PxTaskRecord));
  g_assert_cmpuint (sizeof (PxTaskRecord), <=, 64);

  before = peak_rss_kb ();
  px_test_spec (&spec, PX_EXECUTOR_THREADS, PX_KIND_CPU, 2, 1000000, 0);
  measure (&spec, NULL);
  px_spec_clear (&spec);
  after = peak_rss_kb ();
  g_test_message ("1-million-task run: peak RSS %.1f MB (%.1f MB before; target < 150 MB)",
                  after / 1024.0, before / 1024.0);
  g_assert_cmpuint (after, <, 150 * 1024);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/px/bench/memory", bench_memory);
  g_test_add_func ("/px/bench/thread-dispatch", bench_thread_dispatch);
  g_test_add_func ("/px/bench/process-dispatch", bench_process_dispatch);
  g_test_add_func ("/px/bench/cpu-scaling", bench_cpu_scaling);

  return g_test_run ();
}
