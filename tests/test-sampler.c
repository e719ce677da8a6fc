/* test-sampler.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Live metrics must read true: CPU against known duty cycles and the
 * kernel's own accounting, queue figures against the engine's counters.
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "px-cpu-stats.h"
#include "px-history.h"
#include "px-profile.h"
#include "px-run.h"
#include "px-sampler.h"
#include "px-summary.h"
#include "px-test-helpers.h"

static void
executed_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      data)
{
  g_assert_true (px_run_execute_finish (PX_RUN (object), result, NULL));
  *(gboolean *)data = TRUE;
}

/* Kernel's tick-based CPU time of a worker, in ns. */
static gboolean
kernel_cpu_ns (PxExecutorKind  kind,
               int             pid,
               int             tid,
               guint64        *ns)
{
  g_autofree char *path = kind == PX_EXECUTOR_THREADS
                          ? g_strdup_printf ("/proc/%d/task/%d/stat", pid, tid)
                          : g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *text = NULL;
  unsigned long utime = 0, stime = 0;
  const char *p;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;
  p = strrchr (text, ')');
  /* Fields after the command: state ppid … utime (14) stime (15). */
  if (p == NULL || sscanf (p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
                           &utime, &stime) != 2)
    return FALSE;
  *ns = (guint64)(utime + stime) * (1000000000ull / sysconf (_SC_CLK_TCK));
  return TRUE;
}

/* The kernel's own nanosecond accounting of a worker (schedstat): time
 * on a CPU and time waiting to run. A worker process's threads are added
 * up, as its CPU clock adds them up. */
static gboolean
kernel_schedstat (PxExecutorKind  kind,
                  int             pid,
                  int             tid,
                  guint64        *on_cpu,
                  guint64        *delay)
{
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  if (kind != PX_EXECUTOR_THREADS)
    return px_test_process_schedstat (pid, on_cpu, delay);
  path = g_strdup_printf ("/proc/%d/task/%d/schedstat", pid, tid);
  return g_file_get_contents (path, &text, NULL, NULL) &&
         sscanf (text, "%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT, on_cpu, delay) == 2;
}

/* Per worker, the kernel's accounting read right after each sample, so
 * that a sample and the kernel's reading cover the same window. */
typedef struct
{
  gboolean ok;
  int      pid;
  guint64  on_cpu;
  guint64  delay;
} KernelReading;

#define MAX_LOGGED_WORKERS 4

typedef struct
{
  PxRun          *run;
  PxExecutorKind  kind;
  GArray         *readings[MAX_LOGGED_WORKERS];
} KernelLog;

static KernelLog kernel_log;

static void
kernel_log_cb (PxSampler *sampler,
               KernelLog *log)
{
  guint index = px_history_get_length (px_sampler_get_time (sampler)) - 1;

  for (guint i = 0; i < MIN (px_run_get_n_workers (log->run), MAX_LOGGED_WORKERS); i++)
    {
      KernelReading k = { FALSE, 0, 0, 0 };
      PxWorkerSnapshot w;

      px_run_get_worker (log->run, i, &w);
      k.pid = w.pid;
      if (w.pid > 0 && px_run_get_end_time (log->run) == 0)
        k.ok = kernel_schedstat (log->kind, w.pid, w.tid, &k.on_cpu, &k.delay);
      if (log->readings[i]->len <= index)
        g_array_set_size (log->readings[i], index + 1);
      g_array_index (log->readings[i], KernelReading, index) = k;
    }
}

static void
kernel_log_reset (PxRun          *run,
                  PxExecutorKind  kind)
{
  kernel_log.run = run;
  kernel_log.kind = kind;
  for (guint i = 0; i < MAX_LOGGED_WORKERS; i++)
    {
      g_clear_pointer (&kernel_log.readings[i], g_array_unref);
      kernel_log.readings[i] = g_array_new (FALSE, TRUE, sizeof (KernelReading));
    }
}

typedef struct
{
  PxRun          *run;
  PxExecutorKind  kind;
  guint           checks;
  guint64         ours0[4];
  guint64         kernel0[4];
  gint64          t0;
} CrossCheck;

/* Mid-run, compares our CPU clocks with the kernel's ticks over the same
 * stretch of time: they must agree to a few ticks. */
static void
cross_check_cb (PxSampler  *sampler,
                CrossCheck *cc)
{
  PxRunCounters c;
  guint n = px_run_get_n_workers (cc->run);
  gint64 now = g_get_monotonic_time ();

  px_run_get_counters (cc->run, &c);
  if (px_run_get_start_time (cc->run) == 0 || px_run_get_end_time (cc->run) != 0 ||
      c.done + c.failed >= c.total)
    return;

  for (guint i = 0; i < n; i++)
    {
      PxWorkerSnapshot w;
      guint64 kernel;

      px_run_get_worker (cc->run, i, &w);
      if (w.pid <= 0 || !kernel_cpu_ns (cc->kind, w.pid, w.tid, &kernel))
        return;
      if (cc->t0 == 0)
        {
          cc->ours0[i] = w.cpu_ns;
          cc->kernel0[i] = kernel;
        }
      else if (now - cc->t0 > 300000)
        {
          double ours_ms = (w.cpu_ns - cc->ours0[i]) / 1e6;
          double kernel_ms = (kernel - cc->kernel0[i]) / 1e6;

          g_test_message ("worker %u: CPU clock %.1f ms, kernel ticks %.1f ms", i, ours_ms, kernel_ms);
          g_assert_cmpfloat (fabs (ours_ms - kernel_ms), <=, 30 + 0.05 * kernel_ms);
          cc->checks++;
        }
    }
  if (cc->t0 == 0)
    cc->t0 = now;
  else if (now - cc->t0 > 300000)
    cc->t0 = -1;
}

/* Runs a workload with a sampler at 100 ms and returns both. */
static PxSampler *
sample_run (PxSpec  *spec,
            PxRun  **run_out)
{
  g_autoptr(PxRun) run = NULL;
  PxSampler *sampler;
  CrossCheck cc = { 0 };
  gboolean done = FALSE;

  spec->interval_ms = 100;
  run = px_run_new (spec);
  sampler = px_sampler_new (run);
  cc.run = run;
  cc.kind = spec->executor;
  g_signal_connect (sampler, "sample-added", G_CALLBACK (cross_check_cb), &cc);
  kernel_log_reset (run, spec->executor);
  g_signal_connect (sampler, "sample-added", G_CALLBACK (kernel_log_cb), &kernel_log);

  px_run_execute_async (run, NULL, executed_cb, &done);
  px_sampler_start (sampler);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  px_sampler_stop (sampler);
  g_signal_handlers_disconnect_by_data (sampler, &cc);
  g_signal_handlers_disconnect_by_data (sampler, &kernel_log);

  g_assert_cmpuint (cc.checks, >=, 1);
  *run_out = g_steal_pointer (&run);
  return sampler;
}


/* When the work went, in seconds from the run's start: from the first
 * task's start (worker processes take a while to start) to the last
 * task's end. */
static void
work_window (PxRun  *run,
             double *from,
             double *until)
{
  guint n;
  const PxTaskRecord *r = px_run_get_records (run, &n);
  gint64 start = G_MAXINT64, end = 0;

  for (guint i = 0; i < n; i++)
    {
      start = MIN (start, r[i].start_us);
      end = MAX (end, r[i].end_us);
    }
  *from = (start - px_run_get_start_time (run)) / 1e6;
  *until = (end - px_run_get_start_time (run)) / 1e6;
}

/* Checks a worker's CPU readings over the samples taken wholly while the
 * work went against the kernel's own accounting (schedstat) over the same
 * windows: their mean within @tolerance points (the accuracy target; as
 * the windows follow each other, only the first and last readings' few
 * microseconds apart count), each one within @sample_tolerance (a gross
 * error check: the main thread may be preempted between the sampler's
 * reading and the kernel's). Never against a nominal duty cycle, which a
 * busy machine cannot deliver. Returns the mean. */
static double
assert_cpu (PxRun     *run,
            PxSampler *sampler,
            guint      worker,
            double     tolerance,
            double     sample_tolerance)
{
  double from, until;
  PxHistory *t = px_sampler_get_time (sampler);
  PxHistory *cpu = px_sampler_get_worker_series (sampler, worker, PX_WORKER_SERIES_CPU);
  GArray *kernel = kernel_log.readings[worker];
  guint n = MIN (px_history_get_length (cpu), kernel->len);
  double sum = 0, diff = 0;
  guint counted = 0;

  work_window (run, &from, &until);
  for (guint i = 1; i < n; i++)
    {
      const KernelReading *a = &g_array_index (kernel, KernelReading, i - 1);
      const KernelReading *b = &g_array_index (kernel, KernelReading, i);
      double dt = px_history_get (t, i) - px_history_get (t, i - 1);
      double v = px_history_get (cpu, i);
      double k;

      if (px_history_get (t, i - 1) < from || px_history_get (t, i) > until ||
          !a->ok || !b->ok || a->pid != b->pid || dt <= 0)
        continue;
      k = (b->on_cpu - a->on_cpu) / 1e9 / dt * 100;
      g_test_message ("worker %u sample %u: %.1f %%, kernel %.1f %% (waited to run %.1f %%)",
                      worker, i, v, k, (b->delay - a->delay) / 1e9 / dt * 100);
      g_assert_cmpfloat (fabs (v - k), <=, sample_tolerance * PX_TEST_SLACK);
      sum += v;
      diff += v - k;
      counted++;
    }
  g_assert_cmpuint (counted, >=, 5);
  g_test_message ("worker %u: mean of %u samples %.2f %%, %.2f points from the kernel's",
                  worker, counted, sum / counted, diff / counted);
  g_assert_cmpfloat (fabs (diff / counted), <=, tolerance * PX_TEST_SLACK);
  return sum / counted;
}

static void
test_duty_cycle (gconstpointer data)
{
  g_autoptr(PxRun) run = NULL;
  g_autoptr(PxSampler) sampler = NULL;
  PxSpec spec;

  /* Busy half of every 4 ms task, waiting the other half: short periods,
   * so a 100 ms sample never cuts more than 2 ms of a busy phase. */
  px_test_spec (&spec, GPOINTER_TO_INT (data), PX_KIND_MIXED, 1, 250, 4);
  spec.cpu_fraction = 0.5;
  sampler = sample_run (&spec, &run);
  px_spec_clear (&spec);
  /* Busy about half the time; the share it gets of a busy machine can
   * only lower that. */
  g_assert_cmpfloat (assert_cpu (run, sampler, 0, 2, 15), <=, 60);
}

static void
test_busy_and_idle (gconstpointer data)
{
  g_autoptr(PxRun) run = NULL;
  g_autoptr(PxSampler) sampler = NULL;
  const PxTaskRecord *r;
  guint idle_worker;
  PxSpec spec;

  /* One long compute-bound task for two workers: one busy, one idle. */
  px_test_spec (&spec, GPOINTER_TO_INT (data), PX_KIND_CPU, 2, 1, 1000);
  sampler = sample_run (&spec, &run);
  px_spec_clear (&spec);
  r = px_run_get_records (run, NULL);
  idle_worker = r[0].worker == 0 ? 1 : 0;
  assert_cpu (run, sampler, r[0].worker, 2, 15);
  /* The idle worker reads what the kernel counts for it, sample by
   * sample: near nothing, except where the work window overlaps its own
   * start-up (a worker process still starting while the other has begun
   * its task, slow on a busy machine and under sanitizers). */
  g_test_message ("idle worker %u:", idle_worker);
  g_assert_cmpfloat (assert_cpu (run, sampler, idle_worker, 2, 15), <=, 3 * PX_TEST_SLACK);
}

static void
test_counters_and_records (gconstpointer data)
{
  g_autoptr(PxRun) run = NULL;
  g_autoptr(PxSampler) sampler = NULL;
  const PxTaskRecord *r;
  PxRunCounters c;
  PxSummary s;
  PxSpec spec;
  double sum_run = 0, sum_wait = 0;
  guint n, done = 0;
  PxHistory *done_h, *queue_h, *waiting_h, *thr_h;
  double little;

  /* 1.5 s: samples enough for the cross-check and the means, however
   * busy the machine. */
  px_test_spec (&spec, GPOINTER_TO_INT (data), PX_KIND_MIXED, 2, 150, 20);
  sampler = sample_run (&spec, &run);
  px_spec_clear (&spec);

  px_run_get_counters (run, &c);
  px_summary_compute (run, &s);
  r = px_run_get_records (run, &n);
  for (guint i = 0; i < n; i++)
    {
      if (r[i].status != PX_TASK_DONE)
        continue;
      done++;
      sum_run += r[i].end_us - r[i].start_us;
      sum_wait += r[i].start_us - r[i].enqueue_us;
    }

  /* Records reconcile exactly with the summary. */
  g_assert_cmpuint (done, ==, s.done);
  g_assert_cmpuint (s.run_us.n, ==, done);
  g_assert_cmpfloat_with_epsilon (s.run_us.mean, sum_run / done, 1e-6);
  g_assert_cmpfloat_with_epsilon (s.wait_us.mean, sum_wait / done, 1e-6);

  /* The last sample matches the engine's final counters. */
  done_h = px_sampler_get_series (sampler, PX_SERIES_DONE);
  queue_h = px_sampler_get_series (sampler, PX_SERIES_QUEUE);
  waiting_h = px_sampler_get_series (sampler, PX_SERIES_WAITING);
  thr_h = px_sampler_get_series (sampler, PX_SERIES_THROUGHPUT);
  g_assert_cmpfloat (px_history_get_last (done_h), ==, c.done);
  g_assert_cmpfloat (px_history_get_last (queue_h), ==, 0);

  /* Queue figures are monotonic where they must be and never exceed what
   * the engine could hold. */
  for (guint i = 1; i < px_history_get_length (done_h); i++)
    {
      g_assert_cmpfloat (px_history_get (done_h, i), >=, px_history_get (done_h, i - 1));
      g_assert_cmpfloat (px_history_get (queue_h, i), <=, 150);
      g_assert_cmpfloat (px_history_get (waiting_h, i), >=, px_history_get (queue_h, i) - 2);
      if (isfinite (px_history_get (thr_h, i)))
        g_assert_cmpfloat (px_history_get (thr_h, i), >=, 0);
    }

  /* Little's law: mean tasks waiting = throughput × mean queue wait. */
  little = s.throughput * s.wait_us.mean / 1e6;
  g_test_message ("waiting %.2f, throughput x wait %.2f", px_sampler_get_mean_waiting (sampler),
                  little);
  g_assert_cmpfloat (fabs (px_sampler_get_mean_waiting (sampler) - little), <=, 0.15 * little + 1);
}

static void
test_breakdown (gconstpointer data)
{
  g_autoptr(PxRun) run = NULL;
  g_autoptr(PxSampler) sampler = NULL;
  PxWorkerSnapshot w;
  PxSummary s;
  PxSpec spec;
  gint64 total = 0;

  px_test_spec (&spec, GPOINTER_TO_INT (data), PX_KIND_MIXED, 1, 60, 25);
  spec.cpu_fraction = 0.3;
  spec.payload_bytes = 65536;
  sampler = sample_run (&spec, &run);
  px_spec_clear (&spec);
  px_summary_compute (run, &s);
  px_run_get_worker (run, 0, &w);

  for (guint k = 0; k < PX_WORKER_N_STATES; k++)
    {
      g_test_message ("%s: %.1f ms", px_worker_state_name (k), w.time_us[k] / 1000.0);
      total += w.time_us[k];
    }

  /* The IO state holds the tasks' IO waits, as each task measured them.
   * Computing is the state that burns CPU: no less than the CPU clock's
   * time (less what moving payloads took), no more than it plus the time
   * the kernel kept the worker waiting to run (a busy host stretches the
   * one, never the other). IPC is measured. */
  {
    guint n;
    const PxTaskRecord *r = px_run_get_records (run, &n);
    GArray *kernel = kernel_log.readings[0];
    guint64 io = 0, delay = 0;

    for (guint i = 0; i < n; i++)
      io += r[i].io_wait_us;
    for (guint i = 0; i < kernel->len; i++)
      if (g_array_index (kernel, KernelReading, i).ok)
        delay = g_array_index (kernel, KernelReading, i).delay;

    g_test_message ("CPU time %.1f ms, tasks' IO waits %.1f ms, waited to run %.1f ms",
                    w.cpu_ns / 1e6, io / 1e3, delay / 1e6);
    g_assert_cmpfloat (fabs (w.time_us[PX_WORKER_IO_WAIT] - (double)io) / 1e3, <,
                       0.05 * io / 1e3 + 20);
    g_assert_cmpfloat ((w.time_us[PX_WORKER_COMPUTING] + w.time_us[PX_WORKER_IPC]) / 1e3, >=,
                       0.85 * w.cpu_ns / 1e6 - 25);
    g_assert_cmpfloat (w.time_us[PX_WORKER_COMPUTING] / 1e3, <=,
                       1.1 * (w.cpu_ns + delay) / 1e6 + 100);
    g_assert_cmpint (w.time_us[PX_WORKER_IPC], >, 0);
  }
  /* The categories add up to the worker's life, within start-up slack. */
  g_assert_cmpint (total, <=, s.wall_us + 100000);
  g_assert_cmpint (total, >=, s.wall_us * 8 / 10);
}

static void
test_history_wrap_around (void)
{
  g_autoptr(PxHistory) h = px_history_new (4);

  g_assert_true (isnan (px_history_get_last (h)));
  for (guint i = 1; i <= 10; i++)
    px_history_push (h, i);
  g_assert_cmpuint (px_history_get_length (h), ==, 4);
  g_assert_cmpuint (px_history_get_pushed (h), ==, 10);
  g_assert_cmpfloat (px_history_get (h, 0), ==, 7);
  g_assert_cmpfloat (px_history_get (h, 3), ==, 10);
  g_assert_cmpfloat (px_history_get_last (h), ==, 10);
  g_assert_true (isnan (px_history_get (h, 4)));
}

/* The buffer grows as values come, past several reallocations, and every
 * reading stays in order: by index, as runs, and once it wraps. */
static void
test_history_growth (void)
{
  g_autoptr(PxHistory) h = px_history_new (1000);
  const double *first, *second;
  guint n_first, n_second;

  px_history_get_runs (h, &first, &n_first, &second, &n_second);
  g_assert_cmpuint (n_first + n_second, ==, 0);

  for (guint i = 0; i < 700; i++)
    px_history_push (h, i);
  g_assert_cmpuint (px_history_get_length (h), ==, 700);
  for (guint i = 0; i < 700; i += 37)
    g_assert_cmpfloat (px_history_get (h, i), ==, i);
  px_history_get_runs (h, &first, &n_first, &second, &n_second);
  g_assert_cmpuint (n_first, ==, 700);
  g_assert_cmpuint (n_second, ==, 0);
  g_assert_cmpfloat (first[699], ==, 699);

  for (guint i = 700; i < 2500; i++)
    px_history_push (h, i);
  g_assert_cmpuint (px_history_get_length (h), ==, 1000);
  g_assert_cmpfloat (px_history_get (h, 0), ==, 1500);
  g_assert_cmpfloat (px_history_get (h, 999), ==, 2499);
  g_assert_cmpfloat (px_history_get_last (h), ==, 2499);
  px_history_get_runs (h, &first, &n_first, &second, &n_second);
  g_assert_cmpuint (n_first + n_second, ==, 1000);
  g_assert_cmpfloat (first[0], ==, 1500);
  g_assert_cmpfloat (n_second > 0 ? second[n_second - 1] : first[n_first - 1], ==, 2499);
  for (guint i = 0; i < 1000; i++)
    {
      double v = i < n_first ? first[i] : second[i - n_first];

      g_assert_cmpfloat (v, ==, px_history_get (h, i));
    }
}

static void
test_history_bounded (void)
{
  g_autoptr(PxRun) run = NULL;
  g_autoptr(PxSampler) sampler = NULL;
  PxSpec spec;

  px_test_spec (&spec, PX_EXECUTOR_THREADS, PX_KIND_SLEEP, 1, 1, 1);
  spec.history = 10;
  run = px_run_new (&spec);
  px_spec_clear (&spec);
  sampler = px_sampler_new (run);
  for (guint i = 0; i < 100; i++)
    {
      px_sampler_sample (sampler);
      /* Bounded: full histories are halved, never grown. */
      g_assert_cmpuint (px_history_get_length (px_sampler_get_time (sampler)), <=, 10);
      g_assert_cmpuint (px_history_get_length (px_sampler_get_time (sampler)), ==,
                        px_history_get_length (px_sampler_get_worker_series (sampler, 0,
                                               PX_WORKER_SERIES_CPU)));
    }
  g_assert_cmpuint (px_history_get_length (px_sampler_get_time (sampler)), >=, 5);
  g_assert_cmpuint (px_sampler_get_halvings (sampler), ==, 18);
  g_assert_cmpuint (px_history_get_dropped (px_sampler_get_time (sampler)), ==, 0);
  g_assert_cmpuint (px_sampler_get_n_samples (sampler), ==, 100);
}

/* Keeps each sample's time as it is taken, before any halving. */
static void
raw_time_cb (PxSampler *sampler,
             GArray    *raw)
{
  double t = px_history_get_last (px_sampler_get_time (sampler));

  g_array_append_val (raw, t);
}

/* A run longer than the history is kept whole: its first samples are
 * merged, not dropped, and the counts still end where the run ended.
 * The run lasts 2 s, so that over 15 samples of 10 ms are taken even on
 * a machine that holds the test now and then. */
static void
test_history_whole_run (void)
{
  g_autoptr(GArray) raw = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(PxRun) run = NULL;
  g_autoptr(PxSampler) sampler = NULL;
  PxHistory *time;
  PxHistory *done;
  gboolean finished = FALSE;
  PxSpec spec;
  guint n, halvings;

  px_test_spec (&spec, PX_EXECUTOR_THREADS, PX_KIND_SLEEP, 2, 40, 100);
  spec.history = 64;
  spec.interval_ms = 10;
  run = px_run_new (&spec);
  px_spec_clear (&spec);
  sampler = px_sampler_new (run);
  g_signal_connect (sampler, "sample-added", G_CALLBACK (raw_time_cb), raw);
  px_run_execute_async (run, NULL, executed_cb, &finished);
  px_sampler_start (sampler);
  while (!finished)
    g_main_context_iteration (NULL, TRUE);
  px_sampler_stop (sampler);

  time = px_sampler_get_time (sampler);
  done = px_sampler_get_series (sampler, PX_SERIES_DONE);
  n = px_history_get_length (time);
  g_assert_cmpuint (px_sampler_get_n_samples (sampler), >, 15);
  g_assert_cmpuint (px_sampler_get_halvings (sampler), >, 0);
  g_assert_cmpuint (n, <=, 64);
  g_assert_cmpuint (px_history_get_dropped (time), ==, 0);
  /* The first kept sample stands for the run's first samples (each
   * halving keeps the later of a pair: one of the first 2^halvings,
   * however late a busy machine took them), the last is at its end. */
  g_assert_cmpuint (raw->len, ==, px_sampler_get_n_samples (sampler));
  halvings = px_sampler_get_halvings (sampler);
  g_test_message ("%u samples kept as %u after %u halvings", raw->len, n, halvings);
  g_assert_cmpuint (halvings, <, 10);
  g_assert_cmpfloat (px_history_get (time, 0), <=,
                     g_array_index (raw, double, MIN ((1u << halvings), raw->len) - 1));
  g_assert_cmpfloat (px_history_get_last (done), ==, 40);
  for (guint i = 1; i < n; i++)
    {
      g_assert_cmpfloat (px_history_get (time, i), >, px_history_get (time, i - 1));
      g_assert_cmpfloat (px_history_get (done, i), >=, px_history_get (done, i - 1));
    }
}

static void
test_history_halve (void)
{
  g_autoptr(PxHistory) h = px_history_new (8);

  px_history_push (h, 1);
  px_history_push (h, 3);
  px_history_push (h, NAN);
  px_history_push (h, 5);
  px_history_push (h, 7);
  px_history_halve (h, FALSE);
  g_assert_cmpuint (px_history_get_length (h), ==, 3);
  g_assert_cmpfloat (px_history_get (h, 0), ==, 2);
  g_assert_cmpfloat (px_history_get (h, 1), ==, 5);
  g_assert_cmpfloat (px_history_get (h, 2), ==, 7);
  px_history_push (h, 9);
  g_assert_cmpfloat (px_history_get_last (h), ==, 9);
  px_history_halve (h, TRUE);
  g_assert_cmpuint (px_history_get_length (h), ==, 2);
  g_assert_cmpfloat (px_history_get (h, 0), ==, 5);
  g_assert_cmpfloat (px_history_get (h, 1), ==, 9);
  g_assert_cmpuint (px_history_get_dropped (h), ==, 0);
}

static void
test_cpu_maths (void)
{
  /* 50 ms of CPU over 100 ms of wall time is half a core. */
  g_assert_cmpfloat_with_epsilon (px_cpu_percent (0, 50000000, 0, 100000), 50, 1e-9);
  g_assert_cmpfloat_with_epsilon (px_cpu_percent (10, 10 + 200000000, 5, 5 + 100000), 200, 1e-9);
  g_assert_true (isnan (px_cpu_percent (0, 1, 100, 100)));
  g_assert_cmpfloat (px_cpu_percent (100, 50, 0, 1000), ==, 0);
  g_assert_cmpfloat_with_epsilon (px_core_percent (10, 100, 60, 200), 50, 1e-9);
  g_assert_true (isnan (px_core_percent (10, 100, 10, 100)));
}

static void
test_system_cores (void)
{
  g_autoptr(PxRun) run = NULL;
  g_autoptr(PxSampler) sampler = NULL;
  PxHistory *core;
  double max = 0;
  PxSpec spec;

  px_test_spec (&spec, PX_EXECUTOR_THREADS, PX_KIND_CPU, 1, 8, 100);
  sampler = sample_run (&spec, &run);
  px_spec_clear (&spec);
  g_assert_cmpuint (px_sampler_get_n_cores (sampler), ==, g_get_num_processors ());
  /* A busy worker shows up on some core. */
  for (guint c = 0; c < px_sampler_get_n_cores (sampler); c++)
    {
      core = px_sampler_get_core_series (sampler, c);
      for (guint i = 1; i < px_history_get_length (core); i++)
        if (isfinite (px_history_get (core, i)))
          max = MAX (max, px_history_get (core, i));
    }
  g_assert_cmpfloat (max, >=, 60);
  g_assert_cmpfloat (max, <=, 100.5);
}

/* A worker process's resident memory, as it reads it itself at each
 * heartbeat and the parent reads it from shared memory, is what the
 * kernel says of it: while it sleeps its memory stays put. */
static void
test_worker_rss (void)
{
  g_autoptr(PxRun) run = NULL;
  gboolean done = FALSE;
  PxWorkerSnapshot w = { 0 };
  gint64 deadline;
  PxSpec spec;

  /* A minute's sleep, cancelled once read. */
  px_test_spec (&spec, PX_EXECUTOR_PROCESSES, PX_KIND_SLEEP, 1, 1, 60000);
  run = px_run_new (&spec);
  px_spec_clear (&spec);
  px_run_execute_async (run, NULL, executed_cb, &done);

  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  do
    {
      g_main_context_iteration (NULL, FALSE);
      px_run_get_worker (run, 0, &w);
      g_usleep (10 * 1000);
    }
  while (w.state != PX_WORKER_IO_WAIT && g_get_monotonic_time () < deadline);
  /* Two beats into the task, so the memory read is the task's. */
  g_usleep (300 * 1000);
  do
    {
      g_main_context_iteration (NULL, FALSE);
      px_run_get_worker (run, 0, &w);
      if (w.rss_bytes == 0)
        g_usleep (10 * 1000);
    }
  while (w.rss_bytes == 0 && g_get_monotonic_time () < deadline);
  g_assert_cmpuint (w.rss_bytes, >, 0);
  {
    g_autofree char *path = g_strdup_printf ("/proc/%d/statm", w.pid);
    g_autofree char *statm = NULL;
    unsigned long size = 0, resident = 0;
    double kernel;

    g_assert_true (g_file_get_contents (path, &statm, NULL, NULL));
    g_assert_cmpint (sscanf (statm, "%lu %lu", &size, &resident), ==, 2);
    kernel = (double)resident * sysconf (_SC_PAGESIZE);
    px_run_get_worker (run, 0, &w);
    g_test_message ("worker's own reading %.1f MiB, the kernel's %.1f MiB",
                    w.rss_bytes / 1048576.0, kernel / 1048576.0);
    g_assert_cmpfloat (fabs ((double)w.rss_bytes - kernel), <=, 0.1 * kernel);
  }
  px_run_cancel (run);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/px/history/wrap-around", test_history_wrap_around);
  g_test_add_func ("/px/history/growth", test_history_growth);
  g_test_add_func ("/px/history/halve", test_history_halve);
  g_test_add_func ("/px/sampler/whole-run", test_history_whole_run);
  g_test_add_func ("/px/sampler/history-bounded", test_history_bounded);
  g_test_add_func ("/px/sampler/cpu-maths", test_cpu_maths);
  g_test_add_func ("/px/sampler/system-cores", test_system_cores);
  g_test_add_func ("/px/sampler/processes/worker-rss", test_worker_rss);
  g_test_add_data_func ("/px/sampler/threads/duty-cycle", GINT_TO_POINTER (PX_EXECUTOR_THREADS),
                        test_duty_cycle);
  g_test_add_data_func ("/px/sampler/processes/duty-cycle",
                        GINT_TO_POINTER (PX_EXECUTOR_PROCESSES), test_duty_cycle);
  g_test_add_data_func ("/px/sampler/threads/busy-and-idle", GINT_TO_POINTER (PX_EXECUTOR_THREADS),
                        test_busy_and_idle);
  g_test_add_data_func ("/px/sampler/processes/busy-and-idle",
                        GINT_TO_POINTER (PX_EXECUTOR_PROCESSES), test_busy_and_idle);
  g_test_add_data_func ("/px/sampler/threads/counters-and-records",
                        GINT_TO_POINTER (PX_EXECUTOR_THREADS), test_counters_and_records);
  g_test_add_data_func ("/px/sampler/processes/counters-and-records",
                        GINT_TO_POINTER (PX_EXECUTOR_PROCESSES), test_counters_and_records);
  g_test_add_data_func ("/px/sampler/threads/breakdown", GINT_TO_POINTER (PX_EXECUTOR_THREADS),
                        test_breakdown);
  g_test_add_data_func ("/px/sampler/processes/breakdown", GINT_TO_POINTER (PX_EXECUTOR_PROCESSES),
                        test_breakdown);

  return g_test_run ();
}
