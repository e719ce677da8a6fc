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
    }
  summary->cpu_s = cpu_ns / 1e9;
  summary->parallelism = counters.elapsed_us > 0
                         ? summary->cpu_s / ((double)counters.elapsed_us / G_USEC_PER_SEC) : 0;
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
