/* px-raster.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double x;
  double y;
} PxPoint;

/* The pixels of a cairo image surface being drawn, @stride in pixels. */
typedef struct
{
  guint32 *pixels;
  int      stride;
  int      width;
  int      height;
  /* The rows drawn into, to clear and composite no more than those. */
  int      top;
  int      bottom;
  /* Drawing leaves the columns before this one as they are. */
  int      left;
  /* The columns drawn into end before this one. */
  int      right;
  /* Kept pixels (px_raster_begin_kept ()): the columns from this one on
   * were clear before this drawing, and are where it did not draw. */
  int      clear_from;
} PxRaster;

/* Two image surfaces used in turn: the previous frame's render node may
 * still refer to one. Kept from frame to frame, since allocating and
 * faulting in a fresh one costs more than drawing the lines. */
typedef struct
{
  cairo_surface_t *surface[2];
  int              top[2];
  int              bottom[2];
  guint            index;
} PxRasterSurfaces;

gboolean          px_raster_begin          (PxRasterSurfaces *surfaces,
                                            PxRaster         *raster,
                                            int               width,
                                            int               height);
cairo_surface_t  *px_raster_end            (PxRasterSurfaces *surfaces,
                                            PxRaster         *raster,
                                            double            scale);
void              px_raster_surfaces_clear (PxRasterSurfaces *surfaces);
gboolean          px_raster_keep_surface   (cairo_surface_t **surface,
                                            int               width,
                                            int               height);
void              px_raster_begin_kept     (cairo_surface_t  *surface,
                                            PxRaster         *raster,
                                            int               from);
void              px_raster_end_kept       (cairo_surface_t  *surface,
                                            PxRaster         *raster);
guint32           px_raster_color          (double            red,
                                            double            green,
                                            double            blue);
void              px_raster_draw_polyline  (PxRaster         *raster,
                                            const PxPoint    *points,
                                            guint             n_points,
                                            double            origin_x,
                                            double            origin_y,
                                            double            scale,
                                            double            half_width,
                                            guint32           color,
                                            double            alpha,
                                            gboolean          dashed);
void              px_raster_fill_stack     (PxRaster         *raster,
                                            int               column,
                                            double            bottom,
                                            const double     *heights,
                                            const guint32    *colors,
                                            guint             n);
void              px_raster_fill_rect      (PxRaster         *raster,
                                            double            x0,
                                            double            y0,
                                            double            x1,
                                            double            y1,
                                            guint32           color,
                                            double            alpha);
void              px_raster_fill_band      (PxRaster         *raster,
                                            int               first,
                                            const guint16    *alphas,
                                            guint             n,
                                            double            top,
                                            double            bottom,
                                            guint32           color);

G_END_DECLS
