/* px-graph-private.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the chart widget (px-graph.c: its layers, input and API) and its
 * drawing of a frame (px-graph-draw.c) share.
 */

#pragma once

#include "px-chart-layers.h"
#include "px-graph.h"

G_BEGIN_DECLS

/* What the parts of a frame other than the data are drawn from. */
typedef struct
{
  guint    serial;
  guint    plot_serial;
  int      width;
  int      height;
  double   scale;
  GdkRGBA  fg;
  GdkRGBA  background;
  GdkRGBA  popover;
  GdkRGBA  accent;
  double   t0;
  double   t1;
  double   y_top;
  gboolean has_data;
  gboolean rows;
} PxGraphLook;

struct _PxGraph
{
  GtkWidget  parent_instance;

  char         *title;
  char         *unit;
  double        y_max;
  /* PxChartLayer, in drawing order. */
  GPtrArray    *layers;
  /* The line layer the series functions act on, if any. */
  PxLineLayer  *lines;
  /* Built without the line chart's layers. */
  gboolean      empty;
  /* Lines drawn as a heat map, a row each. */
  gboolean      heat_map;

  /* The range, cursor and selection, shared with other charts; a chart
   * alone has one of its own. */
  PxTimeView   *view;

  /* The pointer, in widget coordinates. */
  gboolean      hovering;
  double        pointer_x;
  double        pointer_y;
  gboolean      selecting;
  double        select_from;
  double        select_to;

  /* What the readings at the keyboard's cursor said last, which
   * assistive technologies are told instead of the latest values. */
  char         *reading;

  /* The plot as last drawn on screen, for the pointer. */
  PxChartFrame  last;
  PxTextCache   texts;

  /* Bumped when anything other than new samples asks for a frame: the
   * layers' state, the view, the pointer, the keys. */
  guint          look_serial;
  /* Bumped when the view's range or selection changes: the plot is drawn
   * again, the header kept. */
  guint          plot_serial;
  /* The last frame on screen: what it was drawn from, and its parts
   * under and over the data, kept while that stays the same. */
  PxGraphLook    look;
  double         header_h;
  GskRenderNode *header;
  GskRenderNode *back;
  GskRenderNode *front;
  /* The cursor's node, and what it drew (px_cursor_layer_describe ()). */
  GskRenderNode *cursor;
  char          *cursor_key;
  /* Frames drawn on screen so far. */
  guint64        frames;
};

void _px_graph_redraw             (PxGraph  *self);
void _px_graph_redraw_plot        (PxGraph  *self);
void _px_graph_compute_view       (PxGraph  *self,
                                   double   *t0,
                                   double   *t1);
void _px_graph_invalidate_legends (PxGraph  *self);
void _px_graph_init_keys          (PxGraph  *self);
void _px_graph_init_pointer       (PxGraph  *self);
void _px_graph_show_all_keys      (PxGraph               *self,
                                   const graphene_rect_t *area);
void _px_graph_snapshot_frame     (PxGraph     *self,
                                   GtkSnapshot *snapshot,
                                   int          width,
                                   int          height,
                                   double       raster_scale);

G_END_DECLS
