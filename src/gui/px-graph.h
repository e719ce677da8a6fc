/* px-graph.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "px-chart-layer.h"
#include "px-history.h"
#include "px-scale.h"
#include "px-time-view.h"

G_BEGIN_DECLS

#define PX_TYPE_GRAPH (px_graph_get_type ())

G_DECLARE_FINAL_TYPE (PxGraph, px_graph, PX, GRAPH, GtkWidget)

GtkWidget  *px_graph_new            (void);
GtkWidget  *px_graph_new_empty      (void);
void        px_graph_add_layer      (PxGraph         *self,
                                     PxChartLayer    *layer);
PxChartLayer *px_graph_find_layer   (PxGraph         *self,
                                     GType            type);
gboolean    px_graph_get_extent     (PxGraph         *self,
                                     double          *t0,
                                     double          *t1);
void        px_graph_set_title      (PxGraph         *self,
                                     const char      *title);
const char *px_graph_get_title      (PxGraph         *self);
void        px_graph_set_unit       (PxGraph         *self,
                                     const char      *unit);
const char *px_graph_get_unit       (PxGraph         *self);
void        px_graph_set_y_max      (PxGraph         *self,
                                     double           y_max);
void        px_graph_clear_series   (PxGraph         *self);
void        px_graph_add_series     (PxGraph         *self,
                                     PxHistory       *time,
                                     PxHistory       *values,
                                     const GdkRGBA   *color,
                                     const char      *label,
                                     gboolean         dashed);
void        px_graph_set_series_hidden (PxGraph      *self,
                                        guint         index,
                                        gboolean      hidden);
gboolean    px_graph_get_series_hidden (PxGraph      *self,
                                        guint         index);
void        px_graph_update_description (PxGraph     *self);
guint       px_graph_get_n_series   (PxGraph         *self);
guint       px_graph_get_n_points   (PxGraph         *self);
void        px_graph_set_range      (PxGraph         *self,
                                     double           start,
                                     double           end);
void        px_graph_get_range      (PxGraph         *self,
                                     double          *start,
                                     double          *end);
void        px_graph_set_heat_map   (PxGraph         *self,
                                     gboolean         heat_map);
gboolean    px_graph_get_heat_map   (PxGraph         *self);
const char *px_graph_get_reading    (PxGraph         *self);
void        px_graph_set_cursor     (PxGraph         *self,
                                     double           time);
double      px_graph_get_cursor     (PxGraph         *self);
void        px_graph_set_time_view  (PxGraph         *self,
                                     PxTimeView      *view);
PxTimeView *px_graph_get_time_view  (PxGraph         *self);
void        px_graph_draw           (PxGraph         *self,
                                     cairo_t         *cr,
                                     int              width,
                                     int              height);
void        px_graph_get_host_color (guint            index,
                                     GdkRGBA         *color);
void        px_graph_get_color      (guint            index,
                                     GdkRGBA         *color);
void        px_graph_get_role_color (PxColorRole      role,
                                     GdkRGBA         *color);

G_END_DECLS
