/* px-line-layer-private.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the line layer (px-line-layer.c: series, lines, the cursor's
 * dots) and its drawing of many series (px-line-layer-rows.c: a heat map
 * a row a series, readings of their sum and the highest) share.
 */

#pragma once

#include "px-chart-layers.h"
#include "px-raster.h"
#include "px-raster-tiles.h"

G_BEGIN_DECLS

struct _PxChartSeries
{
  PxHistory *time;
  PxHistory *values;
  GdkRGBA    color;
  char      *label;
  gboolean   dashed;
  gboolean   hidden;
};

struct _PxLineLayer
{
  PxChartLayer parent_instance;

  GPtrArray *series;
  /* Reused between frames so drawing allocates nothing per point. */
  GArray    *points;
  /* Two line rasters for exports, used in turn: a recording surface
   * drawn into may still refer to the last one. */
  PxRasterSurfaces raster;
  /* The lines as last shown on screen: their pixels, what each series
   * held then, and the pixels as render nodes. */
  cairo_surface_t *screen;
  GArray          *screen_drawn;
  PxRasterTiles    tiles;
  /* A row a series, coloured by its value, instead of lines. */
  gboolean   heat_map;
};

static inline PxChartSeries *
get_series (PxLineLayer *self,
            guint        index)
{
  return g_ptr_array_index (self->series, index);
}

int  _px_line_layer_find_nearest  (const PxChartSeries *series,
                                   double               t);
void _px_line_layer_draw_heat_map (PxLineLayer         *self,
                                   PxChartFrame        *f);
void _px_line_layer_read_many     (PxLineLayer         *self,
                                   PxChartFrame        *f,
                                   double               cursor,
                                   PxReadings          *readings);

G_END_DECLS
