/* px-plot-view.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "px-plot.h"

G_BEGIN_DECLS

#define PX_TYPE_PLOT_VIEW (px_plot_view_get_type ())

G_DECLARE_FINAL_TYPE (PxPlotView, px_plot_view, PX, PLOT_VIEW, GtkWidget)

GtkWidget    *px_plot_view_new       (void);
void          px_plot_view_set_plot  (PxPlotView *self,
                                      PxPlot     *plot);
const PxPlot *px_plot_view_get_plot  (PxPlotView *self);
void          px_plot_view_draw      (PxPlotView *self,
                                      cairo_t    *cr,
                                      int         width,
                                      int         height);
gboolean      px_plot_view_locate    (PxPlotView *self,
                                      double      vx,
                                      double      vy,
                                      double     *x,
                                      double     *y);
char         *px_plot_view_dup_reading (PxPlotView *self,
                                      double      x,
                                      double      y);

G_END_DECLS
