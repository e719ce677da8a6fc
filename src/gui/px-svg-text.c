/* px-svg-text.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Text as text in SVG images of the graphs. Cairo's SVG surface draws
 * text as glyph outlines, which no one can select, search or translate
 * and which editors cannot restyle. While an SVG is drawn, the surface
 * carries a list of texts: px_svg_text_show () records a layout there
 * (where it would stand, its font and colour) instead of drawing it,
 * and px_svg_text_finish () writes the list as SVG <text> elements,
 * which the caller puts at the end of the image, above the graphs.
 */

#include "config.h"

#include <math.h>

#include "px-svg-text.h"

static const cairo_user_data_key_t texts_key;

static void
free_texts (void *data)
{
  g_string_free (data, TRUE);
}

/**
 * px_svg_text_collect:
 *
 * Makes text shown on @surface with px_svg_text_show () be recorded
 * rather than drawn.
 */
void
px_svg_text_collect (cairo_surface_t *surface)
{
  cairo_surface_set_user_data (surface, &texts_key, g_string_new (NULL), free_texts);
}

static void
append_number (GString    *out,
               const char *name,
               double      value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (out, " %s=\"%s\"", name,
                          g_ascii_formatd (buffer, sizeof buffer, "%.2f", value));
}

/* The font's size in pixels (CSS px are 1/96 in, as cairo's units). */
static double
font_pixels (PangoLayout                *layout,
             const PangoFontDescription *font)
{
  double size = pango_font_description_get_size (font) / (double)PANGO_SCALE;
  double dpi = pango_cairo_context_get_resolution (pango_layout_get_context (layout));

  if (pango_font_description_get_size_is_absolute (font))
    return size;
  return size * (dpi > 0 ? dpi : 96.0) / 72.0;
}

/**
 * px_svg_text_show:
 *
 * If @cr draws on a surface given to px_svg_text_collect (), records
 * @layout at the current point, in the current source's colour, and
 * returns TRUE; otherwise returns FALSE and the caller draws it.
 */
gboolean
px_svg_text_show (cairo_t     *cr,
                  PangoLayout *layout)
{
  GString *out = cairo_surface_get_user_data (cairo_get_target (cr), &texts_key);
  const PangoFontDescription *font;
  g_autofree char *escaped = NULL;
  PangoRectangle logical;
  cairo_matrix_t matrix;
  double x, y, red = 0, green = 0, blue = 0, alpha = 1, scale;
  const char *family;

  if (out == NULL)
    return FALSE;
  if (!cairo_has_current_point (cr))
    return TRUE;

  font = pango_layout_get_font_description (layout);
  if (font == NULL)
    font = pango_context_get_font_description (pango_layout_get_context (layout));
  cairo_get_matrix (cr, &matrix);
  scale = sqrt (fabs (matrix.xx * matrix.yy - matrix.xy * matrix.yx));

  /* Where the first line's baseline starts, in the image's units. */
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  cairo_get_current_point (cr, &x, &y);
  x += logical.x;
  y += pango_layout_get_baseline (layout) / (double)PANGO_SCALE;
  cairo_user_to_device (cr, &x, &y);

  if (cairo_pattern_get_type (cairo_get_source (cr)) == CAIRO_PATTERN_TYPE_SOLID)
    cairo_pattern_get_rgba (cairo_get_source (cr), &red, &green, &blue, &alpha);

  g_string_append (out, "<text");
  append_number (out, "x", x);
  append_number (out, "y", y);
  family = font != NULL ? pango_font_description_get_family (font) : NULL;
  escaped = g_markup_escape_text (family != NULL ? family : "sans-serif", -1);
  g_string_append_printf (out, " font-family=\"%s, sans-serif\"", escaped);
  g_clear_pointer (&escaped, g_free);
  append_number (out, "font-size", (font != NULL ? font_pixels (layout, font) : 12.0) * scale);
  if (font != NULL && pango_font_description_get_weight (font) != PANGO_WEIGHT_NORMAL)
    g_string_append_printf (out, " font-weight=\"%d\"",
                            (int)pango_font_description_get_weight (font));
  g_string_append_printf (out, " fill=\"#%02x%02x%02x\"", (guint)round (red * 255),
                          (guint)round (green * 255), (guint)round (blue * 255));
  if (alpha < 1.0)
    append_number (out, "fill-opacity", alpha);
  escaped = g_markup_escape_text (pango_layout_get_text (layout), -1);
  g_string_append_printf (out, " xml:space=\"preserve\">%s</text>\n", escaped);
  return TRUE;
}

/**
 * px_svg_text_finish:
 *
 * Returns: (transfer full): the texts recorded on @surface as one SVG
 *   group, to put before the image's closing tag
 */
char *
px_svg_text_finish (cairo_surface_t *surface)
{
  GString *out = cairo_surface_get_user_data (surface, &texts_key);

  g_return_val_if_fail (out != NULL, NULL);

  return g_strdup_printf ("<g class=\"text\">\n%s</g>\n", out->str);
}
