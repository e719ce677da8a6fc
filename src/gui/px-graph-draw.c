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
#include "px-raster-tiles.h"
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
    {
      _px_graph_invalidate_legends (self);
      self->look_serial++;
    }
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

/* The pointer, on screen only: an export shows no box of readings. */
static void
take_pointer (PxGraph      *self,
              PxChartFrame *f)
{
  f->on_screen = TRUE;
  f->hovering = self->hovering;
  f->pointer_x = self->pointer_x;
  f->pointer_y = self->pointer_y;
  f->selecting = self->selecting;
  f->select_from = self->select_from;
  f->select_to = self->select_to;
  f->focused = gtk_widget_has_focus (GTK_WIDGET (self));
  if (f->focused)
    f->reading = g_string_new (NULL);
}

static double
draw_headers (PxGraph      *self,
              PxChartFrame *f)
{
  double header_h = 0;

  /* Drawn once each: MAX () would evaluate a call twice. */
  for (guint i = 0; i < self->layers->len; i++)
    {
      double h = px_chart_layer_draw_header (g_ptr_array_index (self->layers, i), f);

      header_h = MAX (header_h, h);
    }
  return header_h;
}

/* The plot under a header @header_h high, and the times and values it
 * spans; FALSE when no layer has data. */
static gboolean
place_plot (PxGraph      *self,
            PxChartFrame *f,
            double        header_h)
{
  double max = -INFINITY;
  gboolean empty = TRUE;

  /* The plot spans the width: charts of one width given one time range
   * put each second at the same x, so their cursors line up. */
  f->x = PX_CHART_PAD;
  f->w = MAX (f->width - 2 * PX_CHART_PAD, 1);
  f->y = PX_CHART_PAD + header_h + PX_CHART_HEADER_GAP;
  f->h = MAX (f->height - f->y - PX_CHART_AXIS_GAP - f->text_height - PX_CHART_PAD / 2, 1);
  _px_graph_compute_view (self, &f->t0, &f->t1);

  for (guint i = 0; i < self->layers->len; i++)
    {
      PxChartLayer *layer = g_ptr_array_index (self->layers, i);
      double a, b;
      gboolean c;

      if (px_chart_layer_get_extent (layer, &a, &b, &c))
        empty = FALSE;
      /* A graph with a fixed top (percent) need not look at every value. */
      if (self->y_max <= 0)
        max = MAX (max, px_chart_layer_get_value_max (layer, f->t0, f->t1));
    }
  if (self->y_max > 0)
    f->y_top = self->y_max;
  else
    f->y_top = MAX (1, px_scale_nice_ceil (max * 1.02));
  f->rows = self->heat_map;
  return !empty;
}

static void
draw_under (PxGraph      *self,
            PxChartFrame *f)
{
  for (guint i = 0; i < self->layers->len; i++)
    px_chart_layer_draw_under (g_ptr_array_index (self->layers, i), f);
}

/* What the layers draw over the data: all of it, or all but the
 * cursor, or the cursor alone. */
typedef enum
{
  OVER_ALL,
  OVER_BUT_CURSOR,
  OVER_CURSOR
} Over;

static void
draw_over (PxGraph      *self,
           PxChartFrame *f,
           Over          which)
{
  for (guint i = 0; i < self->layers->len; i++)
    {
      PxChartLayer *layer = g_ptr_array_index (self->layers, i);

      if (which == OVER_ALL || PX_IS_CURSOR_LAYER (layer) == (which == OVER_CURSOR))
        px_chart_layer_draw_over (layer, f);
    }
}

static void
draw_no_data (PxChartFrame *f)
{
  int text_w, text_h;

  px_chart_frame_set_font (f, PX_CHART_FONT_BASE);
  px_chart_frame_measure (f, _("No data yet"), &text_w, &text_h);
  px_chart_set_source (f->cr, &f->fg, 0.45);
  px_chart_frame_show (f, f->x + (f->w - text_w) / 2, f->y + (f->h - text_h) / 2);
}

/* Its geometry, for the pointer; nothing it pointed to. */
static void
end_on_screen (PxGraph      *self,
               PxChartFrame *f)
{
  announce_reading (self, f->reading);
  self->last = *f;
  self->last.cr = NULL;
  self->last.layout = NULL;
  self->last.reading = NULL;
  self->last.font = NULL;
  self->last.base_font = NULL;
  self->last.title = self->last.unit = NULL;
}

/* What a frame's header, grids, labels and cursor are drawn from, apart
 * from the layers' own state, which bumps the serial when it changes. */
static void
get_look (PxGraph            *self,
          const PxChartFrame *f,
          PxGraphLook        *look)
{
  look->serial = self->look_serial;
  look->plot_serial = self->plot_serial;
  look->width = f->width;
  look->height = f->height;
  look->scale = f->raster_scale;
  look->fg = f->fg;
  look->background = f->background;
  look->popover = f->popover;
  look->accent = f->accent;
}

static gboolean
same_header (const PxGraphLook *a,
             const PxGraphLook *b)
{
  return a->serial == b->serial && a->width == b->width && a->height == b->height &&
         a->scale == b->scale && gdk_rgba_equal (&a->fg, &b->fg) &&
         gdk_rgba_equal (&a->background, &b->background) &&
         gdk_rgba_equal (&a->popover, &b->popover) && gdk_rgba_equal (&a->accent, &b->accent);
}

static gboolean
same_look (const PxGraphLook *a,
           const PxGraphLook *b)
{
  return same_header (a, b) && a->plot_serial == b->plot_serial && a->t0 == b->t0 && a->t1 == b->t1 && a->y_top == b->y_top &&
         a->has_data == b->has_data && a->rows == b->rows;
}

/* A cairo node the size of the widget, and @f drawing into it. */
static GskRenderNode *
begin_node (PxChartFrame *f)
{
  GskRenderNode *node = gsk_cairo_node_new (&GRAPHENE_RECT_INIT (0, 0, f->width, f->height));

  f->cr = gsk_cairo_node_get_draw_context (node);
  return node;
}

/* Ends the node @f drew into, if any, and appends it. */
static void
end_node (PxChartFrame   *f,
          GskRenderNode **node,
          GtkSnapshot    *snapshot)
{
  if (*node == NULL)
    return;
  g_clear_pointer (&f->cr, cairo_destroy);
  gtk_snapshot_append_node (snapshot, *node);
  g_clear_pointer (node, gsk_render_node_unref);
}

/* Ends the node @f drew into and keeps it as @kept, as pixels: GTK's
 * renderer draws a kept node again at each frame whose changes are
 * around it, and a recording of glyphs and strokes costs what drawing
 * them costs, where pixels cost a copy. */
static void
keep_node (PxChartFrame   *f,
           GskRenderNode  *node,
           GskRenderNode **kept)
{
  g_clear_pointer (&f->cr, cairo_destroy);
  g_clear_pointer (kept, gsk_render_node_unref);
  *kept = px_image_node_flatten (node, f->raster_scale);
  /* Nothing drawn, or too large for an image: the recording itself. */
  if (*kept == NULL)
    *kept = node;
  else
    gsk_render_node_unref (node);
}

/* The cursor, in a node no larger than what it draws: its line, its
 * dots on the data, the box of readings. The node of the last frame is
 * kept while the look (@kept) and what the cursor would draw stay the
 * same, as when the pointer rests over a chart whose axis has not moved:
 * a new node is a change GTK draws again. */
static void
snapshot_cursor (PxGraph      *self,
                 PxChartFrame *f,
                 GtkSnapshot  *snapshot,
                 gboolean      kept)
{
  g_autoptr(GString) key = NULL;
  cairo_surface_t *recording;
  double x, y, w, h;

  if (isnan (px_time_view_get_cursor (self->view)))
    {
      g_clear_pointer (&self->cursor_key, g_free);
      g_clear_pointer (&self->cursor, gsk_render_node_unref);
      return;
    }

  key = g_string_new (NULL);
  for (guint i = 0; i < self->layers->len; i++)
    if (PX_IS_CURSOR_LAYER (g_ptr_array_index (self->layers, i)))
      px_cursor_layer_describe (g_ptr_array_index (self->layers, i), f, key);
  if (kept && g_strcmp0 (key->str, self->cursor_key) == 0)
    {
      if (self->cursor != NULL)
        gtk_snapshot_append_node (snapshot, self->cursor);
      /* Its readings as last written, for assistive technologies. */
      if (f->reading != NULL && self->reading != NULL)
        g_string_assign (f->reading, self->reading);
      return;
    }
  g_free (self->cursor_key);
  self->cursor_key = g_string_free (g_steal_pointer (&key), FALSE);
  g_clear_pointer (&self->cursor, gsk_render_node_unref);

  recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  f->cr = cairo_create (recording);
  draw_over (self, f, OVER_CURSOR);
  g_clear_pointer (&f->cr, cairo_destroy);
  cairo_recording_surface_ink_extents (recording, &x, &y, &w, &h);
  if (w > 0 && h > 0)
    {
      graphene_rect_t ink;
      GskRenderNode *node;
      cairo_t *cr;

      ink.origin.x = floor (x);
      ink.origin.y = floor (y);
      ink.size.width = ceil (x + w) - ink.origin.x;
      ink.size.height = ceil (y + h) - ink.origin.y;
      node = gsk_cairo_node_new (&ink);
      cr = gsk_cairo_node_get_draw_context (node);
      cairo_set_source_surface (cr, recording, 0, 0);
      cairo_paint (cr);
      cairo_destroy (cr);
      gtk_snapshot_append_node (snapshot, node);
      self->cursor = node;
    }
  cairo_surface_destroy (recording);
}

/* A frame on screen, as render nodes GTK can tell from the last frame's.
 * What is drawn under the data (header, grids, time labels) and over it
 * (value labels, lane labels, a selection) keeps its node while what it
 * is drawn from stays the same, and the lines' and the timeline's pixels
 * are columns kept while they stay the same. On a time axis that moves
 * a step at a time, new samples then change a column or two of each
 * chart, and GTK draws again those columns, not the window. */
void
_px_graph_snapshot_frame (PxGraph     *self,
                          GtkSnapshot *snapshot,
                          int          width,
                          int          height,
                          double       raster_scale)
{
  PxChartFrame f = { 0 };
  PxGraphLook look = { 0 };
  GskRenderNode *node = NULL;
  gboolean kept = TRUE;

  self->frames++;
  begin_frame (self, &f, NULL, width, height, raster_scale);
  take_pointer (self, &f);
  get_look (self, &f, &look);

  /* The header (title, legend) in a node of its own, kept while its look
   * stays the same: a time axis that steps leaves it as it is. */
  if (self->header == NULL || !same_header (&look, &self->look))
    {
      node = begin_node (&f);
      self->header_h = draw_headers (self, &f);
      keep_node (&f, node, &self->header);
      node = NULL;
      kept = FALSE;
    }
  gtk_snapshot_append_node (snapshot, self->header);

  look.has_data = place_plot (self, &f, self->header_h);
  look.t0 = f.t0;
  look.t1 = f.t1;
  look.y_top = f.y_top;
  look.rows = f.rows;
  kept = kept && self->back != NULL && same_look (&look, &self->look);
  self->look = look;

  if (!kept)
    {
      node = begin_node (&f);
      draw_under (self, &f);
      keep_node (&f, node, &self->back);
      node = NULL;
    }
  gtk_snapshot_append_node (snapshot, self->back);

  /* The data, at every frame: the line and task layers as columns of
   * pixels, other layers into a cairo node between them. */
  if (!look.has_data)
    {
      node = begin_node (&f);
      draw_no_data (&f);
    }
  else
    for (guint i = 0; i < self->layers->len; i++)
      {
        PxChartLayer *layer = g_ptr_array_index (self->layers, i);

        /* A layer without data of its own (an axis, the legend) adds
         * no node: a new node is a change to GTK, drawn or not. */
        if (PX_CHART_LAYER_GET_CLASS (layer)->draw == NULL)
          continue;
        if (PX_CHART_LAYER_GET_CLASS (layer)->snapshot != NULL)
          {
            end_node (&f, &node, snapshot);
            if (px_chart_layer_snapshot (layer, &f, snapshot, kept))
              continue;
          }
        if (node == NULL)
          node = begin_node (&f);
        px_chart_layer_draw (layer, &f);
      }
  end_node (&f, &node, snapshot);

  /* Over the data: labels and a selection, kept like what is under it;
   * then the cursor, whose dots and readings come from the data. */
  if (!kept)
    {
      node = begin_node (&f);
      draw_over (self, &f, OVER_BUT_CURSOR);
      keep_node (&f, node, &self->front);
    }
  gtk_snapshot_append_node (snapshot, self->front);
  snapshot_cursor (self, &f, snapshot, kept);

  end_frame (&f);
  end_on_screen (self, &f);
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
  PxChartFrame f = { 0 };
  gboolean has_data;

  g_return_if_fail (PX_IS_GRAPH (self));
  g_return_if_fail (cr != NULL);

  if (width <= 0 || height <= 0)
    return;

  cairo_save (cr);
  begin_frame (self, &f, cr, width, height, find_raster_scale (cr));
  has_data = place_plot (self, &f, draw_headers (self, &f));
  draw_under (self, &f);
  if (has_data)
    for (guint i = 0; i < self->layers->len; i++)
      px_chart_layer_draw (g_ptr_array_index (self->layers, i), &f);
  else
    draw_no_data (&f);
  draw_over (self, &f, OVER_ALL);
  end_frame (&f);
  cairo_restore (cr);
}
