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
#include "px-scale.h"

/* A heat map: a row a shown series, each sample's span coloured from
 * nothing to the accent colour by its value against those shown.
 * Samples narrower than a pixel are merged, their values averaged. */
void
_px_line_layer_draw_heat_map (PxLineLayer  *self,
                              PxChartFrame *f)
{
  cairo_t *cr = f->cr;
  guint rows = 0, row = 0;
  double row_h, top = 0, sum_all = 0;
  guint n_all = 0;

  /* Coloured against twice the mean (or the highest, if lower), so 24
   * threads sharing two cores (8 % each) read as clearly as one busy
   * worker, and one above the others stands out. */
  for (guint i = 0; i < self->series->len; i++)
    {
      const PxChartSeries *series = get_series (self, i);

      if (series->hidden)
        continue;
      rows++;
      for (guint k = 0; k < px_history_get_length (series->values); k++)
        {
          double v = px_history_get (series->values, k);

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
  for (guint i = 0; i < self->series->len; i++)
    {
      const PxChartSeries *series = get_series (self, i);
      guint n = MIN (px_history_get_length (series->time), px_history_get_length (series->values));
      double y = f->y + row * row_h;
      double span_x0 = NAN, sum = 0;
      guint count = 0;

      if (series->hidden)
        continue;
      row++;
      for (guint k = 1; k <= n; k++)
        {
          double x0, x1, v;

          if (k < n)
            {
              x0 = px_chart_frame_x_for_time (f, px_history_get (series->time, k - 1));
              x1 = px_chart_frame_x_for_time (f, px_history_get (series->time, k));
              v = px_history_get (series->values, k);
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
            {
              double level = CLAMP (sum / count / top, 0, 1);

              px_chart_set_source (cr, &f->accent, 0.06 + 0.94 * level);
              cairo_rectangle (cr, span_x0, y, MAX (x1 - span_x0, 1), MAX (row_h - 1, 1));
              cairo_fill (cr);
            }
          span_x0 = NAN;
          sum = 0;
          count = 0;
        }
      /* The row's name where it is tall enough. */
      if (row_h >= f->text_height + 2 && series->label != NULL)
        {
          px_chart_frame_set_font (f, PX_CHART_FONT_SMALL);
          px_chart_frame_draw_text (f, series->label, f->x + 4, y + (row_h - f->text_height) / 2,
                                    &f->fg, 0.7);
        }
    }
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
