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

#include "px-run-private.h"
#include "px-summary.h"

static inline guint64
next_random (guint64 *state)
{
  *state ^= *state << 13;
  *state ^= *state >> 7;
  *state ^= *state << 17;
  return *state;
}

/* Puts the value of rank @k (from 0) of @v[0..@n) in its place, the
 * smaller ones before it and the larger after (Hoare's selection, in
 * linear time on average). Three-way partitions keep it linear when many
 * values are equal, as the durations of empty tasks are. */
static void
select_rank (double *v,
             gsize   n,
             gsize   k)
{
  gsize lo = 0, hi = n;
  guint64 state = 0x9e3779b97f4a7c15ull;

  while (hi - lo > 1)
    {
      double a, b, c;
      double pivot;
      gsize lt, i, gt;

      /* The median of three taken at random places (xorshift): no order
       * of the input, sorted, reversed or in runs, makes it quadratic, as
       * fixed places can. */
      a = v[lo + next_random (&state) % (hi - lo)];
      b = v[lo + next_random (&state) % (hi - lo)];
      c = v[lo + next_random (&state) % (hi - lo)];
      pivot = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
      lt = i = lo;
      gt = hi;

      /* [lo, lt) < pivot, [lt, i) == pivot, [gt, hi) > pivot. */
      while (i < gt)
        {
          double x = v[i];

          if (x < pivot)
            {
              v[i++] = v[lt];
              v[lt++] = x;
            }
          else if (x > pivot)
            {
              v[i] = v[--gt];
              v[gt] = x;
            }
          else
            i++;
        }
      if (k < lt)
        hi = lt;
      else if (k >= gt)
        lo = gt;
      else
        return;
    }
}

/* select_rank () on task times in whole microseconds, 32 bits each: a
 * million take 4 MB, not 8, beside the records they come from. */
static void
select_rank_us (guint32 *v,
                gsize    n,
                gsize    k)
{
  gsize lo = 0, hi = n;
  guint64 state = 0x9e3779b97f4a7c15ull;

  while (hi - lo > 1)
    {
      guint32 a, b, c, pivot;
      gsize lt, i, gt;

      a = v[lo + next_random (&state) % (hi - lo)];
      b = v[lo + next_random (&state) % (hi - lo)];
      c = v[lo + next_random (&state) % (hi - lo)];
      pivot = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
      lt = i = lo;
      gt = hi;
      while (i < gt)
        {
          guint32 x = v[i];

          if (x < pivot)
            {
              v[i++] = v[lt];
              v[lt++] = x;
            }
          else if (x > pivot)
            {
              v[i] = v[--gt];
              v[gt] = x;
            }
          else
            i++;
        }
      if (k < lt)
        hi = lt;
      else if (k >= gt)
        lo = gt;
      else
        return;
    }
}

/* Nearest-rank percentile, its rank from 0. */
static gsize
percentile_rank (gsize  n,
                 double p)
{
  gsize rank = (gsize)ceil (p / 100.0 * n);

  return CLAMP (rank, 1, n) - 1;
}

/* The POP centre's efficiencies, exact here since each worker accounts
 * for its time: load balance is the workers' mean work over the most
 * any did; communication efficiency, the most work over the wall time;
 * transfer efficiency, what the workers' mean IPC leaves of the wall
 * time; serialisation efficiency, the rest of communication efficiency
 * (waits on locks, on the queue, on other workers). */
static void
compute_efficiency (PxSummary *summary,
                    gint64     most_work)
{
  double wall = summary->wall_us;
  double mean_work, mean_ipc;

  summary->parallel_efficiency = summary->load_balance = NAN;
  summary->communication_efficiency = NAN;
  summary->serialisation_efficiency = summary->transfer_efficiency = NAN;
  if (summary->n_workers == 0 || wall <= 0 || most_work <= 0)
    return;
  mean_work = (double)summary->work_us / summary->n_workers;
  mean_ipc = (double)summary->ipc_us / summary->n_workers;
  summary->parallel_efficiency = MIN (mean_work / wall, 1.0);
  summary->load_balance = mean_work / most_work;
  summary->communication_efficiency = MIN (most_work / wall, 1.0);
  summary->transfer_efficiency = CLAMP (1 - mean_ipc / wall, 0.0, 1.0);
  summary->serialisation_efficiency = summary->transfer_efficiency > 0
    ? MIN (summary->communication_efficiency / summary->transfer_efficiency, 1.0) : NAN;
}

/**
 * px_stats_compute:
 * @values: (inout): the values; in another order on return
 * @n: how many
 * @stats: (out): mean, standard deviation, extremes and percentiles
 *
 * In linear time: the percentiles are found by selection, each within
 * the part the one above it left below itself, not by sorting.
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

  stats->min = stats->max = values[0];
  for (guint i = 0; i < n; i++)
    {
      sum += values[i];
      stats->min = MIN (stats->min, values[i]);
      stats->max = MAX (stats->max, values[i]);
    }
  stats->mean = sum / n;
  for (guint i = 0; i < n; i++)
    sq += (values[i] - stats->mean) * (values[i] - stats->mean);
  stats->stddev = n > 1 ? sqrt (sq / (n - 1)) : 0;

  {
    gsize r99 = percentile_rank (n, 99), r95 = percentile_rank (n, 95);
    gsize r50 = percentile_rank (n, 50);

    select_rank (values, n, r99);
    stats->p99 = values[r99];
    select_rank (values, r99 + 1, r95);
    stats->p95 = values[r95];
    select_rank (values, r95 + 1, r50);
    stats->p50 = values[r50];
  }
}

/* px_stats_compute () of task times in whole microseconds, 32 bits
 * each; the same figures. */
static void
stats_compute_us (guint32 *values,
                  guint    n,
                  PxStats *stats)
{
  double sum = 0, sq = 0;
  gsize r99, r95, r50;

  memset (stats, 0, sizeof *stats);
  stats->n = n;
  if (n == 0)
    return;

  stats->min = stats->max = values[0];
  for (guint i = 0; i < n; i++)
    {
      sum += values[i];
      stats->min = MIN (stats->min, values[i]);
      stats->max = MAX (stats->max, values[i]);
    }
  stats->mean = sum / n;
  for (guint i = 0; i < n; i++)
    sq += (values[i] - stats->mean) * (values[i] - stats->mean);
  stats->stddev = n > 1 ? sqrt (sq / (n - 1)) : 0;

  r99 = percentile_rank (n, 99);
  r95 = percentile_rank (n, 95);
  r50 = percentile_rank (n, 50);
  select_rank_us (values, n, r99);
  stats->p99 = values[r99];
  select_rank_us (values, r99 + 1, r95);
  stats->p95 = values[r95];
  select_rank_us (values, r95 + 1, r50);
  stats->p50 = values[r50];
}

/* A done task's run time, or its wait in the queue (@wait), in µs. */
static gint64
task_us (const PxTaskRecord *r,
         gboolean            wait)
{
  return wait ? MAX (r->start_us - r->enqueue_us, 0) : r->end_us - r->start_us;
}

/* The statistics of the done tasks' run times, or of their waits in the
 * queue (@wait), in @us32 while every one fits 32 bits (tasks and waits
 * under 71 minutes), else in @us64; each holds a value a record. */
static void
task_stats (const PxTaskRecord *records,
            guint               n_records,
            gboolean            wait,
            guint32            *us32,
            double            **us64,
            PxStats            *stats)
{
  guint n = 0, i;

  /* In one pass: a run still going may have a task end between two. */
  for (i = 0; i < n_records; i++)
    if (records[i].status == PX_TASK_DONE)
      {
        gint64 us = task_us (&records[i], wait);

        if (us < 0 || us > G_MAXUINT32)
          break;
        us32[n++] = (guint32)us;
      }
  if (i == n_records)
    {
      stats_compute_us (us32, n, stats);
      return;
    }

  n = 0;
  if (*us64 == NULL)
    *us64 = g_new (double, n_records);
  for (i = 0; i < n_records; i++)
    if (records[i].status == PX_TASK_DONE)
      (*us64)[n++] = (double)task_us (&records[i], wait);
  px_stats_compute (*us64, n, stats);
}

void
px_summary_compute (PxRun     *run,
                    PxSummary *summary)
{
  PxRunCounters counters;
  const PxTaskRecord *records;
  gint64 most_work = 0;
  g_autofree guint32 *us32 = NULL;
  g_autofree double *us64 = NULL;
  guint n_records;
  guint64 cpu_ns = 0;

  /* An ended run's figures never change: worked out once, for the
   * summary, the report and the kept run alike. */
  if (run->summary != NULL)
    {
      *summary = *(const PxSummary *)run->summary;
      return;
    }

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

  /* One array for both, in turn: a million tasks take 4 MB, not 16 (and
   * 8 MB more should a time not fit 32 bits). */
  us32 = g_new (guint32, MAX (n_records, 1));
  task_stats (records, n_records, FALSE, us32, &us64, &summary->run_us);
  task_stats (records, n_records, TRUE, us32, &us64, &summary->wait_us);

  for (guint i = 0; i < px_run_get_n_workers (run); i++)
    {
      PxWorkerSnapshot w;
      gint64 work;

      px_run_get_worker (run, i, &w);
      cpu_ns += w.cpu_ns;
      summary->lock_wait_us += MAX (w.time_us[PX_WORKER_LOCK_WAIT], 0);
      summary->io_wait_us += MAX (w.time_us[PX_WORKER_IO_WAIT], 0);
      summary->ipc_us += MAX (w.time_us[PX_WORKER_IPC], 0);
      summary->signal_wait_us += MAX (w.time_us[PX_WORKER_SIGNAL_WAIT], 0);
      summary->idle_us += MAX (w.time_us[PX_WORKER_IDLE], 0);
      /* A task's own IO is its work, as computing is. */
      work = MAX (w.time_us[PX_WORKER_COMPUTING], 0) + MAX (w.time_us[PX_WORKER_IO_WAIT], 0);
      summary->work_us += work;
      most_work = MAX (most_work, work);
    }
  summary->n_workers = px_run_get_n_workers (run);
  summary->cpu_s = cpu_ns / 1e9;
  summary->parallelism = counters.elapsed_us > 0
                         ? summary->cpu_s / ((double)counters.elapsed_us / G_USEC_PER_SEC) : 0;
  compute_efficiency (summary, most_work);

  if (px_run_get_state (run) != PX_RUN_READY && px_run_get_state (run) != PX_RUN_RUNNING)
    run->summary = g_memdup2 (summary, sizeof *summary);
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
static double f_signal_wait (const PxSummary *s) { return s->signal_wait_us; }
static double f_parallelism (const PxSummary *s) { return s->parallelism; }
static double f_cpu (const PxSummary *s) { return s->cpu_s; }
static double f_parallel_eff (const PxSummary *s) { return s->parallel_efficiency; }
static double f_load_balance (const PxSummary *s) { return s->load_balance; }
static double f_comm_eff (const PxSummary *s) { return s->communication_efficiency; }
static double f_serial_eff (const PxSummary *s) { return s->serialisation_efficiency; }
static double f_transfer_eff (const PxSummary *s) { return s->transfer_efficiency; }
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
  { "signal-wait", N_("Signal wait"),
    N_("Time the workers spent waiting for another worker's signal (an event set, an item "
       "notified), all together"),
    PX_FIGURE_DURATION, FALSE, f_signal_wait },
  { "ipc-time", N_("IPC time"),
    N_("Time spent passing tasks and results to and from worker processes, all together"),
    PX_FIGURE_DURATION, FALSE, f_ipc },
  { "parallel-efficiency", N_("Parallel efficiency"),
    N_("The workers' time spent on their tasks' work (computing, and their own IO) over all "
       "their time: load balance × communication efficiency"),
    PX_FIGURE_FRACTION, TRUE, f_parallel_eff },
  { "load-balance", N_("Load balance"),
    N_("The workers' mean work over the most any worker did: 100 % when all did alike"),
    PX_FIGURE_FRACTION, TRUE, f_load_balance },
  { "communication-efficiency", N_("Communication efficiency"),
    N_("The most work any worker did over the wall time: what waits on locks, the queue and "
       "IPC leave; serialisation × transfer efficiency"),
    PX_FIGURE_FRACTION, TRUE, f_comm_eff },
  { "serialisation-efficiency", N_("Serialisation efficiency"),
    N_("What waiting on locks, on the queue and on other workers leaves of the time"),
    PX_FIGURE_FRACTION, TRUE, f_serial_eff },
  { "transfer-efficiency", N_("Transfer efficiency"),
    N_("What passing tasks and results to and from worker processes leaves of the time"),
    PX_FIGURE_FRACTION, TRUE, f_transfer_eff },
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
    case PX_FIGURE_FRACTION:
      return isnan (value) ? g_strdup ("–") : g_strdup_printf ("%.0f %%", 100 * value);
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

/* Time left, as an estimate is worth saying: no hundredths of a
 * millisecond. */
char *
px_format_estimate (double usec)
{
  double s = usec / G_USEC_PER_SEC;

  if (s < 1)
    return g_strdup (_("less than a second"));
  if (s < 60)
    return g_strdup_printf (ngettext ("%.0f second", "%.0f seconds", (gulong)round (s)), s);
  if (s < 3600)
    return g_strdup_printf (ngettext ("%.0f minute", "%.0f minutes", (gulong)round (s / 60)),
                            s / 60);
  return g_strdup_printf (_("%.1f hours"), s / 3600);
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

/**
 * px_run_dup_loop_reading:
 *
 * For a run on event loops, their lag and slow callbacks in a line:
 * "Event loops: lag at most 51 ms (mean 12 ms); 4 slow callbacks over
 * 20 ms"; NULL for other runs.
 */
char *
px_run_dup_loop_reading (PxRun *run)
{
  const PxSpec *spec = px_run_get_spec (run);
  gint64 most = 0, sum = 0;
  guint64 probes = 0;
  guint slow = 0;
  g_autofree char *max = NULL;
  g_autofree char *mean = NULL;
  g_autofree char *limit = NULL;

  for (guint i = 0; i < spec->workers; i++)
    {
      PxLoopStats stats;

      if (!px_run_get_loop_stats (run, i, &stats))
        return NULL;
      most = MAX (most, stats.lag_max_us);
      sum += stats.lag_sum_us;
      probes += stats.probes;
      slow += stats.slow_callbacks;
    }
  max = px_format_duration (most);
  mean = px_format_duration (probes > 0 ? (double)sum / probes : 0);
  limit = px_format_duration (spec->slow_callback_ms * 1000);
  /* Translators: how late an event loop's timers ran (its lag), and how
   * many tasks held it longer than slow-callback-ms */
  return g_strdup_printf (ngettext ("Event loops: lag at most %s (mean %s); %u slow callback "
                                    "over %s",
                                    "Event loops: lag at most %s (mean %s); %u slow callbacks "
                                    "over %s", slow), max, mean, slow, limit);
}

/**
 * px_run_dup_signal_reading:
 *
 * For a run of kind=event or kind=condition, what the signals did in a
 * line: "Event: set 40 times; waiters blocked 110 times", or "Condition:
 * 100 items produced, 100 notify_all; 290 wakeups, 190 of them futile
 * (no item left)"; NULL for other runs.
 */
#define COUNT(v) ((guint)MIN ((v), G_MAXUINT))

char *
px_run_dup_signal_reading (PxRun *run)
{
  const PxSpec *spec = px_run_get_spec (run);
  PxSignalStats s;

  px_run_get_signal_stats (run, &s);
  if (spec->kind == PX_KIND_EVENT)
    /* Translators: what kind=event did: how often worker 0 set the
     * event, and how often a waiting worker found it not set and
     * blocked */
    return g_strdup_printf (_("Event: set %u times; waiters blocked %u times"),
                            COUNT (s.event_sets), COUNT (s.event_waits));
  if (spec->kind == PX_KIND_CONDITION)
    {
      const char *how = spec->notify_all ? "notify_all" : "notify";

      /* Translators: what kind=condition did: items worker 0 produced,
       * each with a notify or notify_all (%s, not translated), waiters
       * woken, and those that found no item left and waited again */
      return g_strdup_printf (_("Condition: %u items produced, each with %s; %u wakeups, %u of "
                                "them futile (no item left)"), COUNT (s.items), how,
                              COUNT (s.wakeups), COUNT (s.futile_wakeups));
    }
  return NULL;
}

/**
 * px_summary_dup_efficiency_reading:
 *
 * Returns: (transfer full) (nullable): the parallel efficiency in a
 *   line, with where most of the rest went: "Parallel efficiency 62 %:
 *   31 % of worker time lost to lock waits"; NULL when no worker worked
 */
char *
px_summary_dup_efficiency_reading (const PxSummary *summary)
{
  double total = (double)summary->n_workers * summary->wall_us;
  double pe = summary->parallel_efficiency;
  double lock, ipc, idle, signal;

  if (isnan (pe) || total <= 0)
    return NULL;
  if (pe >= 0.9)
    return g_strdup_printf (_("Parallel efficiency %.0f %%: the workers spent nearly all their "
                              "time on their tasks"), 100 * pe);
  lock = summary->lock_wait_us / total;
  ipc = summary->ipc_us / total;
  idle = summary->idle_us / total;
  signal = summary->signal_wait_us / total;
  if (signal >= lock && signal >= ipc && signal >= idle)
    return g_strdup_printf (_("Parallel efficiency %.0f %%: %.0f %% of worker time lost waiting "
                              "for another worker's signal"), 100 * pe, 100 * signal);
  if (lock >= ipc && lock >= idle)
    return g_strdup_printf (_("Parallel efficiency %.0f %%: %.0f %% of worker time lost to "
                              "lock waits"), 100 * pe, 100 * lock);
  if (ipc >= idle)
    return g_strdup_printf (_("Parallel efficiency %.0f %%: %.0f %% of worker time lost to "
                              "passing tasks and results (IPC)"), 100 * pe, 100 * ipc);
  return g_strdup_printf (_("Parallel efficiency %.0f %%: %.0f %% of worker time idle, with no "
                            "task to take (load balance %.0f %%)"), 100 * pe, 100 * idle,
                          100 * summary->load_balance);
}
