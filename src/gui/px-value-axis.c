/* px-value-axis.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The value axis: grid lines under the data at 1, 2, 2.5 or 5 × 10^n,
 * and their labels over it, on a backing so they read over lines.
 */

#include "config.h"

#include <math.h>

#include "px-chart-layers.h"
#include "px-scale.h"

struct _PxValueAxis
{
  PxChartLayer parent_instance;
};

G_DEFINE_FINAL_TYPE (PxValueAxis, px_value_axis, PX_TYPE_CHART_LAYER)

/* 2 to 5 intervals, as many as the height leaves room to label,
 * preferring a step that divides the top so it gets a line and a label
 * too. */
static double
y_step (const PxChartFrame *f,
        int                *n_lines)
{
  int max_intervals = CLAMP ((int)(f->h / (2.0 * f->text_height)), 2, 5);

  return px_scale_value_step (f->y_top, max_intervals, n_lines);
}

static double
y_for_value (const PxChartFrame *f,
             double              v)
{
  return round (f->y + f->h - v * f->h / f->y_top) + 0.5;
}

static void
px_value_axis_draw_under (PxChartLayer *layer,
                          PxChartFrame *f)
{
  cairo_t *cr = f->cr;
  int n;
  double step = y_step (f, &n);

  if (f->rows)
    return;

  cairo_set_line_width (cr, 1);
  for (int i = 1; i < n; i++)
    {
      double y = y_for_value (f, i * step);

      cairo_move_to (cr, f->x, y);
      cairo_line_to (cr, f->x + f->w, y);
    }
  px_chart_set_source (cr, &f->fg, 0.12);
  cairo_stroke (cr);

  /* The zero line is the axis. */
  cairo_move_to (cr, f->x, y_for_value (f, 0));
  cairo_line_to (cr, f->x + f->w, y_for_value (f, 0));
  px_chart_set_source (cr, &f->fg, 0.35);
  cairo_stroke (cr);
}

/* Labels at the left of their grid line; zero goes without, as it would
 * meet the time labels. */
static void
px_value_axis_draw_over (PxChartLayer *layer,
                         PxChartFrame *f)
{
  cairo_t *cr = f->cr;
  int n;
  double step = y_step (f, &n);
  int max_decimals;
  double divisor;
  const char *prefix;

  if (f->rows)
    return;

  px_chart_frame_set_font (f, PX_CHART_FONT_SMALL);
  px_scale_choose_prefix (f->y_top, &divisor, &prefix);
  max_decimals = px_scale_count_decimals (step / divisor, 3);

  for (int i = 1; i < n; i++)
    {
      /* A unit in words is in the chart's title, not after each number. */
      g_autofree char *text = px_format_value (i * step, divisor, prefix, max_decimals,
                                               px_unit_is_symbol (f->unit) ? f->unit : NULL);
      double y = y_for_value (f, i * step);
      int text_w, text_h;

      px_chart_frame_measure (f, text, &text_w, &text_h);
      px_chart_rounded_rectangle (cr, f->x, y - text_h / 2.0 - 1, text_w + 8, text_h + 2, 3);
      px_chart_set_source (cr, &f->background, 0.85);
      cairo_fill (cr);
      px_chart_set_source (cr, &f->fg, 0.6);
      px_chart_frame_show (f, f->x + 4, y - text_h / 2.0);
    }
}

static void
px_value_axis_class_init (PxValueAxisClass *klass)
{
  PxChartLayerClass *layer_class = PX_CHART_LAYER_CLASS (klass);

  layer_class->draw_under = px_value_axis_draw_under;
  layer_class->draw_over = px_value_axis_draw_over;
}

static void
px_value_axis_init (PxValueAxis *self)
{
}

PxChartLayer *
px_value_axis_new (void)
{
  return g_object_new (PX_TYPE_VALUE_AXIS, NULL);
}
