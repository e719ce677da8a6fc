/* px-chart-layer.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "px-chart-frame.h"

G_BEGIN_DECLS

#define PX_TYPE_CHART_LAYER (px_chart_layer_get_type ())

G_DECLARE_DERIVABLE_TYPE (PxChartLayer, px_chart_layer, PX, CHART_LAYER, GObject)

/* One entry of the legend. */
typedef struct
{
  const char *label;
  GdkRGBA     color;
  gboolean    dashed;
  /* Drawn as areas (bars), so keyed by a block of colour. */
  gboolean    block;
  gboolean    hidden;
} PxChartKey;

/* A dot where the cursor meets a line. */
typedef struct
{
  double  x;
  double  y;
  GdkRGBA color;
} PxReadingDot;

/* What the cursor reads: a heading, then a line per series or fact, as
 * many as there is room for, and a count of the rest; and the dots it
 * marks on the data. */
typedef struct
{
  char      *heading;
  GPtrArray *names;
  GPtrArray *values;
  GArray    *keys;
  GArray    *dots;
  guint      max_lines;
  guint      n_more;
} PxReadings;

struct _PxChartLayerClass
{
  GObjectClass parent_class;

  /* The first and last times it has data for; FALSE without data.
   * @clipped is set when older data was dropped, so the start of the
   * view is the first time rather than zero. */
  gboolean (*get_extent)     (PxChartLayer       *self,
                              double             *first,
                              double             *last,
                              gboolean           *clipped);
  /* The largest value it shows from @t0 to @t1, or -INFINITY. */
  double   (*get_value_max)  (PxChartLayer       *self,
                              double              t0,
                              double              t1);
  /* The header above the plot; returns its height. */
  double   (*draw_header)    (PxChartLayer       *self,
                              PxChartFrame       *f);
  /* Under the data (grids), the data, over the data (labels, cursor).
   * On screen, what a layer draws in its header, under and over the data
   * is kept from frame to frame (px-graph-draw.c) until the frame's size,
   * times, values or colours change or the layer says ::changed; only
   * draw () and the cursor layer's draw_over () run at every frame, so
   * samples that arrive without ::changed belong there. */
  void     (*draw_under)     (PxChartLayer       *self,
                              PxChartFrame       *f);
  void     (*draw)           (PxChartLayer       *self,
                              PxChartFrame       *f);
  void     (*draw_over)      (PxChartLayer       *self,
                              PxChartFrame       *f);
  /* On screen, the data as render nodes that stay the same objects where
   * the data's pixels did (px-raster-tiles.c), so GTK draws again only
   * where they changed; FALSE leaves it to draw (). @same_frame: the
   * last frame had the same size, times and values. */
  gboolean (*snapshot)       (PxChartLayer       *self,
                              PxChartFrame       *f,
                              GtkSnapshot        *snapshot,
                              gboolean            same_frame);
  guint    (*get_n_keys)     (PxChartLayer       *self);
  void     (*get_key)        (PxChartLayer       *self,
                              guint               index,
                              PxChartKey         *key);
  void     (*set_key_hidden) (PxChartLayer       *self,
                              guint               index,
                              gboolean            hidden);
  /* Adds what it shows at the cursor to @readings, and marks it. */
  void     (*read_cursor)    (PxChartLayer       *self,
                              PxChartFrame       *f,
                              double              cursor_x,
                              PxReadings         *readings);
  /* A click in the plot; TRUE when it meant something to the layer. */
  gboolean (*pressed)        (PxChartLayer       *self,
                              const PxChartFrame *f,
                              double              x,
                              double              y);
  /* Tells assistive technologies what it shows now, appended to @text. */
  void     (*describe)       (PxChartLayer       *self,
                              const char         *unit,
                              GString            *text);
};

gboolean px_chart_layer_get_extent     (PxChartLayer       *self,
                                        double             *first,
                                        double             *last,
                                        gboolean           *clipped);
double   px_chart_layer_get_value_max  (PxChartLayer       *self,
                                        double              t0,
                                        double              t1);
double   px_chart_layer_draw_header    (PxChartLayer       *self,
                                        PxChartFrame       *f);
void     px_chart_layer_draw_under     (PxChartLayer       *self,
                                        PxChartFrame       *f);
void     px_chart_layer_draw           (PxChartLayer       *self,
                                        PxChartFrame       *f);
void     px_chart_layer_draw_over      (PxChartLayer       *self,
                                        PxChartFrame       *f);
gboolean px_chart_layer_snapshot       (PxChartLayer       *self,
                                        PxChartFrame       *f,
                                        GtkSnapshot        *snapshot,
                                        gboolean            same_frame);
guint    px_chart_layer_get_n_keys     (PxChartLayer       *self);
void     px_chart_layer_get_key        (PxChartLayer       *self,
                                        guint               index,
                                        PxChartKey         *key);
void     px_chart_layer_set_key_hidden (PxChartLayer       *self,
                                        guint               index,
                                        gboolean            hidden);
void     px_chart_layer_read_cursor    (PxChartLayer       *self,
                                        PxChartFrame       *f,
                                        double              cursor_x,
                                        PxReadings         *readings);
gboolean px_chart_layer_pressed        (PxChartLayer       *self,
                                        const PxChartFrame *f,
                                        double              x,
                                        double              y);
void     px_chart_layer_describe       (PxChartLayer       *self,
                                        const char         *unit,
                                        GString            *text);
void     px_chart_layer_changed        (PxChartLayer       *self);
void     px_chart_layer_data_changed   (PxChartLayer       *self);
void     px_chart_layer_keys_changed   (PxChartLayer       *self);

void     px_readings_init              (PxReadings         *readings,
                                        guint               max_lines);
void     px_readings_clear             (PxReadings         *readings);
gboolean px_readings_has_room          (PxReadings         *readings);
void     px_readings_add               (PxReadings         *readings,
                                        const PxChartKey   *key,
                                        char               *name,
                                        char               *value);
void     px_readings_add_dot           (PxReadings         *readings,
                                        double              x,
                                        double              y,
                                        const GdkRGBA      *color);

G_END_DECLS
