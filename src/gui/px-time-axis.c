/* px-time-axis.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The time axis: a grid line and a label at each step of the scale's
 * steps that leaves room for its label.
 */

#include "config.h"

#include <math.h>

#include "px-chart-layers.h"
#include "px-scale.h"

struct _PxTimeAxis
{
  PxChartLayer parent_instance;
};

G_DEFINE_FINAL_TYPE (PxTimeAxis, px_time_axis, PX_TYPE_CHART_LAYER)

/* The smallest step whose labels fit, measured with zeros for digits: as
 * wide, and the same text from one frame to the next, so its layout is
 * made once. */
static double
choose_step (PxChartFrame *f)
{
  double span = f->t1 - f->t0;
  guint n_steps;
  const double *steps = px_scale_get_time_steps (&n_steps);
  int text_w, text_h;

  for (guint i = 0; i < n_steps; i++)
    {
      g_autofree char *widest = px_format_time (f->t1, steps[i], f->t1);
      double spacing = steps[i] * f->w / span;

      for (char *c = widest; *c != '\0'; c++)
        if (g_ascii_isdigit (*c))
          *c = '0';
      px_chart_frame_measure (f, widest, &text_w, &text_h);
      if (spacing >= MAX (60, text_w + 24))
        return steps[i];
    }
  return steps[n_steps - 1];
}

static void
px_time_axis_draw_under (PxChartLayer *layer,
                         PxChartFrame *f)
{
  cairo_t *cr = f->cr;
  double span = f->t1 - f->t0;
  double step;
  double last_right = -INFINITY;
  double label_y = f->y + f->h + PX_CHART_AXIS_GAP;
  int text_w, text_h;

  px_chart_frame_set_font (f, PX_CHART_FONT_SMALL);
  step = choose_step (f);
  cairo_set_line_width (cr, 1);
  for (double k = ceil (f->t0 / step - 1e-9); k * step <= f->t1 + 1e-9 * span; k++)
    {
      /* + 0 turns -0 into 0, which prints without a sign. */
      double t = k * step + 0.0;
      double x = round (px_chart_frame_x_for_time (f, t)) + 0.5;
      g_autofree char *text = px_format_time (t, step, f->t1);
      double label_x;

      if (x > f->x + 1 && x < f->x + f->w - 1)
        {
          px_chart_set_source (cr, &f->fg, 0.07);
          cairo_move_to (cr, x, f->y);
          cairo_line_to (cr, x, f->y + f->h);
          cairo_stroke (cr);
        }

      px_chart_set_source (cr, &f->fg, 0.35);
      cairo_move_to (cr, x, f->y + f->h);
      cairo_line_to (cr, x, f->y + f->h + 3);
      cairo_stroke (cr);

      px_chart_frame_measure (f, text, &text_w, &text_h);
      label_x = CLAMP (x - text_w / 2.0, 0, f->width - text_w);
      if (label_x < last_right + 8)
        continue;
      px_chart_set_source (cr, &f->fg, 0.55);
      px_chart_frame_show (f, label_x, label_y);
      last_right = label_x + text_w;
    }
}

static void
px_time_axis_class_init (PxTimeAxisClass *klass)
{
  PxChartLayerClass *layer_class = PX_CHART_LAYER_CLASS (klass);

  layer_class->draw_under = px_time_axis_draw_under;
}

static void
px_time_axis_init (PxTimeAxis *self)
{
}

PxChartLayer *
px_time_axis_new (void)
{
  return g_object_new (PX_TYPE_TIME_AXIS, NULL);
}
