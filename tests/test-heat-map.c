/* test-heat-map.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A line layer of many series drawn as a heat map, a row a series: as
 * pixels (the window, PNG exports) and as cairo's fills (SVG and PDF
 * exports), alike; each pixel column painted once with the mean of the
 * samples in it, so a steady value reads the same all along its row.
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <gtk/gtk.h>

#include "px-chart-layers.h"
#include "px-history.h"

#define WIDTH  600
#define HEIGHT 160

/* Draws @layer into a clear image surface as a chart of WIDTH × HEIGHT
 * would, its plot at (20, 10); as pixels (@as_pixels) or with cairo's
 * vector fills, as an SVG export gets them. */
static cairo_surface_t *
draw_layer (PxChartLayer *layer,
            gboolean      as_pixels)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);
  PxChartFrame f = { 0 };

  f.cr = cr;
  f.x = 20.5;
  f.y = 10.25;
  f.w = WIDTH - 40;
  f.h = HEIGHT - 20;
  /* Zoomed in: spans cross both sides of the plot. */
  f.t0 = 1.55;
  f.t1 = 28.45;
  f.y_top = 100;
  f.rows = TRUE;
  f.raster_scale = as_pixels ? 1 : 0;
  f.accent = (GdkRGBA) { 0.21, 0.52, 0.89, 1 };
  f.fg = (GdkRGBA) { 0, 0, 0, 1 };
  /* Rows too low for their names: the colours alone are compared. */
  f.text_height = HEIGHT;
  px_chart_layer_draw (layer, &f);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* A heat map drawn as pixels, as the window and PNG exports draw it, is
 * what cairo's fills of the same spans draw (an SVG export's), within a
 * few levels of rounding, its plot's corner between two pixels (0.6
 * levels a channel on average here, 5 at most). */
static void
test_heat_map_pixels (void)
{
  g_autoptr(PxChartLayer) layer = px_line_layer_new ();
  PxHistory *time = px_history_new (900);
  cairo_surface_t *pixels, *vector;
  guint64 sum = 0, painted = 0;
  int worst = 0;
  const GdkRGBA color = { 0.5, 0.5, 0.5, 1 };
  const int stride_px = WIDTH;

  /* 24 workers, 900 samples over 30 s (several a pixel column, merged),
   * values of every level, and a gap. */
  for (int k = 0; k < 900; k++)
    px_history_push (time, k / 30.0);
  for (int w = 0; w < 24; w++)
    {
      g_autoptr(PxHistory) values = px_history_new (900);
      g_autoptr(PxChartSeries) series = NULL;
      g_autofree char *label = g_strdup_printf ("Worker %d", w + 1);

      for (int k = 0; k < 900; k++)
        px_history_push (values, w == 5 && k > 300 && k < 360
                                 ? NAN : 50 + 50 * sin (k / 40.0 + w));
      series = px_chart_series_new (time, values, &color, label, FALSE);
      px_line_layer_add_series (PX_LINE_LAYER (layer), series);
    }
  px_line_layer_set_heat_map (PX_LINE_LAYER (layer), TRUE);

  pixels = draw_layer (layer, TRUE);
  vector = draw_layer (layer, FALSE);
  g_assert_cmpint (cairo_image_surface_get_stride (pixels), ==, stride_px * 4);
  {
    const guint32 *a = (const guint32 *)(gpointer)cairo_image_surface_get_data (pixels);
    const guint32 *b = (const guint32 *)(gpointer)cairo_image_surface_get_data (vector);

    for (int i = 0; i < WIDTH * HEIGHT; i++)
      for (int shift = 0; shift < 32; shift += 8)
        {
          int d = abs ((int)((a[i] >> shift) & 0xff) - (int)((b[i] >> shift) & 0xff));

          sum += d;
          worst = MAX (worst, d);
          if (shift == 24 && (a[i] >> 24) > 0)
            painted++;
        }
  }
  g_test_message ("heat map as pixels against cairo's fills: %.3f levels a channel on "
                  "average, %d at most; %" G_GUINT64_FORMAT " pixels painted",
                  (double)sum / (WIDTH * HEIGHT * 4), worst, painted);
  /* The plot's rows, less the gaps between them and the missing span. */
  g_assert_cmpuint (painted, >, (WIDTH - 40) * (HEIGHT - 20) / 2);
  g_assert_cmpfloat ((double)sum / (WIDTH * HEIGHT * 4), <, 1.0);
  g_assert_cmpint (worst, <=, 8);

  cairo_surface_destroy (pixels);
  cairo_surface_destroy (vector);
  px_history_unref (time);
}

/* The alpha of the pixel at (@x, @y) of @surface. */
static int
alpha_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  const guint32 *pixels = (const guint32 *)(gpointer)cairo_image_surface_get_data (surface);

  return pixels[y * (cairo_image_surface_get_stride (surface) / 4) + x] >> 24;
}

/* A heat map paints each pixel column once with the mean of the samples
 * that fall in it: a steady value reads the same all along its row,
 * even where samples meet inside a pixel (spans a pixel and a half wide
 * here), the newest sample fills its column, and a gap is left clear;
 * as pixels and as cairo's fills alike. */
static void
test_heat_map_columns (void)
{
  g_autoptr(PxChartLayer) layer = px_line_layer_new ();
  PxHistory *time = px_history_new (512);
  const GdkRGBA color = { 0.5, 0.5, 0.5, 1 };
  /* Samples 1/14 s apart, ending inside a pixel column before the
   * plot's right side (at 28.45 s). */
  const int n = 14 * 25 + 5;
  /* The map's top is its highest value, 100: the mean is above 50. */
  const double steady[] = { 50, 100, 0, 100 };

  for (int k = 0; k < n; k++)
    px_history_push (time, k / 14.0);
  for (guint w = 0; w < G_N_ELEMENTS (steady); w++)
    {
      g_autoptr(PxHistory) values = px_history_new (512);
      g_autoptr(PxChartSeries) series = NULL;

      for (int k = 0; k < n; k++)
        px_history_push (values, w == 1 && k / 14.0 > 10 && k / 14.0 <= 15 ? NAN : steady[w]);
      series = px_chart_series_new (time, values, &color, NULL, FALSE);
      px_line_layer_add_series (PX_LINE_LAYER (layer), series);
    }
  px_line_layer_set_heat_map (PX_LINE_LAYER (layer), TRUE);

  for (int as_pixels = 0; as_pixels < 2; as_pixels++)
    {
      cairo_surface_t *surface = draw_layer (layer, as_pixels);
      /* Middle pixel rows of the first three rows (35 units each, from
       * 10.25), and the columns wholly within the plot and the data:
       * x from 21 to the pixel of the newest sample, at 20.5 + (n - 1)
       * / 14 s - 1.55 s at 560 / 26.9 px a second. */
      const int rows[] = { 27, 62, 97 };
      const double px_per_s = (WIDTH - 40) / (28.45 - 1.55);
      int newest = (int)floor (20.5 + ((n - 1) / 14.0 - 1.55) * px_per_s);
      int level = alpha_at (surface, 21, rows[0]);
      int low = 255, high = 0;

      g_test_message ("%s: a steady half reads %d", as_pixels ? "pixels" : "cairo", level);
      /* Half of what the map shows reads as 0.06 + 0.94 / 2 of full. */
      g_assert_cmpint (abs (level - (int)(0.53 * 255)), <=, 2);
      for (int x = 21; x <= newest; x++)
        {
          low = MIN (low, alpha_at (surface, x, rows[0]));
          high = MAX (high, alpha_at (surface, x, rows[0]));
          /* The highest value is the accent colour itself; nothing a
           * few pixels into the gap. */
          if (x <= 20.5 + (10 - 1.55) * px_per_s - 1 || x >= 20.5 + (15 - 1.55) * px_per_s + 1)
            g_assert_cmpint (alpha_at (surface, x, rows[1]), ==, 255);
          else if (x >= 20.5 + (10 - 1.55) * px_per_s + 2 &&
                   x <= 20.5 + (15 - 1.55) * px_per_s - 2)
            g_assert_cmpint (alpha_at (surface, x, rows[1]), ==, 0);
          /* Nothing is still shown, faintly. */
          g_assert_cmpint (abs (alpha_at (surface, x, rows[2]) - (int)(0.06 * 255)), <=, 1);
        }
      g_assert_cmpint (high - low, <=, 1);
      g_assert_cmpint (alpha_at (surface, newest + 1, rows[0]), ==, 0);
      /* The plot's left side halves its pixel column. */
      g_assert_cmpint (abs (alpha_at (surface, 20, rows[1]) - 128), <=, 1);
      g_assert_cmpint (alpha_at (surface, 19, rows[1]), ==, 0);
      cairo_surface_destroy (surface);
    }
  px_history_unref (time);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/px/graph/heat-map-pixels", test_heat_map_pixels);
  g_test_add_func ("/px/graph/heat-map-columns", test_heat_map_columns);

  return g_test_run ();
}
