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

#include <glib/gi18n.h>

#include "px-line-layer-private.h"
#include "px-raster.h"
#include "px-scale.h"

/* Where a heat map's spans go: the frame's cairo context, or, for
 * pixels, a raster of the plot (a span is a few pixels, and cairo takes
 * longer to set up a fill than to blend them: 64 rows of 600 samples
 * took 20 ms a frame as cairo fills). */
typedef struct
{
  PxChartFrame *f;
  PxRaster     *raster;
  guint32       color;
  /* Where the raster's pixel (0, 0) is, in the frame's units: on a
   * pixel of the target, so that painting it does not resample it. */
  double        x;
  double        y;
} Spans;

static void
fill_span (Spans  *spans,
           double  x0,
           double  y0,
           double  x1,
           double  y1,
           double  alpha)
{
  PxChartFrame *f = spans->f;

  if (spans->raster != NULL)
    {
      double scale = f->raster_scale;

      /* Cut to the plot's sides here (its rows are within it): the
       * raster is painted unclipped, so that a pixel the plot's edge
       * halves is not halved twice. */
      x0 = MAX (x0, f->x);
      x1 = MIN (x1, f->x + f->w);
      px_raster_fill_rect (spans->raster, (x0 - spans->x) * scale, (y0 - spans->y) * scale,
                           (x1 - spans->x) * scale, (y1 - spans->y) * scale, spans->color,
                           alpha);
      return;
    }
  px_chart_set_source (f->cr, &f->accent, alpha);
  cairo_rectangle (f->cr, x0, y0, x1 - x0, y1 - y0);
  cairo_fill (f->cr);
}

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

/* A heat map: a row a shown series, each sample's span coloured from
 * nothing to the accent colour by its value against those shown.
 * Samples narrower than a pixel are merged, their values averaged. */
void
_px_line_layer_draw_heat_map (PxLineLayer  *self,
                              PxChartFrame *f)
{
  cairo_t *cr = f->cr;
  guint rows = 0, row = 0;
  double row_h, x_scale, top = 0, sum_all = 0;
  guint n_all = 0;
  Spans spans = { f, NULL, 0, 0, 0 };
  PxRaster r;

  /* Coloured against twice the mean (or the highest, if lower), so 24
   * threads sharing two cores (8 % each) read as clearly as one busy
   * worker, and one above the others stands out. */
  for (guint i = 0; i < self->series->len; i++)
    {
      const PxChartSeries *series = get_series (self, i);
      Runs values;

      if (series->hidden)
        continue;
      rows++;
      runs_of (series->values, &values);
      for (guint k = 0; k < px_history_get_length (series->values); k++)
        {
          double v = runs_at (&values, k);

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
  if (rows == 0 || top <= 0)
    return;
  row_h = f->h / rows;
  x_scale = f->w / (f->t1 - f->t0);
  if (f->raster_scale > 0)
    {
      double x = f->x, y = f->y;

      /* The plot's corner, moved to the target's pixel at or before it. */
      cairo_user_to_device (cr, &x, &y);
      x = floor (x);
      y = floor (y);
      cairo_device_to_user (cr, &x, &y);
      spans.x = x;
      spans.y = y;
      if (px_raster_begin (&self->raster, &r,
                           (int)ceil ((f->x + f->w - x) * f->raster_scale) + 1,
                           (int)ceil ((f->y + f->h - y) * f->raster_scale) + 1))
        {
          spans.raster = &r;
          spans.color = px_raster_color (f->accent.red, f->accent.green, f->accent.blue);
        }
    }
  cairo_save (cr);
  if (spans.raster == NULL)
    {
      cairo_rectangle (cr, f->x, f->y, f->w, f->h);
      cairo_clip (cr);
    }
  for (guint i = 0; i < self->series->len; i++)
    {
      const PxChartSeries *series = get_series (self, i);
      guint n = MIN (px_history_get_length (series->time), px_history_get_length (series->values));
      double y = f->y + row * row_h;
      double span_x0 = NAN, sum = 0, x_prev;
      guint count = 0;
      Runs t, v_runs;

      if (series->hidden)
        continue;
      row++;
      /* Read from the histories' arrays: a call a sample weighed as much
       * as the blending. */
      runs_of (series->time, &t);
      runs_of (series->values, &v_runs);
      x_prev = n > 0 ? f->x + (runs_at (&t, 0) - f->t0) * x_scale : NAN;
      for (guint k = 1; k <= n; k++)
        {
          double x0, x1, v;

          if (k < n)
            {
              x0 = x_prev;
              x1 = x_prev = f->x + (runs_at (&t, k) - f->t0) * x_scale;
              v = runs_at (&v_runs, k);
              if (isnan (span_x0))
                span_x0 = x0;
              if (!isnan (v))
                {
                  sum += v;
                  count++;
                }
              /* Merge until the span is a pixel wide. */
              if (x1 - span_x0 < 1)
                continue;
            }
          else
            x1 = isnan (span_x0) ? 0 : span_x0 + 1;
          if (count > 0 && x1 > f->x && span_x0 < f->x + f->w)
            fill_span (&spans, span_x0, y, span_x0 + MAX (x1 - span_x0, 1),
                       y + MAX (row_h - 1, 1), 0.06 + 0.94 * CLAMP (sum / count / top, 0, 1));
          span_x0 = NAN;
          sum = 0;
          count = 0;
        }
    }
  if (spans.raster != NULL)
    {
      cairo_surface_t *surface = px_raster_end (&self->raster, &r, f->raster_scale);

      if (surface != NULL)
        {
          cairo_set_source_surface (cr, surface, spans.x, spans.y);
          cairo_rectangle (cr, spans.x, spans.y, r.width / f->raster_scale,
                           r.height / f->raster_scale);
          cairo_fill (cr);
          cairo_surface_destroy (surface);
        }
      cairo_rectangle (cr, f->x, f->y, f->w, f->h);
      cairo_clip (cr);
    }
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
