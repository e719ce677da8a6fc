/* px-line-layer-rows.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A line layer of more series than the eye tells apart: drawn as a heat
 * map, a row a series, and read at the cursor as their sum, then the
 * highest of them, then how many more.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "px-line-layer-private.h"
#include "px-raster.h"
#include "px-scale.h"

/* A history's values, as the one or two arrays it keeps them in. */
typedef struct
{
  const double *first;
  const double *second;
  guint         n_first;
} Runs;

static void
runs_of (PxHistory *history,
         Runs      *runs)
{
  guint n_second;

  px_history_get_runs (history, &runs->first, &runs->n_first, &runs->second, &n_second);
}

static inline double
runs_at (const Runs *runs,
         guint       i)
{
  return i < runs->n_first ? runs->first[i] : runs->second[i - runs->n_first];
}

/* A heat map's row as the columns of its target (pixels, or units for a
 * vector target): each sample's value spread over the columns its span
 * covers, in proportion to how much of each it covers, so that each
 * column is painted once with the mean of what fell in it. */
typedef struct
{
  double  *sum;
  double  *cover;
  guint16 *alphas;
  int      n;
  /* The plot's sides, in columns from the first. */
  double   left;
  double   right;
} Columns;

/* How much of column @c is within the plot. */
static inline double
column_width (const Columns *cols,
              int            c)
{
  return MIN (c + 1.0, cols->right) - MAX ((double)c, cols->left);
}

/* Fills @cols->alphas (out of 256) for one row: samples from the
 * @n times in @t (at column @offset + time × @per_second) and values in
 * @v, coloured from nothing to full by their value against @top. A
 * column's alpha is its colour times how much of its part within the
 * plot samples cover (a gap leaves it clear). */
static void
spread_row (Columns    *cols,
            const Runs *t,
            const Runs *v,
            guint       n,
            double      offset,
            double      per_second,
            double      top)
{
  double prev, newest_end = -1, inverse_top = 1 / top;
  int newest;

  memset (cols->sum, 0, sizeof (double) * cols->n);
  memset (cols->cover, 0, sizeof (double) * cols->n);
  memset (cols->alphas, 0, sizeof (guint16) * cols->n);
  if (n == 0)
    return;
  prev = offset + runs_at (t, 0) * per_second;
  for (guint k = 1; k < n; k++)
    {
      double x0 = prev, x1 = offset + runs_at (t, k) * per_second;
      double value = runs_at (v, k);

      prev = x1;
      if (isnan (value))
        continue;
      x0 = MAX (x0, cols->left);
      x1 = MIN (x1, cols->right);
      if (!(x1 > x0))
        continue;
      /* x0 is at least the plot's left side, at or after column 0: a
       * cast is its floor, without a call. */
      for (int c = (int)x0; c < x1; c++)
        {
          double w = MIN (x1, c + 1.0) - MAX (x0, (double)c);

          cols->sum[c] += value * w;
          cols->cover[c] += w;
        }
      newest_end = x1;
    }
  newest = (int)ceil (newest_end) - 1;
  /* The newest value fills its column, however little of it has passed,
   * as a column of older ones does. */
  if (newest >= 0 && newest_end < cols->right && cols->cover[newest] > 0)
    {
      double width = column_width (cols, newest);

      cols->sum[newest] *= width / cols->cover[newest];
      cols->cover[newest] = width;
    }
  /* A column's colour is 0.06 + 0.94 × its mean against @top, times
   * the share of the column covered: in a whole column of the plot,
   * covered once, that is 0.06 × cover + 0.94 × sum / top, without a
   * division a column (they were a third of the map's time). */
  for (int c = 0; c < cols->n; c++)
    {
      double cover = cols->cover[c], alpha;

      if (!(cover > 0))
        continue;
      alpha = 0.06 * cover + 0.94 * CLAMP (cols->sum[c] * inverse_top, 0, cover);
      if (cover > 1 || c < cols->left || c + 1 > cols->right)
        alpha /= MAX (cover, column_width (cols, c));
      cols->alphas[c] = (guint16)(alpha * 256 + 0.5);
    }
}

/* For pixels: the columns the plot's sides cut covered in proportion
 * (a vector target cuts its rectangles there instead). */
static void
cut_sides (Columns *cols)
{
  int sides[2] = { (int)floor (cols->left), (int)ceil (cols->right) - 1 };

  for (guint i = 0; i < G_N_ELEMENTS (sides) && (i == 0 || sides[1] != sides[0]); i++)
    {
      int c = sides[i];

      if (c >= 0 && c < cols->n)
        cols->alphas[c] = (guint16)(cols->alphas[c] * CLAMP (column_width (cols, c), 0, 1) + 0.5);
    }
}

/* A row of the heat map for a vector target: a rectangle a run of
 * columns of one colour, cut to the plot's sides. */
static void
fill_row_vector (PxChartFrame  *f,
                 const Columns *cols,
                 double         x,
                 double         scale,
                 double         y0,
                 double         y1)
{
  for (int c = 0; c < cols->n;)
    {
      int end = c + 1;

      while (end < cols->n && cols->alphas[end] == cols->alphas[c])
        end++;
      if (cols->alphas[c] > 0)
        {
          double x0 = MAX ((double)c, cols->left), x1 = MIN ((double)end, cols->right);

          px_chart_set_source (f->cr, &f->accent, cols->alphas[c] / 256.0);
          cairo_rectangle (f->cr, x + x0 / scale, y0, (x1 - x0) / scale, y1 - y0);
          cairo_fill (f->cr);
        }
      c = end;
    }
}

/* A heat map: a row a shown series, each sample's span coloured from
 * nothing to the accent colour by its value against those shown.
 * Samples narrower than a pixel are merged, their values averaged. */
void
_px_line_layer_draw_heat_map (PxLineLayer  *self,
                              PxChartFrame *f)
{
  cairo_t *cr = f->cr;
  guint rows = 0, row = 0;
  double row_h, x_scale, top = 0, sum_all = 0, scale, x, y;
  guint n_all = 0;
  guint32 color = 0;
  PxRaster r;
  gboolean pixels = FALSE;
  Columns cols;

  /* Coloured against twice the mean (or the highest, if lower), so 24
   * threads sharing two cores (8 % each) read as clearly as one busy
   * worker, and one above the others stands out. */
  for (guint i = 0; i < self->series->len; i++)
    {
      const PxChartSeries *series = get_series (self, i);
      const double *runs[2];
      guint lengths[2];

      if (series->hidden)
        continue;
      rows++;
      px_history_get_runs (series->values, &runs[0], &lengths[0], &runs[1], &lengths[1]);
      for (guint j = 0; j < G_N_ELEMENTS (runs); j++)
        for (guint k = 0; k < lengths[j]; k++)
          {
            double v = runs[j][k];

            if (!isnan (v))
              {
                top = MAX (top, v);
                sum_all += v;
                n_all++;
              }
          }
    }
  if (n_all > 0)
    top = MIN (top, 2 * sum_all / n_all);
  if (rows == 0 || top <= 0 || !(f->w > 0))
    return;
  row_h = f->h / rows;
  x_scale = f->w / (f->t1 - f->t0);

  /* Columns start at the target's pixel at or before the plot's corner,
   * so that painting a raster of them does not resample it. */
  scale = f->raster_scale > 0 ? f->raster_scale : 1;
  x = f->x;
  y = f->y;
  cairo_user_to_device (cr, &x, &y);
  x = floor (x);
  y = floor (y);
  cairo_device_to_user (cr, &x, &y);
  cols.left = (f->x - x) * scale;
  cols.right = (f->x + f->w - x) * scale;
  cols.n = (int)ceil (cols.right) + 1;
  cols.sum = g_new (double, 2 * cols.n);
  cols.cover = cols.sum + cols.n;
  cols.alphas = g_new (guint16, cols.n);
  if (f->raster_scale > 0 &&
      px_raster_begin (&self->raster, &r, cols.n,
                       (int)ceil ((f->y + f->h - y) * f->raster_scale) + 1))
    {
      pixels = TRUE;
      color = px_raster_color (f->accent.red, f->accent.green, f->accent.blue);
    }

  cairo_save (cr);
  for (guint i = 0; i < self->series->len; i++)
    {
      const PxChartSeries *series = get_series (self, i);
      guint n = MIN (px_history_get_length (series->time), px_history_get_length (series->values));
      double row_y = f->y + row * row_h;
      double row_bottom = row_y + MAX (row_h - 1, 1);
      Runs t, v;

      if (series->hidden)
        continue;
      row++;
      /* Read from the histories' arrays: a call a sample weighed as much
       * as the painting. */
      runs_of (series->time, &t);
      runs_of (series->values, &v);
      spread_row (&cols, &t, &v, n, (f->x - x - f->t0 * x_scale) * scale, x_scale * scale, top);
      if (!pixels)
        {
          fill_row_vector (f, &cols, x, scale, row_y, row_bottom);
          continue;
        }
      cut_sides (&cols);
      px_raster_fill_band (&r, 0, cols.alphas, cols.n, (row_y - y) * f->raster_scale,
                           (row_bottom - y) * f->raster_scale, color);
    }
  g_free (cols.sum);
  g_free (cols.alphas);
  if (pixels)
    {
      cairo_surface_t *surface = px_raster_end (&self->raster, &r, f->raster_scale);

      if (surface != NULL)
        {
          cairo_set_source_surface (cr, surface, x, y);
          cairo_rectangle (cr, x, y, r.width / f->raster_scale, r.height / f->raster_scale);
          cairo_fill (cr);
          cairo_surface_destroy (surface);
        }
    }
  cairo_rectangle (cr, f->x, f->y, f->w, f->h);
  cairo_clip (cr);
  /* The rows' names where they are tall enough, over the colours. */
  row = 0;
  for (guint i = 0; i < self->series->len && row_h >= f->text_height + 2; i++)
    {
      const PxChartSeries *series = get_series (self, i);

      if (series->hidden)
        continue;
      if (series->label != NULL)
        {
          px_chart_frame_set_font (f, PX_CHART_FONT_SMALL);
          px_chart_frame_draw_text (f, series->label, f->x + 4,
                                    f->y + row * row_h + (row_h - f->text_height) / 2, &f->fg,
                                    0.7);
        }
      row++;
    }
  cairo_restore (cr);
}

typedef struct
{
  guint  index;
  double value;
} Reading;

static int
compare_readings (gconstpointer a,
                  gconstpointer b)
{
  const Reading *x = a, *y = b;

  /* Highest first; a series without a value last. */
  if (isnan (x->value) != isnan (y->value))
    return isnan (x->value) ? 1 : -1;
  return x->value > y->value ? -1 : x->value < y->value ? 1 : (int)x->index - (int)y->index;
}

/* Many lines: their sum first, then the highest at the cursor, as many as
 * fit, and how many more. */
void
_px_line_layer_read_many (PxLineLayer  *self,
                          PxChartFrame *f,
                          double        cursor,
                          PxReadings   *readings)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (Reading));
  double sum = 0;
  guint counted = 0;

  for (guint i = 0; i < self->series->len; i++)
    {
      const PxChartSeries *series = get_series (self, i);
      int nearest;
      Reading r = { i, NAN };

      if (series->hidden)
        continue;
      nearest = _px_line_layer_find_nearest (series, cursor);
      if (nearest >= 0)
        r.value = px_history_get (series->values, nearest);
      if (readings->heading == NULL && nearest >= 0)
        readings->heading = px_format_time (px_history_get (series->time, nearest), 0.01, f->t1);
      if (!isnan (r.value))
        {
          sum += r.value;
          counted++;
        }
      g_array_append_val (values, r);
    }
  if (values->len == 0)
    return;
  g_array_sort (values, compare_readings);
  if (counted > 1 && px_readings_has_room (readings))
    /* Translators: the first line of a graph's readings when it has many
     * lines: their values added up. */
    px_readings_add (readings, NULL, g_strdup (_("All together")),
                     px_format_reading (sum, f->unit));
  for (guint k = 0; k < values->len; k++)
    {
      const Reading *r = &g_array_index (values, Reading, k);
      PxChartKey key = { 0 };

      if (!px_readings_has_room (readings))
        {
          readings->n_more += values->len - k;
          break;
        }
      px_chart_layer_get_key (PX_CHART_LAYER (self), r->index, &key);
      px_readings_add (readings, &key, g_strdup (key.label ? key.label : ""),
                       px_format_reading (r->value, f->unit));
    }
}
