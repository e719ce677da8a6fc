/* px-raster-tiles.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "px-raster.h"

G_BEGIN_DECLS

/* A raster shown on screen as columns of pixels, a render node each. A
 * column whose pixels are those of the last frame keeps its render node,
 * so GTK sees it unchanged and draws again only the columns that did
 * change: a line chart on a time axis that moves a step at a time
 * changes where its newest samples are. */
typedef struct
{
  GPtrArray *columns;
  int        width;
  int        height;
  double     x;
  double     y;
  double     scale;
} PxRasterTiles;

GskRenderNode *px_image_node_new (cairo_surface_t       *pixels,
                                  const graphene_rect_t *bounds);
GskRenderNode *px_image_node_flatten (GskRenderNode *node,
                                      double         scale);

void px_raster_tiles_init     (PxRasterTiles  *self);
void px_raster_tiles_clear    (PxRasterTiles  *self);
void px_raster_tiles_snapshot (PxRasterTiles  *self,
                               GtkSnapshot    *snapshot,
                               const PxRaster *raster,
                               int             from,
                               double          x,
                               double          y,
                               double          scale);

G_END_DECLS
