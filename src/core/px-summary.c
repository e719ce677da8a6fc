/* px-summary.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "px-summary.h"

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

/* Nearest-rank percentile of sorted values. */
static double
percentile (const double *sorted,
            guint         n,
            double        p)
{
  guint rank = (guint)ceil (p / 100.0 * n);

  return sorted[CLAMP (rank, 1, n) - 1];
}

/**
 * px_stats_compute:
 * @values: (inout): the values; sorted on return
 * @n: how many
 * @stats: (out): mean, standard deviation, extremes and percentiles
 */
void
px_stats_compute (double  *values,
                  guint    n,
                  PxStats *stats)
{
  double sum = 0, sq = 0;

  memset (stats, 0, sizeof *stats);
  stats->n = n;
  if (n == 0)
    return;

  qsort (values, n, sizeof (double), compare_doubles);
  for (guint i = 0; i < n; i++)
    sum += values[i];
  stats->mean = sum / n;
  for (guint i = 0; i < n; i++)
    sq += (values[i] - stats->mean) * (values[i] - stats->mean);
  stats->stddev = n > 1 ? sqrt (sq / (n - 1)) : 0;
  stats->min = values[0];
  stats->max = values[n - 1];
  stats->p50 = percentile (values, n, 50);
  stats->p95 = percentile (values, n, 95);
  stats->p99 = percentile (values, n, 99);
}

void
px_summary_compute (PxRun     *run,
                    PxSummary *summary)
{
  PxRunCounters counters;
  const PxTaskRecord *records;
  g_autofree double *run_us = NULL;
  g_autofree double *wait_us = NULL;
  guint n_records, n = 0;
  guint64 cpu_ns = 0;

  memset (summary, 0, sizeof *summary);
  px_run_get_counters (run, &counters);
  records = px_run_get_records (run, &n_records);

  summary->wall_us = counters.elapsed_us;
  summary->total = counters.total;
  summary->done = counters.done;
  summary->failed = counters.failed;
  summary->cancelled = counters.cancelled;
  summary->retried = counters.retried;
  summary->workers_lost = counters.workers_lost;
  summary->throughput = counters.elapsed_us > 0
                        ? counters.done / ((double)counters.elapsed_us / G_USEC_PER_SEC) : 0;

  run_us = g_new (double, MAX (n_records, 1));
  wait_us = g_new (double, MAX (n_records, 1));
  for (guint i = 0; i < n_records; i++)
    {
      if (records[i].status != PX_TASK_DONE)
        continue;
      run_us[n] = (double)(records[i].end_us - records[i].start_us);
      wait_us[n] = (double)MAX (records[i].start_us - records[i].enqueue_us, 0);
      n++;
    }
  px_stats_compute (run_us, n, &summary->run_us);
  px_stats_compute (wait_us, n, &summary->wait_us);

  for (guint i = 0; i < px_run_get_n_workers (run); i++)
    {
      PxWorkerSnapshot w;

      px_run_get_worker (run, i, &w);
      cpu_ns += w.cpu_ns;
      summary->lock_wait_us += MAX (w.time_us[PX_WORKER_LOCK_WAIT], 0);
      summary->io_wait_us += MAX (w.time_us[PX_WORKER_IO_WAIT], 0);
      summary->ipc_us += MAX (w.time_us[PX_WORKER_IPC], 0);
    }
  summary->cpu_s = cpu_ns / 1e9;
  summary->parallelism = counters.elapsed_us > 0
                         ? summary->cpu_s / ((double)counters.elapsed_us / G_USEC_PER_SEC) : 0;
}

static double f_wall (const PxSummary *s) { return s->wall_us; }
static double f_done (const PxSummary *s) { return s->done; }
static double f_failed (const PxSummary *s) { return s->failed; }
static double f_cancelled (const PxSummary *s) { return s->cancelled; }
static double f_retried (const PxSummary *s) { return s->retried; }
static double f_lost (const PxSummary *s) { return s->workers_lost; }
static double f_throughput (const PxSummary *s) { return s->throughput; }
static double f_lock_wait (const PxSummary *s) { return s->lock_wait_us; }
static double f_io_wait (const PxSummary *s) { return s->io_wait_us; }
static double f_ipc (const PxSummary *s) { return s->ipc_us; }
static double f_parallelism (const PxSummary *s) { return s->parallelism; }
static double f_cpu (const PxSummary *s) { return s->cpu_s; }
static double f_run_mean (const PxSummary *s) { return s->run_us.mean; }
static double f_run_p50 (const PxSummary *s) { return s->run_us.p50; }
static double f_run_p95 (const PxSummary *s) { return s->run_us.p95; }
static double f_run_p99 (const PxSummary *s) { return s->run_us.p99; }
static double f_run_max (const PxSummary *s) { return s->run_us.max; }
static double f_wait_mean (const PxSummary *s) { return s->wait_us.mean; }
static double f_wait_p95 (const PxSummary *s) { return s->wait_us.p95; }

static const PxFigure figures[] = {
  { "wall-time", N_("Wall time"),
    N_("From the first task queued to the last one ended"),
    PX_FIGURE_DURATION, FALSE, f_wall },
  { "tasks-done", N_("Tasks done"), N_("Tasks that ended with a correct result"),
    PX_FIGURE_COUNT, TRUE, f_done },
  { "tasks-failed", N_("Tasks failed"),
    N_("Tasks that raised an error, timed out or lost their worker, after any retries"),
    PX_FIGURE_COUNT, FALSE, f_failed },
  { "tasks-cancelled", N_("Tasks cancelled"), N_("Tasks not run because the run was stopped"),
    PX_FIGURE_COUNT, FALSE, f_cancelled },
  { "tasks-retried", N_("Tasks retried"), N_("Attempts run again after a failure"),
    PX_FIGURE_COUNT, FALSE, f_retried },
  { "workers-lost", N_("Workers lost"),
    N_("Worker processes that died or hung and were replaced"),
    PX_FIGURE_COUNT, FALSE, f_lost },
  { "throughput", N_("Throughput"), N_("Tasks done per second of wall time"),
    PX_FIGURE_RATE, TRUE, f_throughput },
  { "parallelism", N_("Parallelism"),
    N_("CPU time over wall time: how many cores were busy on average"),
    PX_FIGURE_CORES, TRUE, f_parallelism },
  { "cpu-time", N_("CPU time"), N_("CPU time of all workers together"),
    PX_FIGURE_CPU_SECONDS, FALSE, f_cpu },
  { "lock-wait", N_("Lock wait"),
    N_("Time the workers spent waiting for a lock, a semaphore or a barrier, all together"),
    PX_FIGURE_DURATION, FALSE, f_lock_wait },
  { "io-wait", N_("IO wait"), N_("Time the workers spent waiting on IO, all together"),
    PX_FIGURE_DURATION, FALSE, f_io_wait },
  { "ipc-time", N_("IPC time"),
    N_("Time spent passing tasks and results to and from worker processes, all together"),
    PX_FIGURE_DURATION, FALSE, f_ipc },
  { "task-time-mean", N_("Task time, mean"), N_("From a task's start to its end, on average"),
    PX_FIGURE_DURATION, FALSE, f_run_mean },
  { "task-time-p50", N_("Task time, p50"), N_("Half the tasks took at most this long"),
    PX_FIGURE_DURATION, FALSE, f_run_p50 },
  { "task-time-p95", N_("Task time, p95"), N_("95 of 100 tasks took at most this long"),
    PX_FIGURE_DURATION, FALSE, f_run_p95 },
  { "task-time-p99", N_("Task time, p99"), N_("99 of 100 tasks took at most this long"),
    PX_FIGURE_DURATION, FALSE, f_run_p99 },
  { "task-time-max", N_("Task time, max"), N_("The longest task"),
    PX_FIGURE_DURATION, FALSE, f_run_max },
  { "queue-wait-mean", N_("Queue wait, mean"),
    N_("From a task's arrival to its start, on average: time spent waiting for a worker"),
    PX_FIGURE_DURATION, FALSE, f_wait_mean },
  { "queue-wait-p95", N_("Queue wait, p95"), N_("95 of 100 tasks waited at most this long"),
    PX_FIGURE_DURATION, FALSE, f_wait_p95 },
};

/**
 * px_stats_compare:
 * @ratio: (out): @a's mean over @b's
 * @ratio_error: (out): the ratio's standard error, from each mean's
 * @differs: (out): whether the means differ by more than twice their
 *   combined standard error, that is beyond the noise of so few runs
 *
 * Compares two sets of repetitions, as hyperfine does ("1.90 ± 0.10×").
 * FALSE when either has fewer than two runs: its noise is unknown.
 */
gboolean
px_stats_compare (const PxStats *a,
                  const PxStats *b,
                  double        *ratio,
                  double        *ratio_error,
                  gboolean      *differs)
{
  double se_a, se_b;

  if (a->n < 2 || b->n < 2 || a->mean <= 0 || b->mean <= 0)
    return FALSE;
  se_a = a->stddev / sqrt (a->n);
  se_b = b->stddev / sqrt (b->n);
  *ratio = a->mean / b->mean;
  *ratio_error = *ratio * sqrt ((se_a / a->mean) * (se_a / a->mean) +
                                (se_b / b->mean) * (se_b / b->mean));
  *differs = fabs (a->mean - b->mean) > 2 * sqrt (se_a * se_a + se_b * se_b);
  return TRUE;
}

/* The figures of a summary, in the order they are shown; labels and help
 * are untranslated (N_): pass them through _(). */
const PxFigure *
px_summary_get_figures (guint *n_figures)
{
  *n_figures = G_N_ELEMENTS (figures);
  return figures;
}

/* @value as the figure's unit is written, translated. */
char *
px_figure_format (const PxFigure *figure,
                  double          value)
{
  return px_figure_format_unit (figure->unit, value);
}

char *
px_figure_format_unit (PxFigureUnit unit,
                       double       value)
{
  switch (unit)
    {
    case PX_FIGURE_DURATION:
      return px_format_duration (value);
    case PX_FIGURE_COUNT:
      return g_strdup_printf ("%.0f", value);
    case PX_FIGURE_RATE:
      return g_strdup_printf (_("%.1f tasks/s"), value);
    case PX_FIGURE_CORES:
      return g_strdup_printf (_("%.2f cores"), value);
    case PX_FIGURE_CPU_SECONDS:
      return g_strdup_printf (_("%.2f s"), value);
    case PX_FIGURE_BYTES:
      return g_format_size ((guint64)MAX (value, 0));
    case PX_FIGURE_THREADS:
      return g_strdup_printf (_("%.2f threads"), value);
    case PX_FIGURE_PER_SECOND:
      /* Translators: events (context switches) a second. */
      return g_strdup_printf (_("%.0f/s"), value);
    case PX_FIGURE_BYTES_PER_SECOND:
      {
        g_autofree char *size = g_format_size ((guint64)MAX (value, 0));

        /* Translators: a size a second, such as "3.1 MB/s". */
        return g_strdup_printf (_("%s/s"), size);
      }
    default:
      g_assert_not_reached ();
    }
}

char *
px_format_duration (double usec)
{
  if (usec >= 10 * G_USEC_PER_SEC)
    return g_strdup_printf (_("%.1f s"), usec / G_USEC_PER_SEC);
  if (usec >= G_USEC_PER_SEC)
    return g_strdup_printf (_("%.2f s"), usec / G_USEC_PER_SEC);
  if (usec >= 1000)
    return g_strdup_printf (_("%.2f ms"), usec / 1000);
  return g_strdup_printf (_("%.0f µs"), usec);
}
