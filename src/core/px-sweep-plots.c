/* px-sweep-plots.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A sweep's plots, as the window and the HTML report both draw them:
 * for a sweep over workers the speedup and efficiency with the ideal
 * line, error bars from the repetitions and the Amdahl, Gustafson and
 * USL fits drawn on to twice the most workers measured; then throughput
 * and wall time against the swept value, a line for each value of the
 * other axes.
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "px-sweep-report.h"

static PxPlotSeries *
add_series (PxPlot     *plot,
            const char *name,
            guint       color,
            gboolean    dashed,
            gboolean    markers)
{
  PxColor c;

  px_palette_get_worker (color, &c);
  return px_plot_add_series (plot, name, &c, dashed, markers);
}

/* Whether every point's first value is a number, so it can be an axis;
 * and whether they span enough for a log scale. */
static gboolean
numeric_first_axis (PxSweep  *self,
                    gboolean *log_x)
{
  double lo = INFINITY, hi = -INFINITY;

  for (guint i = 0; i < px_sweep_get_n_points (self); i++)
    {
      const char *text = px_sweep_get_point (self, i)->values[0];
      char *end = NULL;
      double v = g_ascii_strtod (text, &end);

      if (end == text || *end != '\0' || !isfinite (v))
        return FALSE;
      lo = MIN (lo, v);
      hi = MAX (hi, v);
    }
  *log_x = lo > 0 && hi / lo >= 16;
  return px_sweep_get_n_points (self) > 1;
}

/* The values of every axis but the first, as a series' name. */
static char *
dup_rest (PxSweep            *self,
          const PxSweepPoint *point)
{
  GString *name = g_string_new (NULL);

  for (guint a = 1; a < px_sweep_get_n_axes (self); a++)
    g_string_append_printf (name, "%s%s=%s", a > 1 ? ", " : "", px_sweep_get_axis_key (self, a),
                            point->values[a]);
  return g_string_free (name, FALSE);
}

/* A plot of a figure against the first axis, a series for each value
 * of the other axes. */
static PxPlot *
new_figure_plot (PxSweep    *self,
                 const char *title,
                 const char *y_label,
                 gboolean    wall)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  gboolean log_x = FALSE;
  PxPlot *plot;

  if (!numeric_first_axis (self, &log_x))
    return NULL;
  plot = px_plot_new (title, px_sweep_get_axis_key (self, 0), y_label, log_x);
  for (guint i = 0; i < px_sweep_get_n_points (self); i++)
    {
      const PxSweepPoint *point = px_sweep_get_point (self, i);
      g_autofree char *rest = dup_rest (self, point);
      PxPlotSeries *s = NULL;

      for (guint k = 0; k < names->len; k++)
        if (g_str_equal (g_ptr_array_index (names, k), rest))
          s = g_ptr_array_index (plot->series, k);
      if (s == NULL)
        {
          s = add_series (plot, rest[0] != '\0' ? rest : title, names->len, FALSE, TRUE);
          g_ptr_array_add (names, g_steal_pointer (&rest));
        }
      px_plot_series_add (s, g_ascii_strtod (point->values[0], NULL),
                          !point->measured ? NAN : wall ? point->wall_s : point->throughput,
                          wall ? point->wall_sd : point->throughput_sd);
    }
  return plot;
}

/* Speedup or efficiency against workers: measured, ideal, and each
 * law fitted, drawn on to twice the most workers. */
static PxPlot *
new_scaling_plot (PxSweep  *self,
                  gboolean  efficiency)
{
  PxPlot *plot = px_plot_new (efficiency ? _("Efficiency") : _("Speedup"), _("workers"),
                              efficiency ? _("speedup ÷ workers")
                                         : _("× one worker"), FALSE);
  PxPlotSeries *measured = add_series (plot, _("Measured"), 0, FALSE, TRUE);
  PxPlotSeries *ideal;
  double most = 0, base = px_sweep_get_baseline (self);

  for (guint i = 0; i < px_sweep_get_n_points (self); i++)
    {
      const PxSweepPoint *point = px_sweep_get_point (self, i);
      double n = g_ascii_strtod (point->values[0], NULL);
      double speedup = px_sweep_get_speedup (self, i);
      double error = NAN;

      if (point->measured && isfinite (point->throughput_sd) && base > 0)
        error = point->throughput_sd / base / (efficiency ? n : 1);
      px_plot_series_add (measured, n, efficiency ? speedup / n : speedup, error);
      most = MAX (most, n);
    }
  ideal = add_series (plot, _("Ideal"), 7, TRUE, FALSE);
  px_plot_series_add (ideal, 1, 1, NAN);
  px_plot_series_add (ideal, 2 * most, efficiency ? 1 : 2 * most, NAN);
  for (PxFitModel m = 0; m < PX_FIT_N_MODELS; m++)
    {
      PxFit fit;
      PxPlotSeries *curve;

      if (!px_sweep_fit (self, m, &fit, NULL))
        continue;
      curve = add_series (plot, px_fit_model_name (m), m + 1, TRUE, FALSE);
      for (guint k = 0; k <= 100; k++)
        {
          double n = 1 + (2 * most - 1) * k / 100.0;
          double s = px_fit_speedup (&fit, n);

          px_plot_series_add (curve, n, efficiency ? s / n : s, NAN);
        }
    }
  return plot;
}

/**
 * px_sweep_dup_plots:
 *
 * The sweep's plots as they stand, measured points so far: the speedup
 * and efficiency of a sweep over workers, then throughput and wall time
 * against the first axis when its values are numbers.
 *
 * Returns: (transfer full) (element-type PxPlot): the plots.
 */
GPtrArray *
px_sweep_dup_plots (PxSweep *self)
{
  GPtrArray *plots = g_ptr_array_new_with_free_func ((GDestroyNotify)px_plot_free);
  PxPlot *plot;

  g_return_val_if_fail (PX_IS_SWEEP (self), plots);

  if (px_sweep_is_worker_sweep (self) && px_sweep_get_baseline (self) > 0)
    {
      g_ptr_array_add (plots, new_scaling_plot (self, FALSE));
      g_ptr_array_add (plots, new_scaling_plot (self, TRUE));
    }
  if ((plot = new_figure_plot (self, _("Throughput"), _("tasks/s"), FALSE)) != NULL)
    g_ptr_array_add (plots, plot);
  if ((plot = new_figure_plot (self, _("Wall time"), _("s"), TRUE)) != NULL)
    g_ptr_array_add (plots, plot);
  return plots;
}
