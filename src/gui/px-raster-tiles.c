/* px-raster-tiles.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A raster as columns of pixels, a render node each. GTK's renderer
 * draws again the part of the window whose render nodes changed; a chart
 * drawn as one node changes everywhere at each sample. Cut in columns,
 * each compared with what it showed last, it changes where its pixels
 * did. Also: any node as an image in a node (px_image_node_flatten), for
 * what is kept from frame to frame.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "px-raster-tiles.h"

/* Wide enough that a frame's new samples touch one or two columns, and
 * the nodes stay few. */
#define COLUMN_WIDTH 64

typedef struct
{
  cairo_surface_t *pixels;
  GskRenderNode   *node;
} Column;

static void
column_free (gpointer data)
{
  Column *column = data;

  g_clear_pointer (&column->pixels, cairo_surface_destroy);
  g_clear_pointer (&column->node, gsk_render_node_unref);
  g_free (column);
}

void
px_raster_tiles_init (PxRasterTiles *self)
{
  memset (self, 0, sizeof *self);
  self->columns = g_ptr_array_new_with_free_func (column_free);
}

void
px_raster_tiles_clear (PxRasterTiles *self)
{
  g_clear_pointer (&self->columns, g_ptr_array_unref);
}

/* Whether the raster's columns @x0 to @x0 + @width hold @pixels. */
static gboolean
same_pixels (cairo_surface_t *pixels,
             const PxRaster  *r,
             int              x0,
             int              width)
{
  const guchar *kept;
  int stride;

  if (pixels == NULL || cairo_image_surface_get_width (pixels) != width ||
      cairo_image_surface_get_height (pixels) != r->height)
    return FALSE;
  kept = cairo_image_surface_get_data (pixels);
  stride = cairo_image_surface_get_stride (pixels);
  for (int y = 0; y < r->height; y++)
    if (memcmp (kept + (gsize)y * stride, r->pixels + (gsize)y * r->stride + x0,
                (gsize)width * 4) != 0)
      return FALSE;
  return TRUE;
}

static cairo_surface_t *
copy_pixels (const PxRaster *r,
             int             x0,
             int             width)
{
  cairo_surface_t *copy = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, r->height);
  guchar *data;
  int stride;

  if (cairo_surface_status (copy) != CAIRO_STATUS_SUCCESS)
    return copy;
  cairo_surface_flush (copy);
  data = cairo_image_surface_get_data (copy);
  stride = cairo_image_surface_get_stride (copy);
  for (int y = 0; y < r->height; y++)
    memcpy (data + (gsize)y * stride, r->pixels + (gsize)y * r->stride + x0, (gsize)width * 4);
  cairo_surface_mark_dirty (copy);
  return copy;
}

static cairo_user_data_key_t pixels_key;

/* A node painting @pixels, an image surface with its device scale set,
 * over @bounds; do not draw into @pixels after. A cairo node, not a
 * texture: GTK 4.8's cairo renderer converts a texture's every pixel at
 * every frame, and paints a cairo node's only where the frame changed.
 * The node's recording refers to @pixels, and keeps them for as long as
 * it lives: let go of sooner, cairo would copy them for it. */
GskRenderNode *
px_image_node_new (cairo_surface_t       *pixels,
                   const graphene_rect_t *bounds)
{
  GskRenderNode *node = gsk_cairo_node_new (bounds);
  cairo_t *cr = gsk_cairo_node_get_draw_context (node);

  cairo_set_source_surface (cr, pixels, bounds->origin.x, bounds->origin.y);
  cairo_paint (cr);
  cairo_destroy (cr);
  /* Let go of when the recording is, after it has finished with them. */
  cairo_surface_set_user_data (gsk_cairo_node_get_surface (node), &pixels_key,
                               cairo_surface_reference (pixels),
                               (cairo_destroy_func_t)cairo_surface_destroy);
  return node;
}

/* @node as pixels at @scale pixels a unit, as a node painting them; NULL
 * if it draws nothing or is too large for an image. A cairo node is drawn
 * where it inks, any other over its bounds, in whole pixels so the image
 * lands on the pixels it was drawn for. A node GTK's renderer draws again at each frame that
 * touches it (a recording of glyphs and strokes, a tree of widgets' nodes)
 * then costs a clipped copy of pixels. */
GskRenderNode *
px_image_node_flatten (GskRenderNode *node,
                       double         scale)
{
  graphene_rect_t bounds;
  cairo_surface_t *recording, *pixels;
  GskRenderNode *image;
  double x0, y0, x1, y1;
  cairo_t *cr;

  recording = gsk_render_node_get_node_type (node) == GSK_CAIRO_NODE
              ? gsk_cairo_node_get_surface (node) : NULL;
  if (recording != NULL && cairo_surface_get_type (recording) == CAIRO_SURFACE_TYPE_RECORDING)
    {
      double x, y, w, h;

      cairo_recording_surface_ink_extents (recording, &x, &y, &w, &h);
      graphene_rect_init (&bounds, x, y, w, h);
    }
  else
    gsk_render_node_get_bounds (node, &bounds);
  x0 = floor (bounds.origin.x * scale);
  y0 = floor (bounds.origin.y * scale);
  x1 = ceil ((bounds.origin.x + bounds.size.width) * scale);
  y1 = ceil ((bounds.origin.y + bounds.size.height) * scale);
  if (x1 <= x0 || y1 <= y0)
    return NULL;

  pixels = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, x1 - x0, y1 - y0);
  if (cairo_surface_status (pixels) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (pixels);
      return NULL;
    }
  cairo_surface_set_device_scale (pixels, scale, scale);
  cr = cairo_create (pixels);
  cairo_translate (cr, -x0 / scale, -y0 / scale);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);

  image = px_image_node_new (pixels, &GRAPHENE_RECT_INIT (x0 / scale, y0 / scale,
                                                          (x1 - x0) / scale, (y1 - y0) / scale));
  cairo_surface_destroy (pixels);
  return image;
}

/* Appends @raster, drawn in cairo's ARGB32 at @scale pixels per unit,
 * at @x, @y of @snapshot; its columns before @from are known to be as
 * they were, when it was last appended at the same place, and so are
 * those it has clear still (from @raster->clear_from on, where it did
 * not draw). */
void
px_raster_tiles_snapshot (PxRasterTiles  *self,
                          GtkSnapshot    *snapshot,
                          const PxRaster *raster,
                          int             from,
                          double          x,
                          double          y,
                          double          scale)
{
  guint n;
  int unchanged_from;

  g_return_if_fail (raster->pixels != NULL && scale > 0);

  if (raster->width != self->width || raster->height != self->height || x != self->x ||
      y != self->y || scale != self->scale)
    {
      g_ptr_array_set_size (self->columns, 0);
      self->width = raster->width;
      self->height = raster->height;
      self->x = x;
      self->y = y;
      self->scale = scale;
    }

  n = (guint)((raster->width + COLUMN_WIDTH - 1) / COLUMN_WIDTH);
  while (self->columns->len < n)
    g_ptr_array_add (self->columns, g_new0 (Column, 1));

  /* Past what was drawn, before and now, the pixels are clear as they
   * were. */
  unchanged_from = MAX (raster->clear_from, raster->right);
  for (guint i = 0; i < n; i++)
    {
      Column *column = g_ptr_array_index (self->columns, i);
      int x0 = (int)i * COLUMN_WIDTH;
      int width = MIN (COLUMN_WIDTH, raster->width - x0);

      if (column->node == NULL ||
          (x0 + width > from && x0 < unchanged_from &&
           !same_pixels (column->pixels, raster, x0, width)))
        {
          graphene_rect_t bounds = GRAPHENE_RECT_INIT (x + x0 / scale, y, width / scale,
                                                       raster->height / scale);

          g_clear_pointer (&column->pixels, cairo_surface_destroy);
          g_clear_pointer (&column->node, gsk_render_node_unref);
          column->pixels = copy_pixels (raster, x0, width);
          cairo_surface_set_device_scale (column->pixels, scale, scale);
          column->node = px_image_node_new (column->pixels, &bounds);
        }
      gtk_snapshot_append_node (snapshot, column->node);
    }
}
