/* px-session.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One press of Run, or one `parallax run`: the warm-up runs, the measured
 * repetitions and their statistics. The window and the command line both
 * drive a session; each run of it is a PxRun sampled by a PxSampler, and
 * the session says when one starts and ends.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "px-session.h"

struct _PxSession
{
  GObject        parent_instance;

  PxSpec         spec;
  char          *worker_path;

  GTask         *task;
  PxRun         *run;
  PxSampler     *sampler;
  guint          index;
  gboolean       stopping;
  gboolean       all_done;
  gboolean       ended;
  PxRepetitions  reps;
};

enum {
  RUN_STARTED,
  RUN_ENDED,
  FINISHED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (PxSession, px_session, G_TYPE_OBJECT)

static guint signals [N_SIGNALS];

static void start_run (PxSession *self);

static gboolean
is_outlier (const double *v,
            guint         n,
            guint         i,
            double        median)
{
  g_autofree double *dev = g_new (double, n);
  PxStats st;

  /* Modified z-score over the median absolute deviation (Iglewicz and
   * Hoaglin): robust with few repetitions. */
  for (guint k = 0; k < n; k++)
    dev[k] = fabs (v[k] - median);
  px_stats_compute (dev, n, &st);
  if (st.p50 <= 0)
    return FALSE;
  return 0.6745 * fabs (v[i] - median) / st.p50 > 3.5;
}

/* Computes the statistics and flags outliers once every run is in. */
void
px_repetitions_finish (PxRepetitions *reps)
{
  g_autofree double *tmp = g_new (double, MAX (reps->n, 1));

  memcpy (tmp, reps->wall_s, reps->n * sizeof (double));
  px_stats_compute (tmp, reps->n, &reps->wall_stats);
  memcpy (tmp, reps->throughput, reps->n * sizeof (double));
  px_stats_compute (tmp, reps->n, &reps->throughput_stats);
  memcpy (tmp, reps->p50_ms, reps->n * sizeof (double));
  px_stats_compute (tmp, reps->n, &reps->p50_stats);

  g_free (reps->outlier);
  reps->outlier = g_new0 (gboolean, MAX (reps->n, 1));
  for (guint i = 0; i < reps->n && reps->n >= 3; i++)
    reps->outlier[i] = is_outlier (reps->wall_s, reps->n, i, reps->wall_stats.p50);
}

void
px_repetitions_copy (PxRepetitions       *dest,
                     const PxRepetitions *src)
{
  gsize size = MAX (src->n, 1) * sizeof (double);

  *dest = *src;
  dest->wall_s = g_memdup2 (src->wall_s, size);
  dest->throughput = g_memdup2 (src->throughput, size);
  dest->p50_ms = g_memdup2 (src->p50_ms, size);
  dest->outlier = src->outlier ? g_memdup2 (src->outlier, MAX (src->n, 1) * sizeof (gboolean))
                               : NULL;
}

/* The statistics the repetitions keep of a figure of the summary
 * (wall-time, throughput, task-time-p50), or NULL; @scale (if not NULL)
 * takes them to the figure's unit. */
const PxStats *
px_repetitions_get_stats (const PxRepetitions *reps,
                          const char          *figure_key,
                          double              *scale)
{
  double unused;

  if (scale == NULL)
    scale = &unused;
  if (reps == NULL || reps->n < 2)
    return NULL;
  if (g_str_equal (figure_key, "wall-time"))
    {
      *scale = G_USEC_PER_SEC;
      return &reps->wall_stats;
    }
  if (g_str_equal (figure_key, "throughput"))
    {
      *scale = 1;
      return &reps->throughput_stats;
    }
  if (g_str_equal (figure_key, "task-time-p50"))
    {
      *scale = 1000;
      return &reps->p50_stats;
    }
  return NULL;
}

guint
px_repetitions_count_outliers (const PxRepetitions *reps)
{
  guint n = 0;

  for (guint i = 0; reps->outlier != NULL && i < reps->n; i++)
    n += reps->outlier[i] ? 1 : 0;
  return n;
}

void
px_repetitions_clear (PxRepetitions *reps)
{
  g_clear_pointer (&reps->wall_s, g_free);
  g_clear_pointer (&reps->throughput, g_free);
  g_clear_pointer (&reps->p50_ms, g_free);
  g_clear_pointer (&reps->outlier, g_free);
  reps->n = 0;
}

static void
end_session (PxSession *self,
             GError    *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  if (error == NULL)
    px_repetitions_finish (&self->reps);
  self->ended = TRUE;
  g_signal_emit (self, signals[FINISHED], 0);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
run_executed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PxSession) self = user_data;
  PxRun *run = PX_RUN (object);
  GCancellable *cancellable = g_task_get_cancellable (self->task);
  GError *error = NULL;
  gboolean measured;
  PxRunCounters c;

  px_sampler_stop (self->sampler);
  if (!px_run_execute_finish (run, result, &error))
    {
      end_session (self, error);
      return;
    }

  if (g_cancellable_is_cancelled (cancellable))
    self->stopping = TRUE;

  px_run_get_counters (run, &c);
  if (c.done != c.total)
    self->all_done = FALSE;

  /* A stopped run is not a measurement: it ended when it was told. */
  measured = !self->stopping && self->index >= self->spec.warmup;
  if (measured)
    {
      PxSummary s;

      px_summary_compute (run, &s);
      self->reps.wall_s[self->reps.n] = s.wall_us / 1e6;
      self->reps.throughput[self->reps.n] = s.throughput;
      self->reps.p50_ms[self->reps.n] = s.run_us.p50 / 1000.0;
      self->reps.n++;
    }
  g_signal_emit (self, signals[RUN_ENDED], 0, run, self->sampler, measured);

  self->index++;
  if (self->stopping || self->index >= px_session_get_n_runs (self))
    end_session (self, NULL);
  else
    start_run (self);
}

static void
start_run (PxSession *self)
{
  g_autoptr(PxRun) run = px_run_new (&self->spec);

  if (self->worker_path != NULL)
    px_run_set_worker_path (run, self->worker_path);
  g_set_object (&self->run, run);
  g_clear_object (&self->sampler);
  self->sampler = px_sampler_new (run);

  g_signal_emit (self, signals[RUN_STARTED], 0, run, self->sampler);

  px_run_execute_async (run, g_task_get_cancellable (self->task), run_executed_cb,
                        g_object_ref (self));
  px_sampler_start (self->sampler);
}

static void
px_session_dispose (GObject *object)
{
  PxSession *self = PX_SESSION (object);

  g_clear_object (&self->sampler);
  g_clear_object (&self->run);

  G_OBJECT_CLASS (px_session_parent_class)->dispose (object);
}

static void
px_session_finalize (GObject *object)
{
  PxSession *self = PX_SESSION (object);

  px_spec_clear (&self->spec);
  g_clear_pointer (&self->worker_path, g_free);
  px_repetitions_clear (&self->reps);

  G_OBJECT_CLASS (px_session_parent_class)->finalize (object);
}

static void
px_session_class_init (PxSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = px_session_dispose;
  object_class->finalize = px_session_finalize;

  /**
   * PxSession::run-started:
   * @run: the run about to execute
   * @sampler: its sampler, not started yet
   *
   * Each warm-up or measured run starts with this signal.
   */
  signals[RUN_STARTED] = g_signal_new ("run-started", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 2, PX_TYPE_RUN, PX_TYPE_SAMPLER);
  /**
   * PxSession::run-ended:
   * @run: the run that ended
   * @sampler: its sampler, stopped
   * @measured: whether it counts among the repetitions
   */
  signals[RUN_ENDED] = g_signal_new ("run-ended", G_TYPE_FROM_CLASS (klass),
                                     G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 3, PX_TYPE_RUN, PX_TYPE_SAMPLER,
                                     G_TYPE_BOOLEAN);
  /**
   * PxSession::finished:
   *
   * The session ended, whatever the outcome: emitted before the
   * callback of px_session_run_async() is called.
   */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass),
                                    G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 0);
}

static void
px_session_init (PxSession *self)
{
}

/**
 * px_session_new:
 * @spec: the workload; copied
 *
 * Returns: a session that runs @spec's warm-up runs, then its measured
 *   repetitions, once px_session_run_async() is called.
 */
PxSession *
px_session_new (const PxSpec *spec)
{
  PxSession *self;

  g_return_val_if_fail (spec != NULL, NULL);

  self = g_object_new (PX_TYPE_SESSION, NULL);
  px_spec_copy (&self->spec, spec);
  return self;
}

const PxSpec *
px_session_get_spec (PxSession *self)
{
  g_return_val_if_fail (PX_IS_SESSION (self), NULL);

  return &self->spec;
}

/* Runs use @path as their worker program instead of parallax-worker. */
void
px_session_set_worker_path (PxSession  *self,
                            const char *path)
{
  g_return_if_fail (PX_IS_SESSION (self));

  g_free (self->worker_path);
  self->worker_path = g_strdup (path);
}

/**
 * px_session_run_async:
 * @cancellable: (nullable): cancelling it stops the session as
 *   px_session_stop() does
 *
 * Starts the first run on the thread-default main context; the callback
 * comes once the last one has ended, the session was stopped, or a run
 * could not be carried out. A session runs once.
 */
void
px_session_run_async (PxSession           *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_return_if_fail (PX_IS_SESSION (self));
  g_return_if_fail (self->task == NULL && !self->ended);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, px_session_run_async);
  /* The stop is ours, through the run: the task's own check would end it
   * before the workers are gone. */
  g_task_set_check_cancellable (self->task, FALSE);

  self->index = 0;
  self->all_done = TRUE;
  self->reps.warmup = self->spec.warmup;
  self->reps.wall_s = g_new0 (double, MAX (self->spec.repetitions, 1));
  self->reps.throughput = g_new0 (double, MAX (self->spec.repetitions, 1));
  self->reps.p50_ms = g_new0 (double, MAX (self->spec.repetitions, 1));

  start_run (self);
}

/* FALSE with @error when a run could not be carried out; a stopped
 * session, or one whose tasks failed, still returns TRUE. */
gboolean
px_session_run_finish (PxSession     *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (PX_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Cancels the run in progress; it ends once its workers are gone, and no
 * other starts. */
void
px_session_stop (PxSession *self)
{
  g_return_if_fail (PX_IS_SESSION (self));

  if (self->task == NULL || self->stopping)
    return;
  self->stopping = TRUE;
  px_run_cancel (self->run);
}

gboolean
px_session_get_running (PxSession *self)
{
  g_return_val_if_fail (PX_IS_SESSION (self), FALSE);

  return self->task != NULL;
}

gboolean
px_session_get_stopping (PxSession *self)
{
  g_return_val_if_fail (PX_IS_SESSION (self), FALSE);

  return self->stopping;
}

/* The run in progress, or the last one once the session has ended. */
PxRun *
px_session_get_run (PxSession *self)
{
  g_return_val_if_fail (PX_IS_SESSION (self), NULL);

  return self->run;
}

PxSampler *
px_session_get_sampler (PxSession *self)
{
  g_return_val_if_fail (PX_IS_SESSION (self), NULL);

  return self->sampler;
}

/* Which run is going, from 0, warm-up runs first. */
guint
px_session_get_index (PxSession *self)
{
  g_return_val_if_fail (PX_IS_SESSION (self), 0);

  return self->index;
}

guint
px_session_get_n_runs (PxSession *self)
{
  g_return_val_if_fail (PX_IS_SESSION (self), 0);

  return self->spec.warmup + self->spec.repetitions;
}

/* "Warm-up run 1 of 2", "Run 3 of 5"; NULL for a session of one run. */
char *
px_session_dup_stage (PxSession *self)
{
  g_return_val_if_fail (PX_IS_SESSION (self), NULL);

  if (px_session_get_n_runs (self) <= 1)
    return NULL;
  if (self->index < self->spec.warmup)
    return g_strdup_printf (_("Warm-up run %u of %u, not measured"), self->index + 1,
                            self->spec.warmup);
  /* Translators: the measured runs are counted apart from the warm-up
   * runs before them. */
  return g_strdup_printf (_("Measured run %u of %u"), MIN (self->index - self->spec.warmup + 1,
                                                           self->spec.repetitions),
                          self->spec.repetitions);
}

/* Whether every task of every run so far was done. */
gboolean
px_session_get_all_done (PxSession *self)
{
  g_return_val_if_fail (PX_IS_SESSION (self), FALSE);

  return self->all_done;
}

/* The measured runs' statistics once the session has ended; NULL
 * before, or when it ended on an error. */
const PxRepetitions *
px_session_get_repetitions (PxSession *self)
{
  g_return_val_if_fail (PX_IS_SESSION (self), NULL);

  return self->ended && self->reps.outlier != NULL ? &self->reps : NULL;
}
