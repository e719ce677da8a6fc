/* px-cached-bin.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A bin that shows its child as an image of the child's last drawing,
 * drawn again only when the child draws anew.
 *
 * GTK 4.8's cairo renderer walks every render node of the window at
 * every frame, clipped to the part that changed: a label outside that
 * part still costs its glyphs' setup. A part of the window that stays
 * the same while other parts change ten times a second (the profile
 * editor beside a running chart) is then cheaper as one image: GTK keeps
 * this bin's node while nothing inside it changes, and its one node
 * paints nothing outside the damage. When the child changes, the image is
 * drawn again whole: a change as small as a blinking caret then costs the
 * whole image, so the bin is for parts that change seldom or all at once
 * (a status line, tables refreshed once a second). Other renderers than
 * cairo's get the child's nodes as they are.
 */

#include "config.h"

#include "px-cached-bin.h"
#include "px-raster-tiles.h"

struct _PxCachedBin
{
  AdwBin         parent_instance;

  GskRenderNode *drawn;  /* the child's node the image shows */
  GskRenderNode *image;  /* a node painting it */
  int            scale;
};

G_DEFINE_FINAL_TYPE (PxCachedBin, px_cached_bin, ADW_TYPE_BIN)

static void
drop_image (PxCachedBin *self)
{
  g_clear_pointer (&self->drawn, gsk_render_node_unref);
  g_clear_pointer (&self->image, gsk_render_node_unref);
}

/* Whether @a and @b draw the same: the same node, or the same node moved
 * the same way (a child with margins is moved at each snapshot, by a new
 * transform node around its kept one). */
static gboolean
same_drawing (GskRenderNode *a,
              GskRenderNode *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL || gsk_render_node_get_node_type (a) != GSK_TRANSFORM_NODE ||
      gsk_render_node_get_node_type (b) != GSK_TRANSFORM_NODE)
    return FALSE;
  return gsk_transform_equal (gsk_transform_node_get_transform (a),
                              gsk_transform_node_get_transform (b)) &&
         same_drawing (gsk_transform_node_get_child (a), gsk_transform_node_get_child (b));
}

static void
px_cached_bin_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  PxCachedBin *self = PX_CACHED_BIN (widget);
  GtkWidget *child = adw_bin_get_child (ADW_BIN (self));
  int scale = gtk_widget_get_scale_factor (widget);
  GtkSnapshot *inner;
  GskRenderNode *node;

  if (child == NULL)
    return;

  /* Other renderers (GL) draw what did not change at little cost, and
   * an image would cost them an upload at each change. */
  if (!GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (gtk_widget_get_native (widget))))
    {
      drop_image (self);
      gtk_widget_snapshot_child (widget, child, snapshot);
      return;
    }

  inner = gtk_snapshot_new ();
  gtk_widget_snapshot_child (widget, child, inner);
  node = gtk_snapshot_free_to_node (inner);
  if (node == NULL)
    {
      drop_image (self);
      return;
    }

  /* GTK keeps the child's node while nothing in it changed, and then
   * seldom asks this bin to draw at all. */
  if (!same_drawing (node, self->drawn) || scale != self->scale)
    {
      g_clear_pointer (&self->image, gsk_render_node_unref);
      self->image = px_image_node_flatten (node, scale);
      self->scale = scale;
      g_clear_pointer (&self->drawn, gsk_render_node_unref);
      self->drawn = gsk_render_node_ref (node);
    }
  /* Too large for an image: as it is. */
  gtk_snapshot_append_node (snapshot, self->image != NULL ? self->image : node);
  gsk_render_node_unref (node);
}

static void
px_cached_bin_unrealize (GtkWidget *widget)
{
  /* Off screen, it keeps no pixels. */
  drop_image (PX_CACHED_BIN (widget));
  GTK_WIDGET_CLASS (px_cached_bin_parent_class)->unrealize (widget);
}

static void
px_cached_bin_finalize (GObject *object)
{
  drop_image (PX_CACHED_BIN (object));
  G_OBJECT_CLASS (px_cached_bin_parent_class)->finalize (object);
}

static void
px_cached_bin_class_init (PxCachedBinClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = px_cached_bin_finalize;
  widget_class->snapshot = px_cached_bin_snapshot;
  widget_class->unrealize = px_cached_bin_unrealize;
}

static void
px_cached_bin_init (PxCachedBin *self)
{
}

GtkWidget *
px_cached_bin_new (void)
{
  return g_object_new (PX_TYPE_CACHED_BIN, NULL);
}
