/* px-chart-frame.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Text, colour and shape helpers the layers of a chart draw with.
 */

#include "config.h"

#include <math.h>

#include "px-chart-frame.h"
#include "px-svg-text.h"

#define MAX_LAYOUTS 256

void
px_text_cache_init (PxTextCache *cache)
{
  for (guint i = 0; i < PX_CHART_N_FONTS; i++)
    cache->layouts[i] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  cache->serial = 0;
}

void
px_text_cache_clear (PxTextCache *cache)
{
  for (guint i = 0; i < PX_CHART_N_FONTS; i++)
    g_clear_pointer (&cache->layouts[i], g_hash_table_unref);
}

/* Drops the layouts made for an older state of @context (its font or
 * resolution changed); returns TRUE if it did. */
gboolean
px_text_cache_validate (PxTextCache  *cache,
                        PangoContext *context)
{
  if (pango_context_get_serial (context) == cache->serial)
    return FALSE;
  for (guint i = 0; i < PX_CHART_N_FONTS; i++)
    g_hash_table_remove_all (cache->layouts[i]);
  cache->serial = pango_context_get_serial (context);
  return TRUE;
}

void
px_chart_frame_set_font (PxChartFrame *f,
                         PxChartFont   font_id)
{
  switch (font_id)
    {
    case PX_CHART_FONT_SMALL:
      f->font = f->small_font;
      break;

    case PX_CHART_FONT_TITLE:
      f->font = f->title_font;
      break;

    case PX_CHART_FONT_BASE:
    case PX_CHART_N_FONTS:
    default:
      f->font = f->base_font;
      font_id = PX_CHART_FONT_BASE;
      break;
    }
  f->font_id = font_id;
}

static PangoLayout *
lookup_layout (PxChartFrame *f,
               const char   *text)
{
  GHashTable *layouts = f->texts->layouts[f->font_id];
  PangoLayout *layout = g_hash_table_lookup (layouts, text);

  if (layout == NULL)
    {
      if (g_hash_table_size (layouts) >= MAX_LAYOUTS)
        g_hash_table_remove_all (layouts);
      layout = pango_layout_new (f->context);
      pango_layout_set_font_description (layout, f->font);
      pango_layout_set_text (layout, text, -1);
      g_hash_table_insert (layouts, g_strdup (text), layout);
    }

  return layout;
}

/* Measures @text in the current font; px_chart_frame_show () then
 * draws it. */
void
px_chart_frame_measure (PxChartFrame *f,
                        const char   *text,
                        int          *width,
                        int          *height)
{
  f->layout = lookup_layout (f, text);
  pango_layout_get_pixel_size (f->layout, width, height);
}

/* Shows the text last measured, in the current source. */
void
px_chart_frame_show (PxChartFrame *f,
                     double        x,
                     double        y)
{
  cairo_move_to (f->cr, round (x), round (y));
  if (!px_svg_text_show (f->cr, f->layout))
    pango_cairo_show_layout (f->cr, f->layout);
}

void
px_chart_frame_draw_text (PxChartFrame  *f,
                          const char    *text,
                          double         x,
                          double         y,
                          const GdkRGBA *color,
                          double         alpha)
{
  f->layout = lookup_layout (f, text);
  px_chart_set_source (f->cr, color, alpha);
  px_chart_frame_show (f, x, y);
}

double
px_chart_frame_x_for_time (const PxChartFrame *f,
                           double              t)
{
  return f->x + (t - f->t0) * f->w / (f->t1 - f->t0);
}

double
px_chart_frame_time_at_x (const PxChartFrame *f,
                          double              x)
{
  if (f->w <= 0)
    return f->t0;
  return f->t0 + (CLAMP (x, f->x, f->x + f->w) - f->x) * (f->t1 - f->t0) / f->w;
}

void
px_chart_set_source (cairo_t       *cr,
                     const GdkRGBA *color,
                     double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

void
px_chart_rounded_rectangle (cairo_t *cr,
                            double   x,
                            double   y,
                            double   w,
                            double   h,
                            double   r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* A legend key at (@x, @y), its left end and middle: a short line in the
 * series' colour and dash, as in the plot, or a block of colour for what
 * is drawn as areas. */
void
px_chart_draw_swatch (PxChartFrame  *f,
                      const GdkRGBA *color,
                      gboolean       dashed,
                      gboolean       block,
                      double         x,
                      double         y)
{
  static const double dash[] = { 3, 2 };
  cairo_t *cr = f->cr;

  if (block)
    {
      px_chart_rounded_rectangle (cr, x + 1, y - 5, PX_CHART_SWATCH - 2, 10, 2);
      px_chart_set_source (cr, color, 1);
      cairo_fill_preserve (cr);
      px_chart_set_source (cr, &f->fg, 0.25);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
      return;
    }

  cairo_save (cr);
  cairo_set_line_width (cr, 3);
  cairo_set_line_cap (cr, dashed ? CAIRO_LINE_CAP_BUTT : CAIRO_LINE_CAP_ROUND);
  if (dashed)
    cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  px_chart_set_source (cr, color, 1);
  cairo_move_to (cr, x + 1.5, y);
  cairo_line_to (cr, x + PX_CHART_SWATCH - 1.5, y);
  cairo_stroke (cr);
  cairo_restore (cr);
}
