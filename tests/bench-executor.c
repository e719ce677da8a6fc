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

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <gio/gio.h>

#include "px-profile.h"
#include "px-run.h"
#include "px-bench.h"
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
measure_spec (gpointer spec)
{
  return measure (spec, NULL);
}

static void
empty_task (gpointer data,
            gpointer user_data)
{
  g_atomic_int_inc ((gint *)user_data);
}

static double
bare_pool_rate (gpointer data)
{
  guint tasks = GPOINTER_TO_UINT (data);
  gint done = 0;
  gint64 start = g_get_monotonic_time ();
  GThreadPool *pool = g_thread_pool_new (empty_task, &done, 2, TRUE, NULL);

  for (guint i = 0; i < tasks; i++)
    g_thread_pool_push (pool, GUINT_TO_POINTER (i + 1), NULL);
  g_thread_pool_free (pool, FALSE, TRUE);
  g_assert_cmpint (done, ==, tasks);
  return tasks / ((g_get_monotonic_time () - start) / 1e6);
}

static char *
rate_text (const PxBenchSubject *s)
{
  return g_strdup_printf ("%.0f/s [%.0f…%.0f]", s->median, s->min, s->max);
}

/* Ours over the baseline's median rate, against @target. */
static void
judge_rates (const char           *figure,
             const PxBenchSubject *ours,
             const PxBenchSubject *base,
             double                target)
{
  g_autofree char *ours_text = rate_text (ours);
  g_autofree char *base_text = rate_text (base);
  g_autofree char *target_text = g_strdup_printf ("≥ %.2gx", target);
  double ratio = base->median > 0 ? ours->median / base->median : 0;

  px_bench_target (figure, ours_text, base_text, ratio, target_text,
                   base->median > 0 && ratio >= target);
}

static void
bench_thread_dispatch (void)
{
  const guint tasks = 1000000;
  PxSpec spec;

  px_test_spec (&spec, PX_EXECUTOR_THREADS, PX_KIND_CPU, 2, tasks, 0);
  {
    PxBenchSubject subjects[] = {
      { "Parallax, 2 threads, with recording", measure_spec, &spec },
      { "bare GThreadPool", bare_pool_rate, GUINT_TO_POINTER (tasks) },
    };

    px_bench_interleave (subjects, G_N_ELEMENTS (subjects), 5);
    judge_rates ("1 M empty tasks, 2 threads, dispatch (ours / bare GThreadPool)", &subjects[0],
                 &subjects[1], 0.8);
  }
  px_spec_clear (&spec);
}

typedef struct
{
  guint tasks;
  int   chunksize;
} PythonPool;

/* Python's multiprocessing.Pool.map on empty work, as a user would run
 * it, timed inside Python (its own throughput, as ours is). */
static double
python_pool_rate (gpointer data)
{
  const PythonPool *pool = data;
  g_autofree char *script = g_strdup_printf (
    "import multiprocessing as mp, time\n"
    "def f(x):\n    return x\n"
    "if __name__ == '__main__':\n"
    "    with mp.Pool(2) as p:\n"
    "        p.map(f, range(1000))\n"
    "        t = time.monotonic()\n"
    "        p.map(f, range(%u)%s)\n"
    "        print(%u / (time.monotonic() - t))\n",
    pool->tasks, pool->chunksize > 0 ? ", chunksize=1" : "", pool->tasks);
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *out = NULL;

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, NULL, "python3", "-c", script, NULL);
  if (proc == NULL || !g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, NULL) ||
      !g_subprocess_get_successful (proc))
    return -1;
  return g_ascii_strtod (out, NULL);
}

static void
bench_process_dispatch (void)
{
  PythonPool py1 = { 50000, 1 }, pydef = { 1000000, 0 };
  PxSpec one, chunked, automatic;

  px_test_spec (&one, PX_EXECUTOR_PROCESSES, PX_KIND_CPU, 2, 300000, 0);
  px_test_spec (&chunked, PX_EXECUTOR_PROCESSES, PX_KIND_CPU, 2, 1000000, 0);
  chunked.chunk_size = 5000;
  px_test_spec (&automatic, PX_EXECUTOR_PROCESSES, PX_KIND_CPU, 2, 1000000, 0);
  automatic.chunk_size = PX_CHUNK_SIZE_AUTO;
  {
    PxBenchSubject subjects[] = {
      { "Parallax, chunk-size 1", measure_spec, &one },
      { "Pool.map(chunksize=1)", python_pool_rate, &py1 },
      { "Parallax, chunk-size 5000", measure_spec, &chunked },
      { "Parallax, chunk-size auto", measure_spec, &automatic },
      { "Pool.map, default chunks", python_pool_rate, &pydef },
    };

    px_bench_interleave (subjects, G_N_ELEMENTS (subjects), 5);
    if (subjects[1].median < 0)
      {
        g_test_skip ("python3 with multiprocessing is not available for the baseline");
        px_spec_clear (&one);
        px_spec_clear (&chunked);
        px_spec_clear (&automatic);
        return;
      }
    judge_rates ("empty tasks, 2 processes, chunk-size 1 (ours / Pool.map chunksize=1)",
                 &subjects[0], &subjects[1], 3.0);
    judge_rates ("1 M empty tasks, 2 processes, chunk-size 5000 (ours / Pool.map)",
                 &subjects[2], &subjects[4], 1.5);
    judge_rates ("1 M empty tasks, 2 processes, chunk-size auto (ours / Pool.map)",
                 &subjects[3], &subjects[4], 1.5);
  }
  px_spec_clear (&one);
  px_spec_clear (&chunked);
  px_spec_clear (&automatic);
}

/* The CPU time, in s, the machine has spent busy since it started: its
 * cores' time in user and system code, interrupts and time stolen by the
 * hypervisor, from /proc/stat; -1 if unknown. */
static double
machine_busy_s (void)
{
  g_autofree char *stat = NULL;
  guint64 user, nice, system, idle, iowait, irq, softirq, steal;

  if (!g_file_get_contents ("/proc/stat", &stat, NULL, NULL) ||
      sscanf (stat, "cpu %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT
              " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT
              " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT,
              &user, &nice, &system, &idle, &iowait, &irq, &softirq, &steal) != 8)
    return -1;
  return (double)(user + nice + system + irq + softirq + steal) / sysconf (_SC_CLK_TCK);
}

/* The CPU time, in s, this process and its children that have ended
 * (a run's worker processes) have used so far. */
static double
own_cpu_s (void)
{
  struct rusage self, children;

  getrusage (RUSAGE_SELF, &self);
  getrusage (RUSAGE_CHILDREN, &children);
  return self.ru_utime.tv_sec + self.ru_stime.tv_sec + children.ru_utime.tv_sec +
         children.ru_stime.tv_sec +
         (self.ru_utime.tv_usec + self.ru_stime.tv_usec + children.ru_utime.tv_usec +
          children.ru_stime.tv_usec) / 1e6;
}

/* Runs @spec and returns its wall time in s; with @cores, the cores the
 * rest of the machine left it over that time, at most @spec's workers:
 * the machine's busy time, less this process's own, from the kernel's
 * accounting of the same window. */
static double
measure_cores (PxSpec *spec,
               double *cores)
{
  double busy0 = machine_busy_s (), own0 = own_cpu_s ();
  double wall, others;

  measure (spec, &wall);
  others = machine_busy_s () - busy0 - (own_cpu_s () - own0);
  *cores = busy0 < 0 ? spec->workers
                     : CLAMP (g_get_num_processors () - MAX (others, 0) / wall, 0.5,
                              spec->workers);
  return wall;
}

/* How much faster 2 workers run CPU tasks than 1, for the cores the rest
 * of the machine left each run: a busy moment elsewhere (a flush to disk,
 * a neighbour on the host) takes from the 2 workers a core the 1 does not
 * need. The speed-up seen and the cores are printed beside. */
static double
speedup (PxExecutorKind executor,
         gboolean       gil)
{
  double wall1, wall2, cores1, cores2, seen, judged;
  PxSpec spec;

  px_test_spec (&spec, executor, PX_KIND_CPU, 1, 40, 0);
  spec.task_iterations = 20 * 1000 * 1000;
  spec.task_ms = 0;
  spec.gil = gil;
  wall1 = measure_cores (&spec, &cores1);
  spec.workers = 2;
  wall2 = measure_cores (&spec, &cores2);
  px_spec_clear (&spec);
  seen = wall1 / wall2;
  /* With a GIL one worker computes at a time: a core taken from the
   * other costs it nothing. With less than one and a half cores left
   * the 2 workers, a lock that let one compute at a time would look
   * alike: the speed-up seen stands. */
  judged = gil || cores2 < 1.5 ? seen : seen * cores1 * 2 / cores2;
  g_test_message ("%s%s: 2 workers over 1 %.3f× seen, with %.2f and %.2f cores left them: "
                  "%.3f× judged", px_executor_kind_name (executor), gil ? " with gil=true" : "",
                  seen, cores1, cores2, judged);
  return judged;
}

static double
speedup_threads (gpointer data)
{
  return speedup (PX_EXECUTOR_THREADS, FALSE);
}

static double
speedup_processes (gpointer data)
{
  return speedup (PX_EXECUTOR_PROCESSES, FALSE);
}

static double
speedup_gil (gpointer data)
{
  return speedup (PX_EXECUTOR_THREADS, TRUE);
}

static void
bench_cpu_scaling (void)
{
  PxBenchSubject subjects[] = {
    { "threads, 2 workers over 1", speedup_threads, NULL },
    { "processes, 2 workers over 1", speedup_processes, NULL },
    { "threads with gil=true, 2 over 1", speedup_gil, NULL },
  };

  px_bench_interleave (subjects, G_N_ELEMENTS (subjects), 3);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *figure = g_strdup_printf ("CPU tasks, %s", subjects[i].name);
      g_autofree char *ours = g_strdup_printf ("%.2fx", subjects[i].median);

      px_bench_target (figure, ours, "1 worker", subjects[i].median, "≥ 1.9x",
                       subjects[i].median >= 1.9);
    }
  {
    g_autofree char *ours = g_strdup_printf ("%.2fx", subjects[2].median);

    px_bench_target ("CPU tasks, threads with gil=true, 2 workers over 1", ours, "1 worker",
                     subjects[2].median, "≤ 1.05x", subjects[2].median <= 1.05);
  }
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

  {
    g_autofree char *ours = g_strdup_printf ("%zu bytes", sizeof (PxTaskRecord));

    /* The lock, GIL and signal waits live beside the records and cost
     * nothing in a run that has none. */
    px_bench_target ("per-task record", ours, "64 bytes", 64.0 / sizeof (PxTaskRecord),
                     "≤ 40 bytes", sizeof (PxTaskRecord) <= 40);
  }

  before = peak_rss_kb ();
  px_test_spec (&spec, PX_EXECUTOR_THREADS, PX_KIND_CPU, 2, 1000000, 0);
  measure (&spec, NULL);
  px_spec_clear (&spec);
  after = peak_rss_kb ();
  {
    g_autofree char *ours = g_strdup_printf ("%.1f MB (%.1f MB before)", after / 1024.0,
                                             before / 1024.0);

    px_bench_target ("1 M-task run in this process, peak RSS", ours, "150 MB",
                     150.0 * 1024 / after, "< 150 MB", after < 150 * 1024);
  }
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
