/* px-plot.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An XY plot as data, drawn by whoever shows it: an SVG in a report, a
 * widget in the window. Both place values with the same frame, so a
 * plot reads the same on the page and on the screen.
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "px-plot.h"

static void
series_free (gpointer data)
{
  PxPlotSeries *s = data;

  g_free (s->name);
  g_array_unref (s->x);
  g_array_unref (s->y);
  g_array_unref (s->error);
  g_free (s);
}

PxPlot *
px_plot_new (const char *title,
             const char *x_label,
             const char *y_label,
             gboolean    log_x)
{
  PxPlot *plot = g_new0 (PxPlot, 1);

  plot->title = g_strdup (title);
  plot->x_label = g_strdup (x_label);
  plot->y_label = g_strdup (y_label);
  plot->log_x = log_x;
  plot->series = g_ptr_array_new_with_free_func (series_free);
  return plot;
}

void
px_plot_free (PxPlot *plot)
{
  if (plot == NULL)
    return;
  g_ptr_array_unref (plot->series);
  g_free (plot->title);
  g_free (plot->x_label);
  g_free (plot->y_label);
  g_free (plot);
}

PxPlotSeries *
px_plot_add_series (PxPlot        *plot,
                    const char    *name,
                    const PxColor *color,
                    gboolean       dashed,
                    gboolean       markers)
{
  PxPlotSeries *s = g_new0 (PxPlotSeries, 1);

  s->name = g_strdup (name);
  s->color = *color;
  s->dashed = dashed;
  s->markers = markers;
  s->x = g_array_new (FALSE, FALSE, sizeof (double));
  s->y = g_array_new (FALSE, FALSE, sizeof (double));
  s->error = g_array_new (FALSE, FALSE, sizeof (double));
  g_ptr_array_add (plot->series, s);
  return s;
}

void
px_plot_series_add (PxPlotSeries *s,
                    double        x,
                    double        y,
                    double        error)
{
  g_array_append_val (s->x, x);
  g_array_append_val (s->y, y);
  g_array_append_val (s->error, error);
}

/* A round top just above @v: 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 of a
 * power of ten, finer than an axis of time needs, so an efficiency a
 * little above 1 does not double the plot's height. */
static double
nice_top (double v)
{
  static const double steps[] = { 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10 };
  double magnitude;

  if (!(v > 0) || !isfinite (v))
    return 1;
  magnitude = pow (10, floor (log10 (v)));
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (v <= steps[i] * magnitude * (1 + 1e-9))
      return steps[i] * magnitude;
  return 10 * magnitude;
}

/* The frame that holds every point and its error bar, from 0 up to a
 * round top; FALSE if there is nothing to draw. */
gboolean
px_plot_get_frame (const PxPlot *plot,
                   PxPlotFrame  *frame)
{
  double x0 = INFINITY, x1 = -INFINITY, top = 0;

  for (guint i = 0; i < plot->series->len; i++)
    {
      PxPlotSeries *s = g_ptr_array_index (plot->series, i);

      for (guint k = 0; k < s->x->len; k++)
        {
          double x = g_array_index (s->x, double, k);
          double e = g_array_index (s->error, double, k);
          double y = g_array_index (s->y, double, k) + (isfinite (e) ? e : 0);

          if (!isfinite (x) || !isfinite (y) || (plot->log_x && x <= 0))
            continue;
          x0 = MIN (x0, x);
          x1 = MAX (x1, x);
          top = MAX (top, y);
        }
    }
  if (!isfinite (x0) || x1 <= x0 || top <= 0)
    return FALSE;
  frame->x0 = plot->log_x ? log (x0) : x0;
  frame->x1 = plot->log_x ? log (x1) : x1;
  frame->step = px_scale_value_step (nice_top (top * 1.05), 5, &frame->n_lines);
  /* The top on a grid line, so the highest value is labelled. */
  frame->n_lines = (int)ceil (top * 1.05 / frame->step - 1e-9) + 1;
  frame->top = (frame->n_lines - 1) * frame->step;
  return TRUE;
}

/* Where @x falls across the frame, 0 at its left and 1 at its right. */
double
px_plot_frame_x (const PxPlot      *plot,
                 const PxPlotFrame *frame,
                 double             x)
{
  return ((plot->log_x ? log (x) : x) - frame->x0) / (frame->x1 - frame->x0);
}

/* Where @y falls up the frame, 0 at its foot and 1 at its top. */
double
px_plot_frame_y (const PxPlotFrame *frame,
                 double             y)
{
  return y / frame->top;
}

/* The x values labelled along the foot: the first series' (a sweep's
 * measured values), then on at the same pace to the frame's end where
 * fitted curves go past them; about ten at most. */
GArray *
px_plot_dup_ticks (const PxPlot      *plot,
                   const PxPlotFrame *frame)
{
  GArray *all = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *ticks = g_array_new (FALSE, FALSE, sizeof (double));
  PxPlotSeries *first;
  double end = plot->log_x ? exp (frame->x1) : frame->x1;
  guint stride;

  if (plot->series->len == 0)
    {
      g_array_unref (all);
      return ticks;
    }
  first = g_ptr_array_index (plot->series, 0);
  for (guint k = 0; k < first->x->len; k++)
    {
      double x = g_array_index (first->x, double, k);

      if (isfinite (x) && (!plot->log_x || x > 0))
        g_array_append_val (all, x);
    }
  if (all->len >= 2)
    {
      double last = g_array_index (all, double, all->len - 1);
      double before = g_array_index (all, double, all->len - 2);
      double gap = plot->log_x ? last / before : last - before;

      for (guint k = 0; k < 100 && last > before; k++)
        {
          last = plot->log_x ? last * gap : last + gap;
          if (last > end * (1 + 1e-9))
            break;
          g_array_append_val (all, last);
        }
    }
  stride = (all->len + 9) / 10;
  for (guint k = 0; k < all->len; k++)
    if (stride <= 1 || k % stride == 0)
      g_array_append_val (ticks, g_array_index (all, double, k));
  g_array_unref (all);
  return ticks;
}

/* The plot in words, for assistive technologies: its title and each
 * marked series' points. */
char *
px_plot_dup_description (const PxPlot *plot)
{
  GString *text = g_string_new (plot->title);

  for (guint i = 0; i < plot->series->len; i++)
    {
      PxPlotSeries *s = g_ptr_array_index (plot->series, i);
      guint shown = 0;

      if (!s->markers)
        continue;
      /* Translators: a series of a plot read aloud, "Measured: 1 → 0.98, 2 → 1.9". */
      g_string_append_printf (text, _("; %s:"), s->name);
      for (guint k = 0; k < s->x->len; k++)
        {
          double y = g_array_index (s->y, double, k);

          if (!isfinite (y))
            continue;
          g_string_append_printf (text, "%s %g → %.3g", shown++ > 0 ? "," : "",
                                  g_array_index (s->x, double, k), y);
        }
    }
  return g_string_free (text, FALSE);
}
