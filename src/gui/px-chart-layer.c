/* px-chart-layer.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One layer of a chart (PxGraph): the axes, the lines, the legend, the
 * cursor's readings, the selection and the task timeline are each a
 * layer, drawn in the order they were added. A layer says "changed"
 * when it needs drawing again, "keys-changed" when its legend does.
 */

#include "config.h"

#include <math.h>

#include "px-chart-layer.h"

enum {
  CHANGED,
  DATA_CHANGED,
  KEYS_CHANGED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

G_DEFINE_ABSTRACT_TYPE (PxChartLayer, px_chart_layer, G_TYPE_OBJECT)

static void
px_chart_layer_class_init (PxChartLayerClass *klass)
{
  /**
   * PxChartLayer::changed:
   *
   * What the layer shows changed: the chart draws again.
   */
  signals [CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * PxChartLayer::data-changed:
   *
   * The layer has new data, and what it draws under and over the data
   * (px_chart_layer_draw_under (), px_chart_layer_draw_over ()) is the
   * same: the chart draws its data again and keeps the rest.
   */
  signals [DATA_CHANGED] =
    g_signal_new ("data-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * PxChartLayer::keys-changed:
   *
   * Its legend entries changed: the header is laid out again.
   */
  signals [KEYS_CHANGED] =
    g_signal_new ("keys-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
px_chart_layer_init (PxChartLayer *self)
{
}

gboolean
px_chart_layer_get_extent (PxChartLayer *self,
                           double       *first,
                           double       *last,
                           gboolean     *clipped)
{
  PxChartLayerClass *klass = PX_CHART_LAYER_GET_CLASS (self);

  *clipped = FALSE;
  return klass->get_extent != NULL && klass->get_extent (self, first, last, clipped);
}

double
px_chart_layer_get_value_max (PxChartLayer *self,
                              double        t0,
                              double        t1)
{
  PxChartLayerClass *klass = PX_CHART_LAYER_GET_CLASS (self);

  return klass->get_value_max != NULL ? klass->get_value_max (self, t0, t1) : -INFINITY;
}

double
px_chart_layer_draw_header (PxChartLayer *self,
                            PxChartFrame *f)
{
  PxChartLayerClass *klass = PX_CHART_LAYER_GET_CLASS (self);

  return klass->draw_header != NULL ? klass->draw_header (self, f) : 0;
}

void
px_chart_layer_draw_under (PxChartLayer *self,
                           PxChartFrame *f)
{
  PxChartLayerClass *klass = PX_CHART_LAYER_GET_CLASS (self);

  if (klass->draw_under != NULL)
    klass->draw_under (self, f);
}

void
px_chart_layer_draw (PxChartLayer *self,
                     PxChartFrame *f)
{
  PxChartLayerClass *klass = PX_CHART_LAYER_GET_CLASS (self);

  if (klass->draw != NULL)
    klass->draw (self, f);
}

void
px_chart_layer_draw_over (PxChartLayer *self,
                          PxChartFrame *f)
{
  PxChartLayerClass *klass = PX_CHART_LAYER_GET_CLASS (self);

  if (klass->draw_over != NULL)
    klass->draw_over (self, f);
}

gboolean
px_chart_layer_snapshot (PxChartLayer *self,
                         PxChartFrame *f,
                         GtkSnapshot  *snapshot,
                         gboolean      same_frame)
{
  PxChartLayerClass *klass;

  g_return_val_if_fail (PX_IS_CHART_LAYER (self), FALSE);

  klass = PX_CHART_LAYER_GET_CLASS (self);
  return klass->snapshot != NULL && klass->snapshot (self, f, snapshot, same_frame);
}

guint
px_chart_layer_get_n_keys (PxChartLayer *self)
{
  PxChartLayerClass *klass = PX_CHART_LAYER_GET_CLASS (self);

  return klass->get_n_keys != NULL ? klass->get_n_keys (self) : 0;
}

void
px_chart_layer_get_key (PxChartLayer *self,
                        guint         index,
                        PxChartKey   *key)
{
  memset (key, 0, sizeof *key);
  PX_CHART_LAYER_GET_CLASS (self)->get_key (self, index, key);
}

void
px_chart_layer_set_key_hidden (PxChartLayer *self,
                               guint         index,
                               gboolean      hidden)
{
  PxChartLayerClass *klass = PX_CHART_LAYER_GET_CLASS (self);

  if (klass->set_key_hidden != NULL)
    klass->set_key_hidden (self, index, hidden);
}

void
px_chart_layer_read_cursor (PxChartLayer *self,
                            PxChartFrame *f,
                            double        cursor_x,
                            PxReadings   *readings)
{
  PxChartLayerClass *klass = PX_CHART_LAYER_GET_CLASS (self);

  if (klass->read_cursor != NULL)
    klass->read_cursor (self, f, cursor_x, readings);
}

gboolean
px_chart_layer_pressed (PxChartLayer       *self,
                        const PxChartFrame *f,
                        double              x,
                        double              y)
{
  PxChartLayerClass *klass = PX_CHART_LAYER_GET_CLASS (self);

  return klass->pressed != NULL && klass->pressed (self, f, x, y);
}

void
px_chart_layer_describe (PxChartLayer *self,
                         const char   *unit,
                         GString      *text)
{
  PxChartLayerClass *klass = PX_CHART_LAYER_GET_CLASS (self);

  if (klass->describe != NULL)
    klass->describe (self, unit, text);
}

void
px_chart_layer_changed (PxChartLayer *self)
{
  g_return_if_fail (PX_IS_CHART_LAYER (self));

  g_signal_emit (self, signals [CHANGED], 0);
}

void
px_chart_layer_data_changed (PxChartLayer *self)
{
  g_return_if_fail (PX_IS_CHART_LAYER (self));

  g_signal_emit (self, signals [DATA_CHANGED], 0);
}

void
px_chart_layer_keys_changed (PxChartLayer *self)
{
  g_return_if_fail (PX_IS_CHART_LAYER (self));

  g_signal_emit (self, signals [KEYS_CHANGED], 0);
}

void
px_readings_init (PxReadings *readings,
                  guint       max_lines)
{
  readings->heading = NULL;
  readings->names = g_ptr_array_new_with_free_func (g_free);
  readings->values = g_ptr_array_new_with_free_func (g_free);
  readings->keys = g_array_new (FALSE, FALSE, sizeof (PxChartKey));
  readings->dots = g_array_new (FALSE, FALSE, sizeof (PxReadingDot));
  readings->max_lines = max_lines;
  readings->n_more = 0;
}

void
px_readings_clear (PxReadings *readings)
{
  g_clear_pointer (&readings->heading, g_free);
  g_clear_pointer (&readings->names, g_ptr_array_unref);
  g_clear_pointer (&readings->values, g_ptr_array_unref);
  g_clear_pointer (&readings->keys, g_array_unref);
  g_clear_pointer (&readings->dots, g_array_unref);
}

/* FALSE once the lines are full: the caller counts the rest in n_more
 * rather than formatting what will not be shown. */
gboolean
px_readings_has_room (PxReadings *readings)
{
  return readings->names->len < readings->max_lines;
}

/* Adds a line, taking @name and @value; @key may be NULL for a line
 * without a swatch. */
void
px_readings_add (PxReadings       *readings,
                 const PxChartKey *key,
                 char             *name,
                 char             *value)
{
  PxChartKey none = { 0 };

  g_ptr_array_add (readings->names, name);
  g_ptr_array_add (readings->values, value);
  g_array_append_vals (readings->keys, key != NULL ? key : &none, 1);
}

/* Marks a dot in @color at @x, @y, where the cursor meets a line. */
void
px_readings_add_dot (PxReadings    *readings,
                     double         x,
                     double         y,
                     const GdkRGBA *color)
{
  PxReadingDot dot = { x, y, *color };

  g_array_append_val (readings->dots, dot);
}
