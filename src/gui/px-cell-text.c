/* px-cell-text.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One line of text whose size does not depend on the text: it asks for
 * room for a given number of digits and ellipsizes what does not fit.
 * Live figures change several times a second; with a GtkLabel every
 * change queues a resize that re-measures the whole window, while here
 * a change only redraws the cell.
 */

#include "config.h"

#include "px-cell-text.h"

struct _PxCellText
{
  GtkWidget    parent_instance;

  char        *text;
  PangoLayout *layout;
  guint        width_chars;
  float        xalign;
};

G_DEFINE_FINAL_TYPE (PxCellText, px_cell_text, GTK_TYPE_WIDGET)

static void
ensure_layout (PxCellText *self)
{
  if (self->layout != NULL)
    return;

  self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->text);
  pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (self->layout, TRUE);

  /* Digits of the same width, so figures do not jitter as they change. */
  {
    PangoAttrList *attrs = pango_attr_list_new ();

    pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
    pango_layout_set_attributes (self->layout, attrs);
    pango_attr_list_unref (attrs);
  }
}

static void
px_cell_text_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  PxCellText *self = PX_CELL_TEXT (widget);
  PangoContext *context = gtk_widget_get_pango_context (widget);
  PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int digit = pango_font_metrics_get_approximate_digit_width (metrics);

      *minimum = *natural = PANGO_PIXELS_CEIL (digit * self->width_chars);
    }
  else
    *minimum = *natural = PANGO_PIXELS_CEIL (pango_font_metrics_get_height (metrics));

  pango_font_metrics_unref (metrics);
}

static void
px_cell_text_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  PxCellText *self = PX_CELL_TEXT (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  PangoRectangle logical;
  GdkRGBA color;

  if (self->text == NULL || self->text[0] == '\0')
    return;

  ensure_layout (self);
  pango_layout_set_width (self->layout, width * PANGO_SCALE);
  pango_layout_get_pixel_extents (self->layout, NULL, &logical);
  gtk_style_context_get_color (style, &color);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (MAX (0, (width - logical.width) * self->xalign),
                                                (height - logical.height) / 2));
  gtk_snapshot_append_layout (snapshot, self->layout, &color);
  gtk_snapshot_restore (snapshot);
}

static void
px_cell_text_css_changed (GtkWidget         *widget,
                          GtkCssStyleChange *change)
{
  PxCellText *self = PX_CELL_TEXT (widget);

  GTK_WIDGET_CLASS (px_cell_text_parent_class)->css_changed (widget, change);

  /* The font may have changed; the layout is made again on demand. */
  g_clear_object (&self->layout);
  gtk_widget_queue_resize (widget);
}

static void
px_cell_text_finalize (GObject *object)
{
  PxCellText *self = PX_CELL_TEXT (object);

  g_clear_object (&self->layout);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (px_cell_text_parent_class)->finalize (object);
}

static void
px_cell_text_class_init (PxCellTextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = px_cell_text_finalize;
  widget_class->measure = px_cell_text_measure;
  widget_class->snapshot = px_cell_text_snapshot;
  widget_class->css_changed = px_cell_text_css_changed;

  gtk_widget_class_set_css_name (widget_class, "celltext");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
px_cell_text_init (PxCellText *self)
{
}

GtkWidget *
px_cell_text_new (guint width_chars,
                  float xalign)
{
  PxCellText *self = g_object_new (PX_TYPE_CELL_TEXT, NULL);

  self->width_chars = width_chars;
  self->xalign = xalign;
  return GTK_WIDGET (self);
}

const char *
px_cell_text_get_text (PxCellText *self)
{
  g_return_val_if_fail (PX_IS_CELL_TEXT (self), NULL);

  return self->text;
}

void
px_cell_text_set_text (PxCellText *self,
                       const char *text)
{
  g_return_if_fail (PX_IS_CELL_TEXT (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;

  g_free (self->text);
  self->text = g_strdup (text);
  if (self->layout != NULL)
    pango_layout_set_text (self->layout, text ? text : "", -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  text ? text : "", -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
