/* px-calibrate.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The smallest task worth parallelising, on this machine, each way of
 * running tasks: threads; worker processes handed one task at a time,
 * and handed them in chunks as Python's Pool.map picks (tasks ÷ 4 ×
 * workers); a process started for each task; and a command run for
 * each. Every way runs CPU tasks of sizes from 1 µs to 100 ms on a log
 * scale, as many as fill about a quarter of a second, on one worker per
 * core; efficiency is the tasks' work over the workers' time (tasks ×
 * size ÷ (workers × wall time)), and what a task costs beyond its work
 * is the per-task overhead. The smallest size at which efficiency
 * reaches 90 % is what a profile's tasks should not fall below; the
 * result is kept per machine in the user's cache, where the editor and
 * "parallax run" find it.
 *
 * Wall time, not CPU time, is what is judged: the question is how long
 * the user waits. Calibrate on a quiet machine.
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "px-calibrate.h"
#include "px-output.h"
#include "px-report-private.h"
#include "px-run.h"
#include "px-session.h"
#include "px-summary.h"

static const double default_sizes[] = {
  1, 3, 10, 30, 100, 300, 1000, 3000, 10000, 30000, 100000,
};

/* What a task is guessed to cost beyond its work, before one is timed:
 * it sets how many tasks the smallest size runs. */
static const double first_guess_us[PX_CALIBRATE_N_CONFIGS] = { 20, 60, 5, 1500, 1500 };

static const char * const config_keys[PX_CALIBRATE_N_CONFIGS] = {
  "threads", "processes", "processes-chunked", "spawn", "commands",
};

enum
{
  STEP_STARTED,
  STEP_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _PxCalibration
{
  GObject            parent_instance;

  guint              workers;
  guint              mask;
  GArray            *sizes;
  double             budget_us;
  PxCalibrateResult  results[PX_CALIBRATE_N_CONFIGS];

  GTask             *task;
  PxSession         *session;
  PxCalibrateConfig  config;
  guint              index;
  guint              tasks;
  gboolean           stopped;
};

G_DEFINE_FINAL_TYPE (PxCalibration, px_calibration, G_TYPE_OBJECT)

const char *
px_calibrate_config_key (PxCalibrateConfig config)
{
  g_return_val_if_fail (config < PX_CALIBRATE_N_CONFIGS, NULL);

  return config_keys[config];
}

const char *
px_calibrate_config_label (PxCalibrateConfig config)
{
  switch (config)
    {
    case PX_CALIBRATE_THREADS:
      return _("threads");
    case PX_CALIBRATE_PROCESSES:
      return _("processes, chunk-size 1");
    case PX_CALIBRATE_PROCESSES_CHUNKED:
      return _("processes, chunked as Pool.map");
    case PX_CALIBRATE_SPAWN:
      return _("a process per task");
    case PX_CALIBRATE_COMMANDS:
      return _("a command per task");
    case PX_CALIBRATE_N_CONFIGS:
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
px_calibrate_config_from_key (const char        *key,
                              PxCalibrateConfig *config)
{
  for (guint c = 0; c < PX_CALIBRATE_N_CONFIGS; c++)
    if (g_str_equal (key, config_keys[c]))
      {
        *config = c;
        return TRUE;
      }
  return FALSE;
}

static void
reset_results (PxCalibration *self)
{
  for (guint c = 0; c < PX_CALIBRATE_N_CONFIGS; c++)
    {
      g_array_set_size (self->results[c].points, 0);
      self->results[c].overhead_us = NAN;
      self->results[c].min_task_us = NAN;
    }
}

/* The smallest size at which efficiency reaches the target: where the
 * line from the last size below it to the first at it or above crosses
 * it, on the log scale. (A dip at a larger size, noise of a busy
 * moment, does not move it.) */
static void
analyse (PxCalibrateResult *result)
{
  GArray *points = result->points;
  guint at = 0;

  result->min_task_us = NAN;
  result->overhead_us = NAN;
  if (points->len == 0)
    return;
  {
    const PxCalibratePoint *first = &g_array_index (points, PxCalibratePoint, 0);

    result->overhead_us = MAX (first->per_task_us - first->task_us, 0);
  }
  while (at < points->len &&
         g_array_index (points, PxCalibratePoint, at).efficiency < PX_CALIBRATE_TARGET)
    at++;
  if (at == points->len)
    return;
  if (at == 0)
    {
      result->min_task_us = 0;
      return;
    }
  {
    const PxCalibratePoint *below = &g_array_index (points, PxCalibratePoint, at - 1);
    const PxCalibratePoint *above = &g_array_index (points, PxCalibratePoint, at);
    double t = (PX_CALIBRATE_TARGET - below->efficiency) /
               MAX (above->efficiency - below->efficiency, 1e-9);

    t = CLAMP (t, 0, 1);
    result->min_task_us = exp (log (below->task_us) +
                               t * (log (above->task_us) - log (below->task_us)));
  }
}

/* Running */

static void start_step (PxCalibration *self);

static gboolean
advance (PxCalibration *self)
{
  self->index++;
  while (self->config < PX_CALIBRATE_N_CONFIGS &&
         (!(self->mask & (1u << self->config)) || self->index >= self->sizes->len))
    {
      self->config++;
      self->index = 0;
    }
  return self->config < PX_CALIBRATE_N_CONFIGS;
}

/* A profile for @size_us on @config, @tasks of them. */
static PxProfile *
new_step_profile (PxCalibration      *self,
                  PxCalibrateConfig   config,
                  double              size_us,
                  guint               tasks,
                  GError            **error)
{
  g_autoptr(PxProfile) profile = px_profile_new ();
  g_autofree char *workers = g_strdup_printf ("%u", self->workers);
  g_autofree char *n = g_strdup_printf ("%u", tasks);
  char ms[G_ASCII_DTOSTR_BUF_SIZE];
  const char *executor = config == PX_CALIBRATE_THREADS ? "threads" : "processes";

  g_ascii_dtostr (ms, sizeof ms, size_us / 1000.0);
  if (!px_profile_set_value (profile, "name", _("Calibration"), error) ||
      !px_profile_set_value (profile, "workers", workers, error) ||
      !px_profile_set_value (profile, "tasks", n, error) ||
      !px_profile_set_value (profile, "executor", executor, error))
    return NULL;
  if (config == PX_CALIBRATE_COMMANDS)
    {
      g_autofree char *worker = px_find_helper_binary ("parallax-worker");
      g_autofree char *quoted = g_shell_quote (worker);
      g_autofree char *command = g_strdup_printf ("%s --spin-us=%.0f", quoted, size_us);

      if (!px_profile_set_value (profile, "kind", "command", error) ||
          !px_profile_set_value (profile, "command", command, error))
        return NULL;
      return g_steal_pointer (&profile);
    }
  if (!px_profile_set_value (profile, "kind", "cpu", error) ||
      !px_profile_set_value (profile, "task-ms", ms, error))
    return NULL;
  if (config == PX_CALIBRATE_SPAWN &&
      !px_profile_set_value (profile, "spawn", "per-task", error))
    return NULL;
  if (config == PX_CALIBRATE_PROCESSES_CHUNKED)
    {
      /* As Pool.map does: tasks ÷ (4 × workers), rounded up. */
      g_autofree char *chunk = g_strdup_printf ("%u", MAX ((tasks + 4 * self->workers - 1) /
                                                           (4 * self->workers), 1));

      if (!px_profile_set_value (profile, "chunk-size", chunk, error))
        return NULL;
    }
  return g_steal_pointer (&profile);
}

static void
return_error (PxCalibration *self,
              GError        *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  g_task_return_error (task, error);
}

static void
step_ran_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PxCalibration) self = user_data;
  g_autoptr(PxSession) session = g_steal_pointer (&self->session);
  g_autoptr(GError) error = NULL;
  PxCalibrateResult *r = &self->results[self->config];

  if (!px_session_run_finish (session, result, &error))
    {
      g_prefix_error (&error, "%s, %g µs: ", px_calibrate_config_label (self->config),
                      g_array_index (self->sizes, double, self->index));
      return_error (self, g_steal_pointer (&error));
      return;
    }
  if (!px_session_get_stopping (session))
    {
      PxSummary summary;
      PxCalibratePoint point = { 0 };

      px_summary_compute (px_session_get_run (session), &summary);
      point.task_us = g_array_index (self->sizes, double, self->index);
      point.tasks = summary.done;
      point.wall_us = MAX (summary.wall_us, 1);
      point.efficiency = point.tasks * point.task_us / (self->workers * (double)point.wall_us);
      point.per_task_us = point.tasks > 0 ? self->workers * (double)point.wall_us / point.tasks
                                          : NAN;
      if (summary.failed > 0)
        {
          g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("%s, %g µs: %u of %u tasks failed"),
                       px_calibrate_config_label (self->config), point.task_us, summary.failed,
                       self->tasks);
          return_error (self, g_steal_pointer (&error));
          return;
        }
      g_array_append_val (r->points, point);
      analyse (r);
      g_signal_emit (self, signals[STEP_FINISHED], 0, self->config, self->index);
    }
  if (self->stopped || !advance (self))
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->task);

      g_task_return_boolean (task, TRUE);
      return;
    }
  start_step (self);
}

static void
start_step (PxCalibration *self)
{
  g_autoptr(PxProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  PxCalibrateResult *r = &self->results[self->config];
  double size = g_array_index (self->sizes, double, self->index);
  double overhead = isfinite (r->overhead_us) ? r->overhead_us : first_guess_us[self->config];
  double n = self->budget_us * self->workers / MAX (size + overhead, 0.5);

  /* Enough tasks to keep every worker busy a while, few enough to end
   * within the budget; a command's start dominates, so fewer of them. */
  self->tasks = (guint)CLAMP (n, 4.0 * self->workers,
                              self->config >= PX_CALIBRATE_SPAWN ? 2000.0 : 200000.0);
  profile = new_step_profile (self, self->config, size, self->tasks, &error);
  if (profile == NULL)
    {
      return_error (self, g_steal_pointer (&error));
      return;
    }
  self->session = px_session_new (px_profile_get_spec (profile));
  g_signal_emit (self, signals[STEP_STARTED], 0, self->config, self->index);
  px_session_run_async (self->session, NULL, step_ran_cb, g_object_ref (self));
}

/**
 * px_calibration_run_async:
 *
 * Times every size on every way enabled, one after the other; a run
 * that cannot start, or a task that fails, ends it with the error.
 */
void
px_calibration_run_async (PxCalibration       *self,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (PX_IS_CALIBRATION (self));
  g_return_if_fail (self->task == NULL);

  self->task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (self->task, px_calibration_run_async);
  reset_results (self);
  self->stopped = FALSE;
  self->config = 0;
  self->index = 0;
  if ((!(self->mask & 1u) || self->sizes->len == 0) && !advance (self))
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->task);

      g_task_return_boolean (task, TRUE);
      return;
    }
  start_step (self);
}

gboolean
px_calibration_run_finish (PxCalibration  *self,
                           GAsyncResult   *result,
                           GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Stops the run under way and the rest; the sizes timed stay. */
void
px_calibration_stop (PxCalibration *self)
{
  g_return_if_fail (PX_IS_CALIBRATION (self));

  self->stopped = TRUE;
  if (self->session != NULL)
    px_session_stop (self->session);
}

gboolean
px_calibration_get_stopped (PxCalibration *self)
{
  g_return_val_if_fail (PX_IS_CALIBRATION (self), FALSE);

  return self->stopped;
}

/* Settings and results */

guint
px_calibration_get_workers (PxCalibration *self)
{
  g_return_val_if_fail (PX_IS_CALIBRATION (self), 0);

  return self->workers;
}

/* Which ways to time: bit N for PxCalibrateConfig N. */
void
px_calibration_set_configs (PxCalibration *self,
                            guint          mask)
{
  g_return_if_fail (PX_IS_CALIBRATION (self));
  g_return_if_fail (self->task == NULL);

  self->mask = mask & ((1u << PX_CALIBRATE_N_CONFIGS) - 1);
}

gboolean
px_calibration_get_enabled (PxCalibration     *self,
                            PxCalibrateConfig  config)
{
  g_return_val_if_fail (PX_IS_CALIBRATION (self), FALSE);

  return config < PX_CALIBRATE_N_CONFIGS && (self->mask & (1u << config)) != 0;
}

/* The task sizes to time, in µs, smallest first. */
void
px_calibration_set_sizes (PxCalibration *self,
                          const double  *sizes_us,
                          guint          n_sizes)
{
  g_return_if_fail (PX_IS_CALIBRATION (self));
  g_return_if_fail (self->task == NULL);

  g_array_set_size (self->sizes, 0);
  g_array_append_vals (self->sizes, sizes_us, n_sizes);
}

const double *
px_calibration_get_sizes (PxCalibration *self,
                          guint         *n_sizes)
{
  g_return_val_if_fail (PX_IS_CALIBRATION (self), NULL);

  *n_sizes = self->sizes->len;
  return (const double *)self->sizes->data;
}

/* About how long each size runs, in ms. */
void
px_calibration_set_budget_ms (PxCalibration *self,
                              double         budget_ms)
{
  g_return_if_fail (PX_IS_CALIBRATION (self));

  self->budget_us = MAX (budget_ms, 1) * 1000;
}

/* How many runs the whole calibration makes. */
guint
px_calibration_get_n_steps (PxCalibration *self)
{
  guint n = 0;

  g_return_val_if_fail (PX_IS_CALIBRATION (self), 0);

  for (guint c = 0; c < PX_CALIBRATE_N_CONFIGS; c++)
    if (self->mask & (1u << c))
      n += self->sizes->len;
  return n;
}

const PxCalibrateResult *
px_calibration_get_result (PxCalibration     *self,
                           PxCalibrateConfig  config)
{
  g_return_val_if_fail (PX_IS_CALIBRATION (self), NULL);
  g_return_val_if_fail (config < PX_CALIBRATE_N_CONFIGS, NULL);

  return &self->results[config];
}

/* Efficiency against task size, a line for each way timed, and the
 * target. */
PxPlot *
px_calibration_new_plot (PxCalibration *self)
{
  PxPlot *plot;
  PxPlotSeries *target;
  PxColor color;

  g_return_val_if_fail (PX_IS_CALIBRATION (self), NULL);

  plot = px_plot_new (_("Efficiency against task size"), _("task size (µs)"),
                      _("efficiency"), TRUE);
  for (guint c = 0; c < PX_CALIBRATE_N_CONFIGS; c++)
    {
      const PxCalibrateResult *r = &self->results[c];
      PxPlotSeries *s;

      if (!(self->mask & (1u << c)))
        continue;
      px_palette_get_worker (c, &color);
      s = px_plot_add_series (plot, px_calibrate_config_label (c), &color, FALSE, TRUE);
      for (guint k = 0; k < self->sizes->len; k++)
        {
          double size = g_array_index (self->sizes, double, k);
          double e = k < r->points->len ? g_array_index (r->points, PxCalibratePoint, k).efficiency
                                        : NAN;

          px_plot_series_add (s, size, e, NAN);
        }
    }
  px_palette_get_worker (7, &color);
  /* Translators: the line a calibration's efficiency must reach */
  /* xgettext:no-c-format */
  target = px_plot_add_series (plot, _("90 % efficiency"), &color, TRUE, FALSE);
  if (self->sizes->len > 0)
    {
      px_plot_series_add (target, g_array_index (self->sizes, double, 0), PX_CALIBRATE_TARGET,
                          NAN);
      px_plot_series_add (target, g_array_index (self->sizes, double, self->sizes->len - 1),
                          PX_CALIBRATE_TARGET, NAN);
    }
  return plot;
}

static void
px_calibration_finalize (GObject *object)
{
  PxCalibration *self = PX_CALIBRATION (object);

  g_assert (self->task == NULL);
  g_clear_object (&self->session);
  g_array_unref (self->sizes);
  for (guint c = 0; c < PX_CALIBRATE_N_CONFIGS; c++)
    g_array_unref (self->results[c].points);

  G_OBJECT_CLASS (px_calibration_parent_class)->finalize (object);
}

static void
px_calibration_class_init (PxCalibrationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = px_calibration_finalize;

  /**
   * PxCalibration::step-started:
   * @config: the way of running (PxCalibrateConfig)
   * @index: the size's index
   */
  signals[STEP_STARTED] = g_signal_new ("step-started", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                        G_TYPE_UINT, G_TYPE_UINT);
  /**
   * PxCalibration::step-finished:
   * @config: the way of running (PxCalibrateConfig)
   * @index: the size's index, now timed
   */
  signals[STEP_FINISHED] = g_signal_new ("step-finished", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                         G_TYPE_UINT, G_TYPE_UINT);
}

static void
px_calibration_init (PxCalibration *self)
{
  self->sizes = g_array_new (FALSE, FALSE, sizeof (double));
  g_array_append_vals (self->sizes, default_sizes, G_N_ELEMENTS (default_sizes));
  self->budget_us = 250000;
  self->mask = (1u << PX_CALIBRATE_N_CONFIGS) - 1;
  for (guint c = 0; c < PX_CALIBRATE_N_CONFIGS; c++)
    {
      self->results[c].config = c;
      self->results[c].points = g_array_new (FALSE, TRUE, sizeof (PxCalibratePoint));
    }
  reset_results (self);
}

/**
 * px_calibration_new:
 * @workers: workers to time with; 0 for one per core
 */
PxCalibration *
px_calibration_new (guint workers)
{
  PxCalibration *self = g_object_new (PX_TYPE_CALIBRATION, NULL);

  self->workers = workers > 0 ? workers : g_get_num_processors ();
  return self;
}
