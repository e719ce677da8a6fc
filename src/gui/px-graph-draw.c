/* px-graph-draw.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One frame of a chart: the theme's colours and fonts, the header, the
 * plot's rectangle and the times and values it spans, then each layer's
 * grid, data and overlay in turn, on screen or into an image.
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "px-graph-private.h"
#include "px-scale.h"

/* What its layers have data for: from zero, or from their first time
 * once older data was dropped, to their last; FALSE without data. */
gboolean
px_graph_get_extent (PxGraph *self,
                     double  *t0,
                     double  *t1)
{
  double first = INFINITY;
  double last = -INFINITY;
  gboolean clipped = FALSE;

  g_return_val_if_fail (PX_IS_GRAPH (self), FALSE);

  for (guint i = 0; i < self->layers->len; i++)
    {
      double a, b;
      gboolean c;

      if (!px_chart_layer_get_extent (g_ptr_array_index (self->layers, i), &a, &b, &c))
        continue;
      first = MIN (first, a);
      last = MAX (last, b);
      clipped |= c;
    }

  if (!isfinite (first) || !isfinite (last))
    return FALSE;
  *t0 = clipped ? first : MIN (0, first);
  *t1 = last;
  return TRUE;
}

/* The time window shown: the zoom range, else the view's extent (its
 * owner's choice), else all the layers' data, at least one second wide
 * so the start of a run does not look stretched. */
void
_px_graph_compute_view (PxGraph *self,
                        double  *t0,
                        double  *t1)
{
  if (px_time_view_get_zoomed (self->view))
    {
      px_time_view_get_range (self->view, t0, t1);
      return;
    }
  px_time_view_get_extent (self->view, t0, t1);
  if (!isnan (*t0))
    return;
  if (!px_graph_get_extent (self, t0, t1))
    {
      *t0 = 0;
      *t1 = 1;
      return;
    }
  *t1 = MAX (*t1, *t0 + 1);
}

static void
lookup_color (GtkStyleContext *style,
              const char      *name,
              const char      *other_name,
              const char      *fallback,
              GdkRGBA         *color)
{
  if (!gtk_style_context_lookup_color (style, name, color) &&
      !gtk_style_context_lookup_color (style, other_name, color))
    gdk_rgba_parse (color, fallback);
}

void
_px_graph_invalidate_legends (PxGraph *self)
{
  for (guint i = 0; i < self->layers->len; i++)
    if (PX_IS_LEGEND (g_ptr_array_index (self->layers, i)))
      px_legend_invalidate (g_ptr_array_index (self->layers, i));
}

/* The theme's colours and the fonts, for one frame. */
static void
begin_frame (PxGraph      *self,
             PxChartFrame *f,
             cairo_t      *cr,
             int           width,
             int           height,
             double        raster_scale)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  PangoContext *context = gtk_widget_get_pango_context (widget);
  const PangoFontDescription *base = pango_context_get_font_description (context);
  double luminance;
  int size;
  int text_w;

  f->graph = self;
  f->layers = self->layers;
  f->view = self->view;
  f->cr = cr;
  f->context = context;
  f->texts = &self->texts;
  if (px_text_cache_validate (&self->texts, context))
    _px_graph_invalidate_legends (self);
  f->width = width;
  f->height = height;
  f->raster_scale = raster_scale;
  f->title = self->title;
  f->unit = self->unit;

  gtk_style_context_get_color (style, &f->fg);
  /* The theme's named colours, libadwaita's then GTK's; a theme without
   * them gets Adwaita's, light or dark as its text is dark or light. */
  luminance = 0.2126 * f->fg.red + 0.7152 * f->fg.green + 0.0722 * f->fg.blue;
  f->dark = luminance > 0.5;
  lookup_color (style, "window_bg_color", "theme_bg_color",
                f->dark ? "#242424" : "#fafafa", &f->background);
  lookup_color (style, "popover_bg_color", "theme_base_color",
                f->dark ? "#383838" : "#ffffff", &f->popover);
  lookup_color (style, "accent_bg_color", "theme_selected_bg_color",
                "#3584e4", &f->accent);

  f->base_font = base;
  f->title_font = pango_font_description_copy (base);
  pango_font_description_set_weight (f->title_font, PANGO_WEIGHT_BOLD);
  f->small_font = pango_font_description_copy (base);
  size = pango_font_description_get_size (base);
  if (size <= 0)
    size = 10 * PANGO_SCALE;
  /* Axis labels are captions: smaller than the title. */
  if (pango_font_description_get_size_is_absolute (base))
    pango_font_description_set_absolute_size (f->small_font, size * 0.85);
  else
    pango_font_description_set_size (f->small_font, (int)(size * 0.85));

  px_chart_frame_set_font (f, PX_CHART_FONT_SMALL);
  px_chart_frame_measure (f, "0123456789", &text_w, &f->text_height);
}

static void
end_frame (PxChartFrame *f)
{
  g_clear_pointer (&f->title_font, pango_font_description_free);
  g_clear_pointer (&f->small_font, pango_font_description_free);
}

/* What the readings at the keyboard's cursor say is what a screen reader
 * is told; when there are none (no cursor, no focus), the latest values
 * again. */
static void
announce_reading (PxGraph *self,
                  GString *reading)
{
  if (reading != NULL && reading->len > 0)
    {
      if (g_strcmp0 (self->reading, reading->str) != 0)
        {
          g_free (self->reading);
          self->reading = g_strdup (reading->str);
          gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                          GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->reading,
                                          -1);
        }
    }
  else if (self->reading != NULL)
    {
      g_clear_pointer (&self->reading, g_free);
      px_graph_update_description (self);
    }
  if (reading != NULL)
    g_string_free (reading, TRUE);
}

void
_px_graph_draw_frame (PxGraph *self,
                      cairo_t *cr,
                      int      width,
                      int      height,
                      double   raster_scale,
                      gboolean on_screen)
{
  PxChartFrame f = { 0 };
  double header_h = 0;
  double max = -INFINITY;
  gboolean empty = TRUE;

  begin_frame (self, &f, cr, width, height, raster_scale);
  /* The pointer, on screen only: an export shows no box of readings. */
  if (on_screen)
    {
      f.hovering = self->hovering;
      f.pointer_x = self->pointer_x;
      f.pointer_y = self->pointer_y;
      f.selecting = self->selecting;
      f.select_from = self->select_from;
      f.select_to = self->select_to;
      f.focused = gtk_widget_has_focus (GTK_WIDGET (self));
      if (f.focused)
        f.reading = g_string_new (NULL);
    }

  /* Drawn once each: MAX () would evaluate a call twice. */
  for (guint i = 0; i < self->layers->len; i++)
    {
      double h = px_chart_layer_draw_header (g_ptr_array_index (self->layers, i), &f);

      header_h = MAX (header_h, h);
    }

  /* The plot spans the width: charts of one width given one time range
   * put each second at the same x, so their cursors line up. */
  f.x = PX_CHART_PAD;
  f.w = MAX (width - 2 * PX_CHART_PAD, 1);
  f.y = PX_CHART_PAD + header_h + PX_CHART_HEADER_GAP;
  f.h = MAX (height - f.y - PX_CHART_AXIS_GAP - f.text_height - PX_CHART_PAD / 2, 1);
  _px_graph_compute_view (self, &f.t0, &f.t1);

  for (guint i = 0; i < self->layers->len; i++)
    {
      PxChartLayer *layer = g_ptr_array_index (self->layers, i);
      double a, b;
      gboolean c;

      if (px_chart_layer_get_extent (layer, &a, &b, &c))
        empty = FALSE;
      max = MAX (max, px_chart_layer_get_value_max (layer, f.t0, f.t1));
    }
  if (self->y_max > 0)
    f.y_top = self->y_max;
  else
    f.y_top = MAX (1, px_scale_nice_ceil (max * 1.02));
  f.rows = self->heat_map;

  for (guint i = 0; i < self->layers->len; i++)
    px_chart_layer_draw_under (g_ptr_array_index (self->layers, i), &f);

  if (empty)
    {
      int text_w, text_h;

      px_chart_frame_set_font (&f, PX_CHART_FONT_BASE);
      px_chart_frame_measure (&f, _("No data yet"), &text_w, &text_h);
      px_chart_set_source (cr, &f.fg, 0.45);
      px_chart_frame_show (&f, f.x + (f.w - text_w) / 2, f.y + (f.h - text_h) / 2);
    }
  else
    for (guint i = 0; i < self->layers->len; i++)
      px_chart_layer_draw (g_ptr_array_index (self->layers, i), &f);

  for (guint i = 0; i < self->layers->len; i++)
    px_chart_layer_draw_over (g_ptr_array_index (self->layers, i), &f);

  end_frame (&f);
  if (on_screen)
    announce_reading (self, f.reading);
  if (on_screen)
    {
      /* Its geometry, for the pointer; nothing it pointed to. */
      self->last = f;
      self->last.cr = NULL;
      self->last.layout = NULL;
      self->last.reading = NULL;
      self->last.font = NULL;
      self->last.base_font = NULL;
      self->last.title = self->last.unit = NULL;
    }
}

/* Pixel surfaces get the lines as pixels, at their resolution; vector
 * ones (SVG, PDF) get cairo's strokes. */
static double
find_raster_scale (cairo_t *cr)
{
  cairo_surface_t *target = cairo_get_target (cr);
  cairo_surface_type_t type = cairo_surface_get_type (target);
  cairo_matrix_t matrix;
  double x_scale, y_scale;

  if (type != CAIRO_SURFACE_TYPE_IMAGE && type != CAIRO_SURFACE_TYPE_RECORDING)
    return 0;
  cairo_get_matrix (cr, &matrix);
  if (matrix.xy != 0 || matrix.yx != 0 || matrix.xx <= 0 || matrix.yy <= 0)
    return 0;
  cairo_surface_get_device_scale (target, &x_scale, &y_scale);
  return MAX (matrix.xx * x_scale, matrix.yy * y_scale);
}

/* Draws the graph as on screen, in the widget's colours and font, so it
 * can be saved to a PNG or SVG surface. The caller paints the
 * background. */
void
px_graph_draw (PxGraph *self,
               cairo_t *cr,
               int      width,
               int      height)
{
  g_return_if_fail (PX_IS_GRAPH (self));
  g_return_if_fail (cr != NULL);

  if (width <= 0 || height <= 0)
    return;

  cairo_save (cr);
  _px_graph_draw_frame (self, cr, width, height, find_raster_scale (cr), FALSE);
  cairo_restore (cr);
}
