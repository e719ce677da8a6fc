/* px-plot.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "px-scale.h"

G_BEGIN_DECLS

/* A line of an XY plot: points with an optional error each (NaN for
 * none), drawn dashed or solid, with or without markers. */
typedef struct
{
  char    *name;
  PxColor  color;
  gboolean dashed;
  gboolean markers;
  GArray  *x;
  GArray  *y;
  GArray  *error;
} PxPlotSeries;

/* An XY plot: its series in drawing order. The x ticks are the first
 * series' x values, as a sweep's measured values are. */
typedef struct
{
  char      *title;
  char      *x_label;
  char      *y_label;
  gboolean   log_x;
  GPtrArray *series;
} PxPlot;

/* Where a plot's values go: x from @x0 to @x1 (their logarithms on a
 * log scale), y from 0 to @top in @n_lines lines @step apart. */
typedef struct
{
  double x0;
  double x1;
  double top;
  double step;
  int    n_lines;
} PxPlotFrame;

PxPlot       *px_plot_new         (const char    *title,
                                   const char    *x_label,
                                   const char    *y_label,
                                   gboolean       log_x);
void          px_plot_free        (PxPlot        *plot);
PxPlotSeries *px_plot_add_series  (PxPlot        *plot,
                                   const char    *name,
                                   const PxColor *color,
                                   gboolean       dashed,
                                   gboolean       markers);
void          px_plot_series_add  (PxPlotSeries  *series,
                                   double         x,
                                   double         y,
                                   double         error);
gboolean      px_plot_get_frame   (const PxPlot  *plot,
                                   PxPlotFrame   *frame);
double        px_plot_frame_x     (const PxPlot  *plot,
                                   const PxPlotFrame *frame,
                                   double         x);
double        px_plot_frame_y     (const PxPlotFrame *frame,
                                   double         y);
GArray       *px_plot_dup_ticks   (const PxPlot  *plot,
                                   const PxPlotFrame *frame);
char         *px_plot_dup_description (const PxPlot *plot);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PxPlot, px_plot_free)

G_END_DECLS
