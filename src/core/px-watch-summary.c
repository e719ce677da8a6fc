/* px-watch-summary.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A watch in figures: the cores it used against the threads that wanted
 * a CPU, where its threads' time went by the kernel's own accounting,
 * its memory and IO, and its tasks when its output counted them. The
 * table of figures is what the summary, the reports and the window's
 * comparison of two watches list.
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "px-watch-summary.h"

/**
 * px_watch_series_mean_peak:
 *
 * The mean and the largest of @history's values, NAN ones left out;
 * FALSE (and both NAN) if it has none.
 */
gboolean
px_watch_series_mean_peak (PxHistory *history,
                           double    *mean,
                           double    *peak)
{
  double sum = 0;
  guint n = 0;

  *peak = NAN;
  for (guint i = 0; i < px_history_get_length (history); i++)
    {
      double v = px_history_get (history, i);

      if (isnan (v))
        continue;
      sum += v;
      n++;
      *peak = isnan (*peak) ? v : MAX (*peak, v);
    }
  *mean = n > 0 ? sum / n : NAN;
  return n > 0;
}

void
px_watch_summary_compute (PxWatch        *watch,
                          PxWatchSummary *s)
{
  PxHistory *time = px_watch_get_time (watch);
  guint n = px_history_get_length (time);
  guint64 switches = 0;
  guint64 done = 0;

  *s = (PxWatchSummary) { 0 };
  s->samples = n;
  s->seconds = n > 0 ? px_history_get_last (time) : 0;
  px_watch_series_mean_peak (px_watch_get_series (watch, PX_WATCH_PARALLELISM), &s->cores_mean,
                             &s->cores_peak);
  px_watch_series_mean_peak (px_watch_get_series (watch, PX_WATCH_WANTING), &s->wanting_mean,
                             &s->wanting_peak);
  {
    double mean;

    px_watch_series_mean_peak (px_watch_get_series (watch, PX_WATCH_THREADS), &mean,
                               &s->threads_peak);
  }
  s->threads_seen = px_watch_get_n_threads (watch);
  for (guint i = 0; i < s->threads_seen; i++)
    {
      const PxWatchThread *t = px_watch_get_thread (watch, i);

      s->cpu_s += (double)(t->cpu_ns - t->cpu_ns_first) / 1e9;
      s->run_queue_s += (double)(t->wait_ns - t->wait_ns_first) / 1e9;
      switches += t->switches - t->switches_first;
    }
  s->switches_per_s = s->seconds > 0 ? switches / s->seconds : NAN;
  if (!px_watch_get_exit_cpu (watch, &s->exit_cpu_s))
    s->exit_cpu_s = NAN;

  s->processes_seen = px_watch_get_n_processes (watch);
  s->rss_peak = 0;
  for (guint k = 0; k < n; k++)
    {
      double sum = 0;

      for (guint i = 0; i < s->processes_seen; i++)
        {
          double v = px_history_get (px_watch_get_process (watch, i)->series[PX_WATCH_PROCESS_RSS],
                                     k);

          if (!isnan (v))
            sum += v;
        }
      s->rss_peak = MAX (s->rss_peak, sum);
    }
  s->read_bytes = s->write_bytes = NAN;
  for (guint i = 0; i < s->processes_seen; i++)
    {
      const PxWatchProcess *p = px_watch_get_process (watch, i);

      if (!p->io_readable)
        continue;
      s->read_bytes = (isnan (s->read_bytes) ? 0 : s->read_bytes) +
                      (double)(p->read_bytes - MIN (p->read_bytes, p->read_bytes_first));
      s->write_bytes = (isnan (s->write_bytes) ? 0 : s->write_bytes) +
                       (double)(p->write_bytes - MIN (p->write_bytes, p->write_bytes_first));
    }

  s->has_progress = px_watch_get_progress (watch, &done, NULL, NULL);
  s->tasks_done = s->has_progress ? (double)done : NAN;
  s->tasks_per_s = s->has_progress && s->seconds > 0 ? done / s->seconds : NAN;
}

static double watched_us (const PxWatchSummary *s) { return s->seconds * 1e6; }
static double cores_mean (const PxWatchSummary *s) { return s->cores_mean; }
static double cores_peak (const PxWatchSummary *s) { return s->cores_peak; }
static double wanting_mean (const PxWatchSummary *s) { return s->wanting_mean; }
static double cpu_s (const PxWatchSummary *s) { return s->cpu_s; }
static double run_queue_s (const PxWatchSummary *s) { return s->run_queue_s; }
static double exit_cpu_s (const PxWatchSummary *s) { return s->exit_cpu_s; }
static double switches_per_s (const PxWatchSummary *s) { return s->switches_per_s; }
static double threads_peak (const PxWatchSummary *s) { return s->threads_peak; }
static double threads_seen (const PxWatchSummary *s) { return s->threads_seen; }
static double processes_seen (const PxWatchSummary *s) { return s->processes_seen; }
static double rss_peak (const PxWatchSummary *s) { return s->rss_peak; }
static double read_bytes (const PxWatchSummary *s) { return s->read_bytes; }
static double write_bytes (const PxWatchSummary *s) { return s->write_bytes; }
static double tasks_done (const PxWatchSummary *s) { return s->tasks_done; }
static double tasks_per_s (const PxWatchSummary *s) { return s->tasks_per_s; }

static const PxWatchFigure figures[] = {
  { "watched-time", N_("Watched for"), N_("How long the program was watched"),
    PX_FIGURE_DURATION, -1, watched_us },
  { "cores-used", N_("Cores used"),
    N_("Its threads' CPU time a second, on average: how many cores it kept busy"),
    PX_FIGURE_CORES, 1, cores_mean },
  { "cores-used-peak", N_("Cores used at most"), N_("The most cores it used in one sample"),
    PX_FIGURE_CORES, 1, cores_peak },
  { "wanting-cpu", N_("Threads wanting a CPU"),
    N_("Threads running or waiting in a run queue, on average: more than the cores used means "
       "its threads wait for a CPU; about one core used with many threads that do not want a "
       "CPU means they wait on each other (a lock, the GIL)"),
    PX_FIGURE_THREADS, 0, wanting_mean },
  { "cpu-seconds", N_("CPU time"), N_("What the kernel accounted to its threads while watched"),
    PX_FIGURE_CPU_SECONDS, 0, cpu_s },
  { "exit-cpu-seconds", N_("CPU time, its own account"),
    N_("What the kernel accounted to the launched program and the children it waited for, "
       "read when it ended (rusage): it also holds what threads that ended between two "
       "samples did since their last one"),
    PX_FIGURE_CPU_SECONDS, 0, exit_cpu_s },
  { "run-queue-seconds", N_("Waiting for a CPU"),
    N_("Time its threads were ready to run but waited in a run queue (schedstat)"),
    PX_FIGURE_CPU_SECONDS, -1, run_queue_s },
  { "switches-per-s", N_("Context switches"), N_("Times its threads were switched in, a second"),
    PX_FIGURE_PER_SECOND, 0, switches_per_s },
  { "threads-peak", N_("Threads at once"), N_("The most threads alive at one sample"),
    PX_FIGURE_COUNT, 0, threads_peak },
  { "threads-seen", N_("Threads seen"), N_("Every thread seen while watched, ended ones included"),
    PX_FIGURE_COUNT, 0, threads_seen },
  { "processes-seen", N_("Processes seen"), N_("The program and the children it started"),
    PX_FIGURE_COUNT, 0, processes_seen },
  { "rss-peak", N_("Memory at most"),
    N_("The largest resident memory of its processes together at one sample"),
    PX_FIGURE_BYTES, -1, rss_peak },
  { "read-bytes", N_("Read from storage"), N_("Bytes its processes read from storage (/proc/PID/io)"),
    PX_FIGURE_BYTES, 0, read_bytes },
  { "write-bytes", N_("Written to storage"),
    N_("Bytes its processes wrote to storage (/proc/PID/io)"), PX_FIGURE_BYTES, 0, write_bytes },
  { "tasks-done", N_("Tasks done"), N_("Lines of its output that matched --progress"),
    PX_FIGURE_COUNT, 1, tasks_done },
  { "tasks-per-s", N_("Tasks a second"), N_("Tasks done over the time watched"),
    PX_FIGURE_RATE, 1, tasks_per_s },
};

const PxWatchFigure *
px_watch_summary_get_figures (guint *n_figures)
{
  *n_figures = G_N_ELEMENTS (figures);
  return figures;
}
