/* px-raster.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lines and bars drawn straight into the pixels of an image surface: in
 * each pixel column a line covers the rows its segments cross there, so
 * each pixel is blended once per line. A tenth of the cost of stroking
 * with cairo, and the same look at the widths graphs use.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "px-raster.h"

/* Blends an opaque @color over @pixel with @alpha out of 256, in cairo's
 * premultiplied ARGB32. */
static inline void
blend_pixel (guint32 *pixel,
             guint32  color,
             guint32  alpha)
{
  guint32 d = *pixel;
  guint32 inverse = 256 - alpha;
  guint32 rb = (((color & 0xff00ff) * alpha + (d & 0xff00ff) * inverse) >> 8) & 0xff00ff;
  guint32 ag = (((color >> 8) & 0xff00ff) * alpha + ((d >> 8) & 0xff00ff) * inverse) & 0xff00ff00;

  *pixel = rb | ag;
}

/* Rows in fixed point, 1/256 of a pixel: a line's spans are measured
 * and blended in integers. */
#define FIX_SHIFT 8
#define FIX_ONE   (1 << FIX_SHIFT)

/* Covers rows @top to @bottom (fixed point) of one column, antialiased
 * at both ends, with @alpha out of 256. */
static void
blend_span_fixed (PxRaster *r,
                  int      column,
                  int      top,
                  int      bottom,
                  guint32  color,
                  guint32  alpha)
{
  /* Read once: a store to the pixels may alias the raster's fields. */
  const gsize stride = r->stride;
  guint32 *p;
  int first, last;

  top = MAX (top, 0);
  bottom = MIN (bottom, r->height << FIX_SHIFT);
  if (bottom <= top)
    return;

  first = top >> FIX_SHIFT;
  last = (bottom - 1) >> FIX_SHIFT;
  r->top = MIN (r->top, first);
  r->bottom = MAX (r->bottom, last + 1);
  r->right = MAX (r->right, column + 1);
  p = r->pixels + column + first * stride;
  if (first == last)
    {
      blend_pixel (p, color, (alpha * (guint32)(bottom - top) + FIX_ONE / 2) >> FIX_SHIFT);
      return;
    }

  blend_pixel (p, color,
               (alpha * (guint32)(((first + 1) << FIX_SHIFT) - top) + FIX_ONE / 2) >> FIX_SHIFT);
  p += stride;
  if (alpha == 256)
    for (int n = last - first - 1; n > 0; n--, p += stride)
      *p = color;
  else
    for (int n = last - first - 1; n > 0; n--, p += stride)
      blend_pixel (p, color, alpha);
  blend_pixel (p, color,
               (alpha * (guint32)(bottom - (last << FIX_SHIFT)) + FIX_ONE / 2) >> FIX_SHIFT);
}

/* A row as fixed point, within the raster and a pixel either side. */
static inline int
to_fixed (const PxRaster *r,
          double          row)
{
  return (int)(CLAMP (row, -1.0, r->height + 1.0) * FIX_ONE);
}

/* Covers rows @top to @bottom (fractional) of one column, antialiased at
 * both ends. */
static void
blend_span (PxRaster *r,
            int      column,
            double   top,
            double   bottom,
            guint32  color,
            double   alpha)
{
  blend_span_fixed (r, column, to_fixed (r, top), to_fixed (r, bottom), color,
                    (guint32)(CLAMP (alpha, 0, 1) * 256 + 0.5));
}

/* The column a line is being drawn into, and how far it spans there, in
 * fixed point. */
typedef struct
{
  PxRaster *raster;
  guint32  color;
  guint32  alpha;
  double   dash;
  int      half;
  int      column;
  int      top;
  int      bottom;
} Pen;

static void
pen_flush (Pen *pen)
{
  PxRaster *r = pen->raster;

  if (pen->column < MAX (r->left, 0) || pen->column >= r->width)
    return;
  /* Dashes follow x, 6 px on and 4 off, as the vector lines. */
  if (pen->dash > 0 && fmod (pen->column / pen->dash, 10) >= 6)
    return;
  blend_span_fixed (r, pen->column, pen->top - pen->half, pen->bottom + pen->half,
                    pen->color, pen->alpha);
}

/* Adds the rows from @a to @b (either order) to column @column. */
static inline void
pen_add (Pen    *pen,
         int     column,
         double  a,
         double  b)
{
  int top = to_fixed (pen->raster, MIN (a, b));
  int bottom = to_fixed (pen->raster, MAX (a, b));

  if (column != pen->column)
    {
      pen_flush (pen);
      pen->column = column;
      pen->top = top;
      pen->bottom = bottom;
      return;
    }
  pen->top = MIN (pen->top, top);
  pen->bottom = MAX (pen->bottom, bottom);
}

/* An opaque colour as the raster's pixels hold it. */
guint32
px_raster_color (double red,
                 double green,
                 double blue)
{
  return 0xff000000u
         | (guint32)(CLAMP (red, 0, 1) * 255 + 0.5) << 16
         | (guint32)(CLAMP (green, 0, 1) * 255 + 0.5) << 8
         | (guint32)(CLAMP (blue, 0, 1) * 255 + 0.5);
}

/**
 * px_raster_draw_polyline:
 * @points: the line's points in user space; a NAN x breaks the line
 * @origin_x: (user space) where the raster's left edge is
 * @origin_y: (user space) where the raster's top edge is
 * @scale: raster pixels per user-space unit
 * @half_width: half the line's width, in raster pixels
 * @dashed: 6 units on, 4 off, following x
 *
 * Draws the runs of @points, antialiased.
 */
void
px_raster_draw_polyline (PxRaster      *r,
                         const PxPoint *points,
                         guint          n_points,
                         double         origin_x,
                         double         origin_y,
                         double         scale,
                         double         half,
                         guint32        color,
                         double         alpha,
                         gboolean       dashed)
{
  double x0 = 0, y0 = 0;
  gboolean open = FALSE;
  Pen pen = {
    .raster = r,
    .color = color,
    .alpha = (guint32)(CLAMP (alpha, 0, 1) * 256 + 0.5),
    .dash = dashed ? scale : 0,
    .half = (int)(CLAMP (half, 0, r->height) * FIX_ONE + 0.5),
    .column = -1,
  };

  for (guint i = 0; i < n_points; i++)
    {
      const PxPoint *p = &points[i];
      double x1, y1, slope, y;
      int first, last;

      if (isnan (p->x))
        {
          pen_flush (&pen);
          pen.column = -1;
          open = FALSE;
          continue;
        }

      x1 = (p->x - origin_x) * scale;
      y1 = (p->y - origin_y) * scale;
      if (!open)
        {
          if (x1 >= -1 && x1 < r->width + 1)
            pen_add (&pen, (int)floor (x1), y1, y1);
          x0 = x1;
          y0 = y1;
          open = TRUE;
          continue;
        }

      /* The columns from the one of the segment's start to its end's,
       * each covering the rows the segment crosses in it. */
      first = (int)floor (MAX (x0, -1.0));
      last = (int)floor (MIN (x1, r->width + 0.5));
      if (first >= last)
        {
          if (first == last)
            pen_add (&pen, first, y0, y1);
        }
      else
        {
          slope = (y1 - y0) / (x1 - x0);
          y = x0 > first ? y0 : y0 + (first - x0) * slope;
          for (int column = first; column < last; column++)
            {
              double next = y0 + (column + 1 - x0) * slope;

              pen_add (&pen, column, y, next);
              y = next;
            }
          pen_add (&pen, last, y, x1 < last + 1 ? y1 : y0 + (last + 1 - x0) * slope);
        }
      x0 = x1;
      y0 = y1;
    }
  pen_flush (&pen);
}

/* Covers the raster pixels from (@x0, @y0) to (@x1, @y1), antialiased
 * at the edges, and in proportion where it covers part of a column:
 * bars far narrower than a pixel add up to the pixel's share. */
void
px_raster_fill_rect (PxRaster *r,
                     double    x0,
                     double    y0,
                     double    x1,
                     double    y1,
                     guint32   color,
                     double    alpha)
{
  int first, last, top, bottom;

  x0 = MAX (x0, MAX (r->left, 0));
  x1 = MIN (x1, r->width);
  y0 = MAX (y0, 0);
  y1 = MIN (y1, r->height);
  if (!(x1 > x0) || !(y1 > y0))
    return;

  /* The columns and rows it covers whole: filled a row at a time, which
   * is what a wide bar is mostly made of. */
  first = (int)ceil (x0);
  last = (int)floor (x1);
  top = (int)ceil (y0);
  bottom = (int)floor (y1);
  if (alpha >= 1 && last - first >= 2 && bottom > top)
    {
      if (x0 < first)
        blend_span (r, first - 1, y0, y1, color, first - x0);
      if (x1 > last)
        blend_span (r, last, y0, y1, color, x1 - last);
      if (y0 < top)
        for (int column = first; column < last; column++)
          blend_pixel (r->pixels + (gsize)(top - 1) * r->stride + column, color,
                       (guint32)((top - y0) * 256 + 0.5));
      if (y1 > bottom)
        for (int column = first; column < last; column++)
          blend_pixel (r->pixels + (gsize)bottom * r->stride + column, color,
                       (guint32)((y1 - bottom) * 256 + 0.5));
      for (int row = top; row < bottom; row++)
        {
          guint32 *p = r->pixels + (gsize)row * r->stride;

          for (int column = first; column < last; column++)
            p[column] = color;
        }
      r->top = MIN (r->top, (int)y0);
      r->bottom = MAX (r->bottom, (int)ceil (y1));
      r->right = MAX (r->right, last);
      return;
    }

  first = (int)floor (x0);
  last = (int)ceil (x1) - 1;
  for (int column = first; column <= last; column++)
    {
      double cover = MIN (x1, column + 1) - MAX (x0, column);

      blend_span (r, column, y0, y1, color, alpha * cover);
    }
}

/**
 * px_raster_fill_band:
 * @first: the band's first column
 * @alphas: (array length=n): each column's alpha, out of 256
 * @top: the first row covered (fractional)
 * @bottom: where the band ends (fractional)
 * @color: an opaque colour, from px_raster_color ()
 *
 * Covers rows @top to @bottom of @n columns, each column in @color at
 * its own alpha, antialiased at the top and bottom: a heat map's row,
 * blended a pixel row at a time, each pixel once.
 */
void
px_raster_fill_band (PxRaster      *r,
                     int            first,
                     const guint16 *alphas,
                     guint          n,
                     double         top,
                     double         bottom,
                     guint32        color)
{
  int start = MAX (first, MAX (r->left, 0));
  int end = MIN (first + (int)n, r->width);
  int row0, row1;

  top = MAX (top, 0);
  bottom = MIN (bottom, r->height);
  if (end <= start || !(bottom > top))
    return;
  row0 = (int)floor (top);
  row1 = (int)ceil (bottom) - 1;
  for (int row = row0; row <= row1; row++)
    {
      guint32 *p = r->pixels + (gsize)row * r->stride;
      guint32 cover = (guint32)((MIN (bottom, row + 1.0) - MAX (top, (double)row)) * 256 + 0.5);

      if (cover == 0)
        continue;
      for (int c = start; c < end; c++)
        {
          guint32 alpha = cover == 256 ? alphas[c - first] : (alphas[c - first] * cover + 128) >> 8;

          if (alpha >= 256)
            p[c] = color;
          else if (alpha > 0)
            blend_pixel (p + c, color, alpha);
        }
    }
  r->top = MIN (r->top, row0);
  r->bottom = MAX (r->bottom, row1 + 1);
  r->right = MAX (r->right, end);
}

/**
 * px_raster_fill_stack:
 * @column: the pixel column
 * @bottom: the row the stack stands on (fractional)
 * @heights: the rows each colour covers, from the bottom up
 * @colors: opaque colours, from px_raster_color ()
 *
 * Stacks @n bands of colour in one pixel column, each pixel blended once
 * with the mix of the bands that cover it: the bars of a timeline
 * merged into a pixel's width, at a few rows a band.
 */
void
px_raster_fill_stack (PxRaster      *r,
                      int            column,
                      double         bottom,
                      const double  *heights,
                      const guint32 *colors,
                      guint          n)
{
  guint32 *p = r->pixels + column;
  double total = 0;
  double seg_bottom, seg_top;
  int first, last;
  guint seg = 0;

  if (column < MAX (r->left, 0) || column >= r->width || n == 0)
    return;
  for (guint i = 0; i < n; i++)
    total += heights[i];
  first = MAX ((int)floor (bottom - total), 0);
  last = MIN ((int)ceil (bottom) - 1, r->height - 1);
  if (last < first)
    return;
  r->top = MIN (r->top, first);
  r->bottom = MAX (r->bottom, last + 1);
  r->right = MAX (r->right, column + 1);

  seg_bottom = bottom;
  seg_top = bottom - heights[0];
  for (int row = last; row >= first; row--)
    {
      guint32 rb = 0, ag = 0, cover = 0;
      guint32 d;

      while (seg < n)
        {
          double overlap = MIN (seg_bottom, row + 1.0) - MAX (seg_top, (double)row);

          if (overlap > 0)
            {
              guint32 w = MIN ((guint32)(overlap * 256 + 0.5), 256 - cover);

              rb += (colors[seg] & 0xff00ff) * w;
              ag += ((colors[seg] >> 8) & 0xff00ff) * w;
              cover += w;
            }
          /* A band that ends in this row gives way to the next. */
          if (seg_top < row)
            break;
          seg++;
          if (seg < n)
            {
              seg_bottom = seg_top;
              seg_top -= heights[seg];
            }
        }
      if (cover == 0)
        continue;
      d = p[row * r->stride];
      rb = ((rb + (d & 0xff00ff) * (256 - cover)) >> 8) & 0xff00ff;
      ag = (ag + ((d >> 8) & 0xff00ff) * (256 - cover)) & 0xff00ff00;
      p[row * r->stride] = rb | ag;
    }
}

/* Starts drawing into the next surface of @surfaces, @width × @height
 * pixels, clear; FALSE if it cannot be made. */
gboolean
px_raster_begin (PxRasterSurfaces *s,
                 PxRaster         *r,
                 int               width,
                 int               height)
{
  cairo_surface_t *surface;

  memset (r, 0, sizeof *r);
  r->width = width;
  r->height = height;
  s->index = !s->index;
  if (s->surface[s->index] == NULL ||
      cairo_image_surface_get_width (s->surface[s->index]) != width ||
      cairo_image_surface_get_height (s->surface[s->index]) != height)
    {
      g_clear_pointer (&s->surface[s->index], cairo_surface_destroy);
      s->surface[s->index] = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      s->top[s->index] = s->bottom[s->index] = 0;
    }
  surface = s->surface[s->index];
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return FALSE;

  cairo_surface_flush (surface);
  r->pixels = (guint32 *)(gpointer)cairo_image_surface_get_data (surface);
  r->stride = cairo_image_surface_get_stride (surface) / 4;
  /* A new surface is clear; a used one is cleared where it was drawn. */
  if (s->bottom[s->index] > s->top[s->index])
    memset (r->pixels + (gsize)s->top[s->index] * r->stride, 0,
            (gsize)r->stride * 4 * (MIN (s->bottom[s->index], height) - s->top[s->index]));
  r->top = height;
  r->bottom = 0;
  /* Nothing is known of what the pixels were. */
  r->clear_from = width;
  return TRUE;
}

/* Ends drawing: the surface, at @scale pixels per unit, to paint rows
 * @raster->top to ->bottom of (a reference); NULL if it could not be made. */
cairo_surface_t *
px_raster_end (PxRasterSurfaces *s,
               PxRaster         *r,
               double            scale)
{
  cairo_surface_t *surface = s->surface[s->index];

  if (r->pixels == NULL || surface == NULL)
    return NULL;
  s->top[s->index] = r->top;
  s->bottom[s->index] = r->bottom;
  cairo_surface_mark_dirty (surface);
  cairo_surface_set_device_scale (surface, scale, scale);
  return cairo_surface_reference (surface);
}

/* Keeps *@surface, pixels kept from frame to frame, if it is @width ×
 * @height; else makes it anew, clear. TRUE when kept as it was: its
 * pixels are those last drawn. Check its status after. */
gboolean
px_raster_keep_surface (cairo_surface_t **surface,
                        int               width,
                        int               height)
{
  if (*surface != NULL && cairo_image_surface_get_width (*surface) == width &&
      cairo_image_surface_get_height (*surface) == height)
    return TRUE;
  g_clear_pointer (surface, cairo_surface_destroy);
  *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  return FALSE;
}

/* How far a kept surface's pixels are drawn: its columns from this one
 * on are clear. */
static cairo_user_data_key_t drawn_to_key;

static int
get_drawn_to (cairo_surface_t *surface)
{
  return GPOINTER_TO_INT (cairo_surface_get_user_data (surface, &drawn_to_key));
}

/* Starts drawing into @surface again from its column @from on: those
 * columns are cleared, as far as they were drawn, the others kept; call
 * px_raster_end_kept () after. */
void
px_raster_begin_kept (cairo_surface_t *surface,
                      PxRaster        *r,
                      int              from)
{
  guchar *data;
  int stride, to;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  memset (r, 0, sizeof *r);
  r->pixels = (guint32 *)(gpointer)data;
  r->stride = stride / 4;
  r->width = cairo_image_surface_get_width (surface);
  r->height = cairo_image_surface_get_height (surface);
  r->top = r->height;
  r->left = from;
  /* The columns before @from are kept: count them drawn. */
  r->right = from;
  to = MIN (get_drawn_to (surface), r->width);
  r->clear_from = MAX (to, from);
  for (int y = 0; y < r->height && from < to; y++)
    memset (data + (gsize)y * stride + (gsize)from * 4, 0, (gsize)(to - from) * 4);
}

/* Ends drawing into @surface from px_raster_begin_kept (): it keeps how
 * far it is now drawn. */
void
px_raster_end_kept (cairo_surface_t *surface,
                    PxRaster        *r)
{
  cairo_surface_mark_dirty (surface);
  /* Columns before @r->left may be drawn, and @r->right is at least
   * that; those after were cleared, then drawn up to @r->right. */
  cairo_surface_set_user_data (surface, &drawn_to_key, GINT_TO_POINTER (r->right), NULL);
}

void
px_raster_surfaces_clear (PxRasterSurfaces *s)
{
  g_clear_pointer (&s->surface[0], cairo_surface_destroy);
  g_clear_pointer (&s->surface[1], cairo_surface_destroy);
}
