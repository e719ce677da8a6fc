/* px-sweep.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A sweep: one profile run at every point of a grid of settings, one
 * after the other, each point measured as a run is (with the profile's
 * repetitions). An axis is a profile key and its values — a list
 * (1,10,100), a range (1..8, 1..16+2) or a geometric range (1..1024*2)
 * — or, for a command workload, a {NAME} of the command filled with
 * each value, as hyperfine's -P does. Every value is checked as the
 * profile checks it before anything runs. A stopped sweep keeps the
 * points it finished. For a sweep over workers the scaling laws are
 * fitted to its throughput (px-fit.c).
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "px-session.h"
#include "px-sweep-private.h"

/* More points than anyone waits for. */
#define MAX_POINTS 10000

typedef struct
{
  char  *key;
  char **values;
} Axis;

struct _PxSweep
{
  GObject     parent_instance;

  PxProfile  *profile;
  GPtrArray  *axes;
  GArray     *points;
  guint       current;
  PxSession  *session;
  GTask      *task;
  gboolean    stopped;
  /* When it started, on the wall clock (µs since the epoch). */
  gint64      started_us;
};

G_DEFINE_FINAL_TYPE (PxSweep, px_sweep, G_TYPE_OBJECT)

enum {
  POINT_STARTED,
  POINT_FINISHED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void
axis_free (gpointer data)
{
  Axis *axis = data;

  g_free (axis->key);
  g_strfreev (axis->values);
  g_free (axis);
}

static void
point_clear (gpointer data)
{
  PxSweepPoint *point = data;

  g_strfreev (point->values);
}

static const char accepted[] = N_("accepted: a list (1,2,4), a range (1..8, or 1..16+2 in "
                                  "steps of 2) or a geometric range (1..1024*2)");

static gboolean
parse_number (const char *text,
              double     *value)
{
  char *end = NULL;

  *value = g_ascii_strtod (text, &end);
  return end != text && *end == '\0' && isfinite (*value);
}

/**
 * px_sweep_parse_values:
 * @text: a list, a range or a geometric range
 *
 * Returns: (transfer full): the values @text names, in order
 */
char **
px_sweep_parse_values (const char  *text,
                       GError     **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *dots = strstr (text, "..");
  guint count = 0;

  if (dots == NULL)
    {
      g_auto(GStrv) items = g_strsplit (text, ",", -1);

      for (guint i = 0; items[i] != NULL; i++)
        {
          g_strstrip (items[i]);
          if (items[i][0] == '\0')
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("“%s”: value %u is empty; %s"), text, i + 1, _(accepted));
              return NULL;
            }
          g_strv_builder_add (builder, items[i]);
        }
      return g_strv_builder_end (builder);
    }

  {
    g_autofree char *first_text = g_strndup (text, dots - text);
    g_autofree char *rest = g_strdup (dots + 2);
    char *op = strpbrk (rest, "+*");
    char kind = op != NULL ? *op : '+';
    double first, last, step = 1;

    if (op != NULL)
      *op = '\0';
    if (!parse_number (g_strstrip (first_text), &first) ||
        !parse_number (g_strstrip (rest), &last) ||
        (op != NULL && !parse_number (g_strstrip (op + 1), &step)))
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     _("“%s” is not a range of numbers; %s"), text, _(accepted));
        return NULL;
      }
    if (last < first || (kind == '+' && step <= 0) || (kind == '*' && (step <= 1 || first <= 0)))
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     _("“%s” does not go from its start to its end (a step above 0, a factor "
                       "above 1 from a start above 0); %s"), text, _(accepted));
        return NULL;
      }
    for (double v = first; v <= last * (1 + 1e-12); v = kind == '+' ? v + step : v * step)
      {
        char buffer[G_ASCII_DTOSTR_BUF_SIZE];

        if (++count > MAX_POINTS)
          {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                         _("“%s” has more than %u values"), text, MAX_POINTS);
            return NULL;
          }
        g_strv_builder_add (builder, g_ascii_formatd (buffer, sizeof buffer, "%.10g", v));
      }
  }
  return g_strv_builder_end (builder);
}

/* Sets @key to @value in @profile: a profile key, or the {@key} of a
 * command. */
static gboolean
apply_value (PxProfile   *profile,
             const char  *key,
             const char  *value,
             GError     **error)
{
  g_autoptr(GError) local = NULL;
  const PxSpec *spec = px_profile_get_spec (profile);
  g_autofree char *placeholder = g_strdup_printf ("{%s}", key);

  if (px_profile_find_field (key) != NULL)
    {
      if (px_profile_set_value (profile, key, value, &local))
        return TRUE;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "--over %s=%s: %s", key, value,
                   local->message);
      return FALSE;
    }
  if (spec->kind == PX_KIND_COMMAND && spec->command != NULL &&
      strstr (spec->command, placeholder) != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (spec->command, placeholder, -1);
      g_autofree char *command = g_strjoinv (value, parts);

      return px_profile_set_value (profile, "command", command, error);
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("--over %s: not a profile key, and no command of this profile has {%s} to "
                 "fill; accepted: a profile key (workers, chunk-size, task-ms, …) or a {NAME} "
                 "of the command"), key, key);
  return FALSE;
}

static void
rebuild_points (PxSweep *self)
{
  guint n = 1;

  g_array_set_size (self->points, 0);
  for (guint a = 0; a < self->axes->len; a++)
    n *= g_strv_length (((Axis *)g_ptr_array_index (self->axes, a))->values);
  for (guint i = 0; i < n; i++)
    {
      PxSweepPoint point = { 0 };
      guint rest = i;

      point.values = g_new0 (char *, self->axes->len + 1);
      /* The last axis varies fastest. */
      for (guint a = self->axes->len; a-- > 0;)
        {
          Axis *axis = g_ptr_array_index (self->axes, a);
          guint len = g_strv_length (axis->values);

          point.values[a] = g_strdup (axis->values[rest % len]);
          rest /= len;
        }
      point.wall_sd = point.throughput_sd = NAN;
      g_array_append_val (self->points, point);
    }
}

/**
 * px_sweep_add_axis:
 * @over: KEY=VALUES
 *
 * Adds an axis, each of whose values is checked on the profile first.
 */
gboolean
px_sweep_add_axis (PxSweep     *self,
                   const char  *over,
                   GError     **error)
{
  const char *equals;
  g_autofree char *key = NULL;
  g_auto(GStrv) values = NULL;
  g_autoptr(GError) local = NULL;
  guint64 total = 1;
  Axis *axis;

  g_return_val_if_fail (PX_IS_SWEEP (self), FALSE);

  equals = strchr (over, '=');
  if (equals == NULL || equals == over)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("--over %s: expected KEY=VALUES, for example workers=1..8"), over);
      return FALSE;
    }
  key = g_strstrip (g_strndup (over, equals - over));
  for (guint a = 0; a < self->axes->len; a++)
    if (g_str_equal (((Axis *)g_ptr_array_index (self->axes, a))->key, key))
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     _("--over %s: %s is swept twice"), over, key);
        return FALSE;
      }
  values = px_sweep_parse_values (equals + 1, &local);
  if (values == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "--over %s: %s", key,
                   local->message);
      return FALSE;
    }
  for (guint a = 0; a < self->axes->len; a++)
    total *= g_strv_length (((Axis *)g_ptr_array_index (self->axes, a))->values);
  if (total * g_strv_length (values) > MAX_POINTS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("--over %s: the sweep would have more than %u points"), over, MAX_POINTS);
      return FALSE;
    }
  for (guint i = 0; values[i] != NULL; i++)
    {
      g_autoptr(PxProfile) check = px_profile_new_from_spec (px_profile_get_spec (self->profile));

      if (!apply_value (check, key, values[i], error))
        return FALSE;
    }

  axis = g_new0 (Axis, 1);
  axis->key = g_steal_pointer (&key);
  axis->values = g_steal_pointer (&values);
  g_ptr_array_add (self->axes, axis);
  rebuild_points (self);
  return TRUE;
}

guint
px_sweep_get_n_axes (PxSweep *self)
{
  g_return_val_if_fail (PX_IS_SWEEP (self), 0);

  return self->axes->len;
}

const char *
px_sweep_get_axis_key (PxSweep *self,
                       guint    axis)
{
  g_return_val_if_fail (PX_IS_SWEEP (self), NULL);
  g_return_val_if_fail (axis < self->axes->len, NULL);

  return ((Axis *)g_ptr_array_index (self->axes, axis))->key;
}

guint
px_sweep_get_n_points (PxSweep *self)
{
  g_return_val_if_fail (PX_IS_SWEEP (self), 0);

  return self->axes->len > 0 ? self->points->len : 0;
}

const PxSweepPoint *
px_sweep_get_point (PxSweep *self,
                    guint    index)
{
  g_return_val_if_fail (PX_IS_SWEEP (self), NULL);
  g_return_val_if_fail (index < self->points->len, NULL);

  return &g_array_index (self->points, PxSweepPoint, index);
}

/* For a sweep read back: its point @index to fill. */
PxSweepPoint *
_px_sweep_get_point_mutable (PxSweep *self,
                             guint    index)
{
  g_return_val_if_fail (index < self->points->len, NULL);

  return &g_array_index (self->points, PxSweepPoint, index);
}

/* When it started, on the wall clock (µs since the epoch); 0 before. */
gint64
px_sweep_get_started (PxSweep *self)
{
  g_return_val_if_fail (PX_IS_SWEEP (self), 0);

  return self->started_us;
}

void
_px_sweep_set_started (PxSweep *self,
                       gint64   started_us)
{
  self->started_us = started_us;
}

PxProfile *
px_sweep_get_profile (PxSweep *self)
{
  g_return_val_if_fail (PX_IS_SWEEP (self), NULL);

  return self->profile;
}

/* The profile with point @index's values set. */
PxProfile *
px_sweep_new_point_profile (PxSweep  *self,
                            guint     index,
                            GError  **error)
{
  g_autoptr(PxProfile) profile = NULL;
  const PxSweepPoint *point;

  g_return_val_if_fail (PX_IS_SWEEP (self), NULL);
  g_return_val_if_fail (index < self->points->len, NULL);

  point = &g_array_index (self->points, PxSweepPoint, index);
  profile = px_profile_new_from_spec (px_profile_get_spec (self->profile));
  for (guint a = 0; a < self->axes->len; a++)
    if (!apply_value (profile, ((Axis *)g_ptr_array_index (self->axes, a))->key,
                      point->values[a], error))
      return NULL;
  return g_steal_pointer (&profile);
}

/* Running */

static void start_point (PxSweep *self);

static void
point_ran_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PxSweep) self = user_data;
  g_autoptr(PxSession) session = g_steal_pointer (&self->session);
  g_autoptr(GError) error = NULL;
  PxSweepPoint *point = &g_array_index (self->points, PxSweepPoint, self->current);
  const PxRepetitions *reps;

  if (!px_session_run_finish (session, result, &error))
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->task);

      g_prefix_error (&error, _("point %u of %u: "), self->current + 1, self->points->len);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* A point stopped before its end is not a measurement. */
  if (!px_session_get_stopping (session))
    {
      reps = px_session_get_repetitions (session);
      px_summary_compute (px_session_get_run (session), &point->summary);
      point->measured = TRUE;
      point->n_runs = MAX (reps->n, 1);
      if (reps->n > 1)
        {
          point->wall_s = reps->wall_stats.mean;
          point->wall_sd = reps->wall_stats.stddev;
          point->throughput = reps->throughput_stats.mean;
          point->throughput_sd = reps->throughput_stats.stddev;
        }
      else
        {
          point->wall_s = point->summary.wall_us / 1e6;
          point->throughput = point->summary.throughput;
        }
      g_signal_emit (self, signals[POINT_FINISHED], 0, self->current);
    }
  self->current++;
  start_point (self);
}

static void
start_point (PxSweep *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PxProfile) profile = NULL;

  if (self->stopped || self->current >= self->points->len)
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->task);

      g_task_return_boolean (task, TRUE);
      return;
    }
  profile = px_sweep_new_point_profile (self, self->current, &error);
  if (profile == NULL)
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->task);

      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  self->session = px_session_new (px_profile_get_spec (profile));
  g_signal_emit (self, signals[POINT_STARTED], 0, self->current);
  px_session_run_async (self->session, NULL, point_ran_cb, g_object_ref (self));
}

/* Runs every point in turn; a point's values that cannot be set, or a
 * run that cannot start, ends the sweep with the error. */
void
px_sweep_run_async (PxSweep             *self,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_return_if_fail (PX_IS_SWEEP (self));
  g_return_if_fail (self->task == NULL);

  self->task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (self->task, px_sweep_run_async);
  self->started_us = g_get_real_time ();
  self->current = 0;
  self->stopped = FALSE;
  start_point (self);
}

gboolean
px_sweep_run_finish (PxSweep       *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Stops the point running and the rest; the points finished stay. */
void
px_sweep_stop (PxSweep *self)
{
  g_return_if_fail (PX_IS_SWEEP (self));

  self->stopped = TRUE;
  if (self->session != NULL)
    px_session_stop (self->session);
}

gboolean
px_sweep_get_stopped (PxSweep *self)
{
  g_return_val_if_fail (PX_IS_SWEEP (self), FALSE);

  return self->stopped;
}

/* Scaling */

gboolean
px_sweep_is_worker_sweep (PxSweep *self)
{
  g_return_val_if_fail (PX_IS_SWEEP (self), FALSE);

  return self->axes->len == 1 &&
         g_str_equal (((Axis *)g_ptr_array_index (self->axes, 0))->key, "workers");
}

/* One worker's throughput, which speedups are against: measured, or
 * the fewest workers' share; NaN until a point is measured. */
double
px_sweep_get_baseline (PxSweep *self)
{
  double fewest = INFINITY, base = NAN;

  g_return_val_if_fail (PX_IS_SWEEP (self), NAN);

  for (guint i = 0; i < self->points->len; i++)
    {
      const PxSweepPoint *point = &g_array_index (self->points, PxSweepPoint, i);
      double workers = g_ascii_strtod (point->values[0], NULL);

      if (point->measured && point->throughput > 0 && workers < fewest)
        {
          fewest = workers;
          base = point->throughput / workers;
        }
    }
  return base;
}

/* Point @index's throughput over one worker's; NaN but for a sweep
 * over workers. */
double
px_sweep_get_speedup (PxSweep *self,
                      guint    index)
{
  const PxSweepPoint *point;

  g_return_val_if_fail (PX_IS_SWEEP (self), NAN);
  g_return_val_if_fail (index < self->points->len, NAN);

  point = &g_array_index (self->points, PxSweepPoint, index);
  if (!px_sweep_is_worker_sweep (self) || !point->measured)
    return NAN;
  return point->throughput / px_sweep_get_baseline (self);
}

/**
 * px_sweep_get_scalability:
 *
 * Returns: the POP model's computation scalability of point @index: the
 *   work the workers did at the fewest workers measured over the work
 *   they did here (1 when adding workers adds no work); NaN but for a
 *   sweep over workers
 */
double
px_sweep_get_scalability (PxSweep *self,
                          guint    index)
{
  const PxSweepPoint *point, *fewest = NULL;
  double least = INFINITY;

  g_return_val_if_fail (PX_IS_SWEEP (self), NAN);
  g_return_val_if_fail (index < self->points->len, NAN);

  point = &g_array_index (self->points, PxSweepPoint, index);
  if (!px_sweep_is_worker_sweep (self) || !point->measured || point->summary.work_us <= 0)
    return NAN;
  for (guint i = 0; i < self->points->len; i++)
    {
      const PxSweepPoint *p = &g_array_index (self->points, PxSweepPoint, i);
      double workers = g_ascii_strtod (p->values[0], NULL);

      if (p->measured && p->summary.work_us > 0 && workers < least)
        {
          least = workers;
          fewest = p;
        }
    }
  return fewest != NULL ? (double)fewest->summary.work_us / point->summary.work_us : NAN;
}

/* Fits @model to the measured points of a sweep over workers. */
gboolean
px_sweep_fit (PxSweep     *self,
              PxFitModel   model,
              PxFit       *fit,
              GError     **error)
{
  g_autofree double *workers = NULL;
  g_autofree double *throughput = NULL;
  guint n = 0;

  g_return_val_if_fail (PX_IS_SWEEP (self), FALSE);

  if (!px_sweep_is_worker_sweep (self))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("the scaling laws are fitted to a sweep over workers alone"));
      return FALSE;
    }
  workers = g_new (double, self->points->len);
  throughput = g_new (double, self->points->len);
  for (guint i = 0; i < self->points->len; i++)
    {
      const PxSweepPoint *point = &g_array_index (self->points, PxSweepPoint, i);

      if (!point->measured)
        continue;
      workers[n] = g_ascii_strtod (point->values[0], NULL);
      throughput[n++] = point->throughput;
    }
  return px_fit_throughput (model, workers, throughput, n, fit, error);
}

static void
px_sweep_finalize (GObject *object)
{
  PxSweep *self = (PxSweep *)object;

  g_clear_object (&self->profile);
  g_clear_pointer (&self->axes, g_ptr_array_unref);
  g_clear_pointer (&self->points, g_array_unref);

  G_OBJECT_CLASS (px_sweep_parent_class)->finalize (object);
}

static void
px_sweep_class_init (PxSweepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = px_sweep_finalize;

  /**
   * PxSweep::point-started:
   * @index: the point's index
   */
  signals[POINT_STARTED] = g_signal_new ("point-started", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                         G_TYPE_UINT);
  /**
   * PxSweep::point-finished:
   * @index: the point measured
   */
  signals[POINT_FINISHED] = g_signal_new ("point-finished", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                          1, G_TYPE_UINT);
}

static void
px_sweep_init (PxSweep *self)
{
  self->axes = g_ptr_array_new_with_free_func (axis_free);
  self->points = g_array_new (FALSE, TRUE, sizeof (PxSweepPoint));
  g_array_set_clear_func (self->points, point_clear);
}

/* A sweep of @profile, without axes yet. */
PxSweep *
px_sweep_new (PxProfile *profile)
{
  PxSweep *self;

  g_return_val_if_fail (PX_IS_PROFILE (profile), NULL);

  self = g_object_new (PX_TYPE_SWEEP, NULL);
  self->profile = g_object_ref (profile);
  return self;
}
