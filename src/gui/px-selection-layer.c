/* px-selection-layer.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The range the pointer is dragging across, to zoom into, and the time
 * view's selection, such as the span of the task clicked in the
 * timeline, shown in every chart on the view.
 */

#include "config.h"

#include <math.h>

#include "px-chart-layers.h"

#define MIN_SELECTION 1.0

struct _PxSelectionLayer
{
  PxChartLayer parent_instance;
};

G_DEFINE_FINAL_TYPE (PxSelectionLayer, px_selection_layer, PX_TYPE_CHART_LAYER)

static void
draw_band (PxChartFrame *f,
           double        from,
           double        to,
           double        fill)
{
  cairo_t *cr = f->cr;

  from = CLAMP (from, f->x, f->x + f->w);
  to = CLAMP (to, f->x, f->x + f->w);
  px_chart_set_source (cr, &f->accent, fill);
  cairo_rectangle (cr, from, f->y, MAX (to - from, 1), f->h);
  cairo_fill (cr);

  px_chart_set_source (cr, &f->accent, 0.8);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, round (from) + 0.5, f->y);
  cairo_line_to (cr, round (from) + 0.5, f->y + f->h);
  cairo_move_to (cr, MAX (round (to) - 0.5, round (from) + 0.5), f->y);
  cairo_line_to (cr, MAX (round (to) - 0.5, round (from) + 0.5), f->y + f->h);
  cairo_stroke (cr);
}

static void
px_selection_layer_draw_over (PxChartLayer *layer,
                              PxChartFrame *f)
{
  double start, end;

  px_time_view_get_selection (f->view, &start, &end);
  if (!isnan (start) && !isnan (end) && end >= f->t0 && start <= f->t1)
    draw_band (f, px_chart_frame_x_for_time (f, start), px_chart_frame_x_for_time (f, end),
               0.12);

  if (f->selecting && fabs (f->select_to - f->select_from) >= MIN_SELECTION)
    draw_band (f, MIN (f->select_from, f->select_to), MAX (f->select_from, f->select_to), 0.2);
}

static void
px_selection_layer_class_init (PxSelectionLayerClass *klass)
{
  PxChartLayerClass *layer_class = PX_CHART_LAYER_CLASS (klass);

  layer_class->draw_over = px_selection_layer_draw_over;
}

static void
px_selection_layer_init (PxSelectionLayer *self)
{
}

PxChartLayer *
px_selection_layer_new (void)
{
  return g_object_new (PX_TYPE_SELECTION_LAYER, NULL);
}
