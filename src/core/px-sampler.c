/* px-sampler.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Samples a run at its profile's interval on the main context: per worker
 * CPU (from nanosecond CPU clocks), RSS, tasks and state; per run queue
 * depth, in flight, done, failed and throughput; per host (launcher=ssh or
 * srun) throughput; and system per-core CPU. Everything goes into
 * fixed-capacity histories.
 */

#include "config.h"

#include <math.h>

#include "px-cpu-stats.h"
#include "px-hosts.h"
#include "px-gtop-source.h"
#include "px-sampler-private.h"

/* RSS comes from /proc through libgtop: read it at most this often. */
#define RSS_EVERY_US (500 * 1000)

enum {
  SAMPLE_ADDED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (PxSampler, px_sampler, G_TYPE_OBJECT)

static guint signals [N_SIGNALS];

const char *
px_series_name (PxSeries series)
{
  static const char * const names[] = {
    "queue-depth", "waiting", "in-flight", "done", "failed", "throughput", "server-queue"
  };

  g_return_val_if_fail ((guint)series < G_N_ELEMENTS (names), "?");
  return names[series];
}

const char *
px_worker_series_name (PxWorkerSeries series)
{
  static const char * const names[] = { "cpu-percent", "rss-bytes", "tasks-done", "state",
                                        "loop-lag-s", "loop-in-flight" };

  g_return_val_if_fail ((guint)series < G_N_ELEMENTS (names), "?");
  return names[series];
}

/* Whether @series is sampled only for some runs (empty for the others,
 * and absent from reports written before it was). */
gboolean
px_series_is_optional (PxSeries series)
{
  return series == PX_SERIES_SERVER_QUEUE;
}

gboolean
px_worker_series_is_optional (PxWorkerSeries series)
{
  return series == PX_WORKER_SERIES_LOOP_LAG || series == PX_WORKER_SERIES_LOOP_IN_FLIGHT;
}

static double
throughput (PxSampler *self,
            gint64     now,
            guint      done)
{
  guint oldest;

  /* Drop what fell out of the window, keeping one reading before it. */
  while (self->window_len > 1)
    {
      guint second = (self->window_head + self->window_cap - self->window_len + 1) % self->window_cap;
      if (now - self->window_t[second] < WINDOW_US)
        break;
      self->window_len--;
    }

  if (self->window_len == self->window_cap)
    self->window_len--;
  self->window_t[self->window_head] = now;
  self->window_done[self->window_head] = done;
  self->window_head = (self->window_head + 1) % self->window_cap;
  self->window_len++;

  oldest = (self->window_head + self->window_cap - self->window_len) % self->window_cap;
  if (self->window_len < 2 || now <= self->window_t[oldest])
    return NAN;
  return (double)(done - self->window_done[oldest]) /
         ((double)(now - self->window_t[oldest]) / G_USEC_PER_SEC);
}


/* The histories are full: merge their samples in pairs, so they go on
 * covering the whole run at half the resolution rather than drop its
 * start. Rates, levels and CPU shares average; counts and states keep
 * the later value. */
static void
halve_histories (PxSampler *self)
{
  static const gboolean series_keep_last[PX_N_SERIES] = {
    [PX_SERIES_DONE] = TRUE,
    [PX_SERIES_FAILED] = TRUE,
  };
  static const gboolean worker_keep_last[PX_N_WORKER_SERIES] = {
    [PX_WORKER_SERIES_RSS] = TRUE,
    [PX_WORKER_SERIES_TASKS] = TRUE,
    [PX_WORKER_SERIES_STATE] = TRUE,
    [PX_WORKER_SERIES_LOOP_IN_FLIGHT] = TRUE,
  };

  px_history_halve (self->time, TRUE);
  for (guint i = 0; i < PX_N_SERIES; i++)
    px_history_halve (self->series[i], series_keep_last[i]);
  for (guint i = 0; i < self->n_workers; i++)
    for (guint k = 0; k < PX_N_WORKER_SERIES; k++)
      px_history_halve (self->worker_series[i * PX_N_WORKER_SERIES + k], worker_keep_last[k]);
  for (guint i = 0; i < self->n_cores; i++)
    px_history_halve (self->core_series[i], FALSE);
  for (guint p = 0; self->places != NULL && p < self->places->len; p++)
    px_history_halve (((Place *)g_ptr_array_index (self->places, p))->throughput, FALSE);
  self->halvings++;
}

/**
 * px_sampler_sample:
 *
 * Takes one sample now and emits #PxSampler::sample-added.
 */
void
px_sampler_sample (PxSampler *self)
{
  gint64 now = g_get_monotonic_time ();
  gint64 start = px_run_get_start_time (self->run);
  gint64 end = px_run_get_end_time (self->run);
  gboolean cores_ok;
  PxRunCounters c;

  g_return_if_fail (PX_IS_SAMPLER (self));

  /* After the run ended, a last sample is taken at its end. */
  if (end != 0 && now > end)
    now = MAX (end, self->prev_wall_us + 1);

  px_run_get_counters (self->run, &c);
  self->snapshots_at = px_run_update_workers (self->run, self->snapshots, self->snapshots_at);
  if (px_history_get_length (self->time) == self->capacity)
    halve_histories (self);
  px_history_push (self->time, start ? (now - start) / (double)G_USEC_PER_SEC : 0);
  px_history_push (self->series[PX_SERIES_QUEUE], c.queued);
  px_history_push (self->series[PX_SERIES_WAITING], c.waiting);
  px_history_push (self->series[PX_SERIES_IN_FLIGHT], c.in_flight);
  px_history_push (self->series[PX_SERIES_DONE], c.done);
  px_history_push (self->series[PX_SERIES_FAILED], c.failed);
  px_history_push (self->series[PX_SERIES_THROUGHPUT], throughput (self, now, c.done));
  if (self->places != NULL)
    _px_sampler_sample_places (self, now);
  if (self->net)
    {
      PxNetStats net;

      px_history_push (self->series[PX_SERIES_SERVER_QUEUE],
                       px_run_get_net_stats (self->run, &net, NULL)
                       ? (double)net.backlog + net.queued : NAN);
    }

  /* Samples while the run went, for the Little's-law check: each
   * stands for the time since the one before (or since the start), so
   * that a sample a busy machine took late weighs the longer time it
   * closes, and the means are over the run's time. */
  if (start != 0 && end == 0)
    {
      double dt = (double)(now - MAX (self->prev_wall_us, start));

      if (dt > 0)
        {
          self->queue_sum += c.queued * dt;
          self->waiting_sum += c.waiting * dt;
          self->queue_us += dt;
        }
    }

  for (guint i = 0; i < self->n_workers; i++)
    {
      PxHistory **ws = &self->worker_series[i * PX_N_WORKER_SERIES];
      const PxWorkerSnapshot *s = &self->snapshots[i];
      double cpu = NAN;

      /* Over a sliver of time (the run's last sample, taken at its end,
       * can follow the one before by a microsecond) CPU time that was
       * only now accounted, as a job's own when it is reaped, would read
       * as thousands of per cent: no reading then. */
      if (self->n_samples > 0 && now - self->prev_wall_us >= (gint64)self->interval_ms * 250)
        cpu = px_cpu_percent (self->prev_cpu_ns[i], s->cpu_ns, self->prev_wall_us, now);
      /* A slot whose jobs run on another host: its CPU is added as each
       * job ends there, a whole job's at once, and is no reading of a
       * sample's time. */
      if (self->jobs_elsewhere &&
          (s->host >= 0 || px_run_get_spec (self->run)->launcher == PX_LAUNCHER_SRUN))
        cpu = NAN;
      self->prev_cpu_ns[i] = s->cpu_ns;

      /* A slot of jobs: its job's process tree, as read with its CPU. */
      if (self->jobs)
        self->rss_last[i] = s->job >= 0 && s->job_rss_bytes > 0 ? (double)s->job_rss_bytes : NAN;
      /* A worker process reads its own at each heartbeat: no file to
       * read here. */
      else if (self->processes && s->rss_bytes > 0)
        self->rss_last[i] = (double)s->rss_bytes;
      else if (self->processes && s->pid > 0 && !s->elsewhere &&
          (self->rss_at[i] == 0 || now - self->rss_at[i] >= RSS_EVERY_US))
        {
          self->rss_last[i] = (double)px_gtop_get_rss (s->pid);
          self->rss_at[i] = now;
        }

      px_history_push (ws[PX_WORKER_SERIES_CPU], cpu);
      px_history_push (ws[PX_WORKER_SERIES_RSS], self->rss_last[i]);
      px_history_push (ws[PX_WORKER_SERIES_TASKS], (double)s->tasks_done);
      px_history_push (ws[PX_WORKER_SERIES_STATE], s->state);
      if (self->loops)
        {
          PxLoopStats loop;
          gint64 lag = px_run_take_loop_lag (self->run, i, now);

          px_history_push (ws[PX_WORKER_SERIES_LOOP_LAG], lag >= 0 ? lag / 1e6 : NAN);
          px_history_push (ws[PX_WORKER_SERIES_LOOP_IN_FLIGHT],
                           px_run_get_loop_stats (self->run, i, &loop) ? loop.in_flight : NAN);
        }
    }

  cores_ok = px_gtop_read_cores (self->n_cores, self->busy, self->total);
  for (guint i = 0; i < self->n_cores; i++)
    {
      double pct = NAN;

      if (cores_ok && self->n_samples > 0)
        pct = px_core_percent (self->prev_busy[i], self->prev_total[i],
                               self->busy[i], self->total[i]);
      px_history_push (self->core_series[i], pct);
      self->prev_busy[i] = self->busy[i];
      self->prev_total[i] = self->total[i];
    }

  self->prev_wall_us = now;
  self->n_samples++;

  g_signal_emit (self, signals[SAMPLE_ADDED], 0);
}

static gboolean
sample_cb (gpointer data)
{
  px_sampler_sample (data);
  return G_SOURCE_CONTINUE;
}

static void
px_sampler_dispose (GObject *object)
{
  PxSampler *self = (PxSampler *)object;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_object (&self->run);

  G_OBJECT_CLASS (px_sampler_parent_class)->dispose (object);
}

static void
px_sampler_finalize (GObject *object)
{
  PxSampler *self = (PxSampler *)object;

  px_history_unref (self->time);
  for (guint i = 0; i < PX_N_SERIES; i++)
    px_history_unref (self->series[i]);
  for (guint i = 0; i < self->n_workers * PX_N_WORKER_SERIES; i++)
    px_history_unref (self->worker_series[i]);
  for (guint i = 0; i < self->n_cores; i++)
    px_history_unref (self->core_series[i]);
  g_free (self->worker_series);
  g_free (self->core_series);
  g_free (self->prev_cpu_ns);
  g_free (self->snapshots);
  g_free (self->rss_at);
  g_free (self->rss_last);
  g_free (self->prev_busy);
  g_free (self->prev_total);
  g_free (self->busy);
  g_free (self->total);
  g_free (self->window_t);
  g_free (self->window_done);
  g_clear_pointer (&self->places, g_ptr_array_unref);
  g_free (self->worker_place);
  g_free (self->place_pid);
  g_free (self->place_done);

  G_OBJECT_CLASS (px_sampler_parent_class)->finalize (object);
}

static void
px_sampler_class_init (PxSamplerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = px_sampler_dispose;
  object_class->finalize = px_sampler_finalize;

  /**
   * PxSampler::sample-added:
   *
   * Emitted on the main context after each sample.
   */
  signals[SAMPLE_ADDED] = g_signal_new ("sample-added",
                                        G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 0);
}

static void
px_sampler_init (PxSampler *self)
{
}

/**
 * px_sampler_new:
 * @run: the run to watch
 *
 * Creates a sampler with the run's interval and history length.
 */
static PxSampler *
sampler_new (PxRun *run,
             guint  interval_ms,
             guint  capacity,
             guint  n_cores)
{
  PxSampler *self = g_object_new (PX_TYPE_SAMPLER, NULL);
  const PxSpec *spec = px_run_get_spec (run);

  self->run = g_object_ref (run);
  self->interval_ms = MAX (interval_ms, 1);
  self->capacity = capacity;
  self->n_workers = px_run_get_n_workers (run);
  self->n_cores = n_cores;

  self->time = px_history_new (self->capacity);
  for (guint i = 0; i < PX_N_SERIES; i++)
    self->series[i] = px_history_new (self->capacity);
  self->worker_series = g_new (PxHistory *, self->n_workers * PX_N_WORKER_SERIES);
  for (guint i = 0; i < self->n_workers * PX_N_WORKER_SERIES; i++)
    self->worker_series[i] = px_history_new (self->capacity);
  self->core_series = g_new (PxHistory *, self->n_cores);
  for (guint i = 0; i < self->n_cores; i++)
    self->core_series[i] = px_history_new (self->capacity);

  self->processes = spec->executor == PX_EXECUTOR_PROCESSES;
  self->loops = spec->executor == PX_EXECUTOR_EVENT_LOOP;
  self->net = spec->kind == PX_KIND_NET;
  self->jobs = px_run_get_job_records (run, NULL) != NULL;
  self->jobs_elsewhere = self->jobs && px_run_get_spec (run)->launcher != PX_LAUNCHER_LOCAL;
  self->prev_cpu_ns = g_new0 (guint64, self->n_workers);
  self->snapshots = g_new0 (PxWorkerSnapshot, self->n_workers);
  self->rss_at = g_new0 (gint64, self->n_workers);
  self->rss_last = g_new (double, self->n_workers);
  for (guint i = 0; i < self->n_workers; i++)
    self->rss_last[i] = NAN;
  self->prev_busy = g_new0 (guint64, self->n_cores);
  self->prev_total = g_new0 (guint64, self->n_cores);
  self->busy = g_new0 (guint64, self->n_cores);
  self->total = g_new0 (guint64, self->n_cores);

  self->window_cap = WINDOW_US / (self->interval_ms * 1000) + 3;
  self->window_t = g_new0 (gint64, self->window_cap);
  self->window_done = g_new0 (guint, self->window_cap);

  return self;
}

PxSampler *
px_sampler_new (PxRun *run)
{
  const PxSpec *spec = px_run_get_spec (run);
  PxSampler *self = sampler_new (run, spec->interval_ms, spec->history,
                                 px_gtop_get_n_cores ());

  if (spec->launcher != PX_LAUNCHER_LOCAL)
    _px_sampler_init_places (self);
  return self;
}

/**
 * px_sampler_new_loaded:
 * @run: a run read back from a report
 * @n_samples: how many samples the report holds
 *
 * A sampler that never samples: the reader pushes the report's series
 * into its histories, then calls px_sampler_loaded().
 */
PxSampler *
px_sampler_new_loaded (PxRun *run,
                       guint  interval_ms,
                       guint  halvings,
                       guint  n_cores,
                       guint  n_samples)
{
  PxSampler *self = sampler_new (run, interval_ms,
                                 MAX (px_run_get_spec (run)->history, MAX (n_samples, 2)),
                                 n_cores);

  self->halvings = halvings;
  return self;
}

/* Ends the loading of a sampler: @mean_queue and @mean_waiting are
 * the means the report gives (NAN: none), as the live sampler took
 * them, over more samples than the histories may keep. */
void
px_sampler_loaded (PxSampler *self,
                   double     mean_queue,
                   double     mean_waiting)
{
  g_return_if_fail (PX_IS_SAMPLER (self));

  self->n_samples = px_history_get_length (self->time);
  if (px_run_get_spec (self->run)->launcher != PX_LAUNCHER_LOCAL)
    _px_sampler_load_places (self);
  self->queue_us = isfinite (mean_queue) && isfinite (mean_waiting) ? 1 : 0;
  self->queue_sum = self->queue_us > 0 ? mean_queue : 0;
  self->waiting_sum = self->queue_us > 0 ? mean_waiting : 0;
}

void
px_sampler_start (PxSampler *self)
{
  g_return_if_fail (PX_IS_SAMPLER (self));
  g_return_if_fail (self->timeout_id == 0);

  px_sampler_sample (self);
  self->timeout_id = g_timeout_add (self->interval_ms, sample_cb, self);
}

/* Stops the timer and takes the last sample, at the end of the run. */
void
px_sampler_stop (PxSampler *self)
{
  g_return_if_fail (PX_IS_SAMPLER (self));

  if (self->timeout_id == 0)
    return;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  px_sampler_sample (self);
}

/* How many times the histories were merged in pairs to keep the whole
 * run: the older samples are 2^n intervals apart at most. */
guint
px_sampler_get_halvings (PxSampler *self)
{
  g_return_val_if_fail (PX_IS_SAMPLER (self), 0);

  return self->halvings;
}

guint
px_sampler_get_interval (PxSampler *self)
{
  return self->interval_ms;
}

guint64
px_sampler_get_n_samples (PxSampler *self)
{
  return self->n_samples;
}

guint
px_sampler_get_n_workers (PxSampler *self)
{
  return self->n_workers;
}

guint
px_sampler_get_n_cores (PxSampler *self)
{
  return self->n_cores;
}

PxHistory *
px_sampler_get_time (PxSampler *self)
{
  return self->time;
}

PxHistory *
px_sampler_get_series (PxSampler *self,
                       PxSeries   series)
{
  g_return_val_if_fail ((guint)series < PX_N_SERIES, NULL);

  return self->series[series];
}

PxHistory *
px_sampler_get_worker_series (PxSampler      *self,
                              guint           worker,
                              PxWorkerSeries  series)
{
  g_return_val_if_fail (worker < self->n_workers, NULL);
  g_return_val_if_fail ((guint)series < PX_N_WORKER_SERIES, NULL);

  return self->worker_series[worker * PX_N_WORKER_SERIES + series];
}

PxHistory *
px_sampler_get_core_series (PxSampler *self,
                            guint      core)
{
  g_return_val_if_fail (core < self->n_cores, NULL);

  return self->core_series[core];
}

/* Mean number of tasks enqueued and not started over the run's time,
 * as the samples taken while it went saw it: by Little's law, throughput
 * × mean queue wait. */
double
px_sampler_get_mean_waiting (PxSampler *self)
{
  return self->queue_us > 0 ? self->waiting_sum / self->queue_us : NAN;
}

/* Mean queue depth over the run's time, as its samples saw it. */
double
px_sampler_get_mean_queue (PxSampler *self)
{
  return self->queue_us > 0 ? self->queue_sum / self->queue_us : NAN;
}

/* launcher=ssh or srun: the hosts the run's workers ran on so far (under
 * ssh, every host of its list, in order; under srun, each node as its
 * first step said it), each with its throughput; none for a run on this
 * machine alone, or one read back from a report. */
guint
px_sampler_get_n_places (PxSampler *self)
{
  g_return_val_if_fail (PX_IS_SAMPLER (self), 0);

  return self->places != NULL ? self->places->len : 0;
}

/* Returns: (nullable): the host's name; NULL for this machine. */
const char *
px_sampler_get_place_name (PxSampler *self,
                           guint      place)
{
  g_return_val_if_fail (place < px_sampler_get_n_places (self), NULL);

  return ((Place *)g_ptr_array_index (self->places, place))->name;
}

PxHistory *
px_sampler_get_place_throughput (PxSampler *self,
                                 guint      place)
{
  g_return_val_if_fail (place < px_sampler_get_n_places (self), NULL);

  return ((Place *)g_ptr_array_index (self->places, place))->throughput;
}

/* The host worker @worker ran on at the last sample, or G_MAXUINT if
 * not known (no host list, or a step that has not said its node). */
guint
px_sampler_get_worker_place (PxSampler *self,
                             guint      worker)
{
  g_return_val_if_fail (PX_IS_SAMPLER (self), G_MAXUINT);
  g_return_val_if_fail (worker < self->n_workers, G_MAXUINT);

  return self->worker_place != NULL ? self->worker_place[worker] : G_MAXUINT;
}
