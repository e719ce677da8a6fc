/* px-line-layer.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sampled series drawn as lines. Each series holds a reference to its
 * time and value histories, and the layer to its series, so what is
 * drawn lives as long as it is drawn. On screen the lines are pixels
 * (px-raster.c); SVG and PDF get cairo's strokes.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "px-line-layer-private.h"
#include "px-scale.h"

/* Above this many series the lines are thinner, and cairo's strokes
 * (SVG, PDF) trade antialiasing quality for speed: the lines are a
 * texture by then, not individual curves. */
#define FAST_SERIES 16

G_DEFINE_FINAL_TYPE (PxLineLayer, px_line_layer, PX_TYPE_CHART_LAYER)

/* A series of @values sampled at @time, both kept alive by the series. */
PxChartSeries *
px_chart_series_new (PxHistory     *time,
               PxHistory     *values,
               const GdkRGBA *color,
               const char    *label,
               gboolean       dashed)
{
  PxChartSeries *series;

  g_return_val_if_fail (time != NULL, NULL);
  g_return_val_if_fail (values != NULL, NULL);
  g_return_val_if_fail (color != NULL, NULL);

  series = g_rc_box_new0 (PxChartSeries);
  series->time = px_history_ref (time);
  series->values = px_history_ref (values);
  series->color = *color;
  series->label = g_strdup (label);
  series->dashed = !!dashed;
  return series;
}

PxChartSeries *
px_chart_series_ref (PxChartSeries *series)
{
  return g_rc_box_acquire (series);
}

static void
series_clear (gpointer data)
{
  PxChartSeries *series = data;

  px_history_unref (series->time);
  px_history_unref (series->values);
  g_free (series->label);
}

void
px_chart_series_unref (PxChartSeries *series)
{
  g_rc_box_release_full (series, series_clear);
}

static guint
series_length (const PxChartSeries *series)
{
  return MIN (px_history_get_length (series->time), px_history_get_length (series->values));
}

static gboolean
has_label (const PxChartSeries *series)
{
  return series->label != NULL && series->label[0] != '\0';
}

/* First index in [0, n) whose time is >= @t; times increase. */
static guint
find_time (PxHistory *time,
           guint      n,
           double     t)
{
  guint lo = 0;
  guint hi = n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (px_history_get (time, mid) < t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Index of the sample nearest to @t, or -1 for an empty series. */
int
_px_line_layer_find_nearest (const PxChartSeries *series,
                             double               t)
{
  guint n = series_length (series);
  guint i;

  if (n == 0)
    return -1;
  i = find_time (series->time, n, t);
  if (i == n)
    return n - 1;
  if (i > 0 && t - px_history_get (series->time, i - 1) < px_history_get (series->time, i) - t)
    return i - 1;
  return i;
}

static gboolean
px_line_layer_get_extent (PxChartLayer *layer,
                          double       *first,
                          double       *last,
                          gboolean     *clipped)
{
  PxLineLayer *self = PX_LINE_LAYER (layer);
  gboolean any = FALSE;

  *first = INFINITY;
  *last = -INFINITY;
  for (guint i = 0; i < self->series->len; i++)
    {
      const PxChartSeries *series = get_series (self, i);
      guint n = series_length (series);

      if (n == 0)
        continue;
      any = TRUE;
      *first = MIN (*first, px_history_get (series->time, 0));
      *last = MAX (*last, px_history_get (series->time, n - 1));
      /* Once the ring has dropped its oldest samples, the view starts at
       * what is left rather than at an empty zero. */
      if (px_history_get_dropped (series->time) > 0)
        *clipped = TRUE;
    }
  return any && isfinite (*first) && isfinite (*last);
}

static double
px_line_layer_get_value_max (PxChartLayer *layer,
                             double        t0,
                             double        t1)
{
  PxLineLayer *self = PX_LINE_LAYER (layer);
  double max = -INFINITY;

  for (guint i = 0; i < self->series->len; i++)
    {
      const PxChartSeries *series = get_series (self, i);
      guint n, first, last;

      if (series->hidden)
        continue;
      n = series_length (series);
      first = find_time (series->time, n, t0);
      last = find_time (series->time, n, t1);
      /* One point either side, as drawn. */
      first = first > 0 ? first - 1 : 0;
      last = MIN (last + 1, n);
      for (guint j = first; j < last; j++)
        {
          double v = px_history_get (series->values, j);

          if (v > max)
            max = v;
        }
    }
  return max;
}

/* Where sample @i of a series whose times are @t_run is drawn. */
static inline double
x_at (const PxChartFrame *f,
      const double       *t_run[2],
      guint               n_t_run,
      guint               i,
      double              x_scale)
{
  return f->x + ((i < n_t_run ? t_run[0][i] : t_run[1][i - n_t_run]) - f->t0) * x_scale;
}

/* The visible samples of @series as plot points, NAN x between runs,
 * those that draw from @x_from on (-INFINITY: all). With more samples
 * than pixel columns, each column keeps its first, lowest, highest and
 * last value, which looks the same for a fraction of the path. */
static void
collect_points (const PxChartFrame  *f,
                const PxChartSeries *series,
                double               x_from,
                GArray              *points)
{
  guint n = series_length (series);
  guint first = find_time (series->time, n, f->t0);
  guint last = find_time (series->time, n, f->t1);
  double x_scale = f->w / (f->t1 - f->t0);
  double y_scale = f->h / f->y_top;
  double bottom = f->y + f->h;
  gboolean open = FALSE;
  double column = NAN;
  double col_x0 = 0, col_x1 = 0, col_first = 0, col_last = 0, col_min = 0, col_max = 0;
  guint col_count = 0;
  const double *t_run[2], *v_run[2];
  guint n_t_run, n_v_run, n_dummy;
  PxPoint *out;
  guint n_out = 0;

  first = first > 0 ? first - 1 : 0;
  last = MIN (last + 1, n);

#define FLUSH_COLUMN()                                                              \
  G_STMT_START {                                                                    \
    if (col_count == 1)                                                             \
      out[n_out++] = (PxPoint) { col_x0, col_first };                               \
    else if (col_count > 1)                                                         \
      {                                                                             \
        out[n_out++] = (PxPoint) { col_x0, col_first };                             \
        out[n_out++] = (PxPoint) { col_x0, col_min };                               \
        out[n_out++] = (PxPoint) { col_x1, col_max };                               \
        out[n_out++] = (PxPoint) { col_x1, col_last };                              \
      }                                                                             \
    col_count = 0;                                                                  \
  } G_STMT_END

  px_history_get_runs (series->time, &t_run[0], &n_t_run, &t_run[1], &n_dummy);
  px_history_get_runs (series->values, &v_run[0], &n_v_run, &v_run[1], &n_dummy);

  /* Only what is drawn from @x_from on: from the whole column of the
   * last sample more than three units before it, so the columns' points
   * and the lines between them are those drawn whole from there on. */
  if (x_from > f->x)
    {
      guint start = find_time (series->time, n, f->t0 + (x_from - 3 - f->x) / x_scale);

      if (start > first + 1 && start < last)
        {
          start--;
          while (start > first && floor (x_at (f, t_run, n_t_run, start - 1, x_scale)) ==
                                  floor (x_at (f, t_run, n_t_run, start, x_scale)))
            start--;
          first = start;
        }
    }

  /* Each sample adds at most two points: a gap, one starting a column,
   * or two of the four of a column of two or more. */
  g_array_set_size (points, 2 * (last > first ? last - first : 0));
  out = (PxPoint *)(gpointer)points->data;
  for (guint i = first; i < last; i++)
    {
      double t = i < n_t_run ? t_run[0][i] : t_run[1][i - n_t_run];
      double v = i < n_v_run ? v_run[0][i] : v_run[1][i - n_v_run];
      double x, y;

      if (isnan (t) || isnan (v))
        {
          FLUSH_COLUMN ();
          if (open)
            out[n_out++] = (PxPoint) { NAN, NAN };
          open = FALSE;
          column = NAN;
          continue;
        }

      x = f->x + (t - f->t0) * x_scale;
      y = bottom - v * y_scale;
      open = TRUE;

      if (floor (x) == column)
        {
          col_x1 = x;
          col_last = y;
          col_min = MAX (col_min, y);
          col_max = MIN (col_max, y);
          col_count++;
          continue;
        }

      FLUSH_COLUMN ();
      column = floor (x);
      col_x0 = col_x1 = x;
      col_first = col_last = col_min = col_max = y;
      col_count = 1;
    }
  FLUSH_COLUMN ();
  g_array_set_size (points, n_out);

#undef FLUSH_COLUMN
}

/* Builds the path of the runs in @points. */
static void
append_points (cairo_t      *cr,
               const GArray *points)
{
  gboolean open = FALSE;

  cairo_new_path (cr);
  for (guint i = 0; i < points->len; i++)
    {
      const PxPoint *p = &g_array_index (points, PxPoint, i);

      if (isnan (p->x))
        open = FALSE;
      else if (!open)
        {
          cairo_move_to (cr, p->x, p->y);
          open = TRUE;
        }
      else
        cairo_line_to (cr, p->x, p->y);
    }
}

static double
line_width (PxLineLayer *self)
{
  /* Many lines read better thin. */
  return self->series->len > FAST_SERIES ? 1.0 : PX_CHART_LINE_WIDTH;
}

static void
stroke_series (PxLineLayer  *self,
               PxChartFrame *f)
{
  static const double dash[] = { 6, 4 };
  cairo_t *cr = f->cr;

  cairo_set_line_width (cr, line_width (self));
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  if (self->series->len > FAST_SERIES)
    {
      cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_BEVEL);
    }

  for (guint i = 0; i < self->series->len; i++)
    {
      const PxChartSeries *series = get_series (self, i);

      if (series->hidden)
        continue;
      collect_points (f, series, -INFINITY, self->points);
      if (self->points->len == 0)
        continue;
      append_points (cr, self->points);
      px_chart_set_source (cr, &series->color, 1);
      cairo_set_dash (cr, dash, series->dashed ? G_N_ELEMENTS (dash) : 0, 0);
      cairo_stroke (cr);
    }
}

/* Draws the shown series into @r, whose pixel (0, 0) is at @x, @y,
 * from @x_from on (-INFINITY: all). */
static void
rasterize_series (PxLineLayer  *self,
                  PxChartFrame *f,
                  PxRaster     *r,
                  double        x,
                  double        y,
                  double        x_from)
{
  double half = line_width (self) * f->raster_scale / 2;

  for (guint i = 0; i < self->series->len; i++)
    {
      const PxChartSeries *series = get_series (self, i);
      guint32 color = px_raster_color (series->color.red, series->color.green,
                                       series->color.blue);

      if (series->hidden)
        continue;
      collect_points (f, series, x_from, self->points);
      px_raster_draw_polyline (r, (const PxPoint *)(gpointer)self->points->data,
                               self->points->len, x, y, f->raster_scale, half,
                               color, series->color.alpha, series->dashed);
    }
}

static void
px_line_layer_draw (PxChartLayer *layer,
                    PxChartFrame *f)
{
  PxLineLayer *self = PX_LINE_LAYER (layer);
  cairo_t *cr = f->cr;
  cairo_surface_t *surface;
  PxRaster r;
  const double pad = PX_CHART_LINE_WIDTH;

  if (self->heat_map)
    {
      _px_line_layer_draw_heat_map (self, f);
      return;
    }

  cairo_save (cr);
  /* The line's half-width may pass the top and bottom of the plot. */
  cairo_rectangle (cr, f->x, f->y - pad, f->w, f->h + 2 * pad);
  cairo_clip (cr);

  if (f->raster_scale <= 0)
    {
      stroke_series (self, f);
      cairo_restore (cr);
      return;
    }

  if (px_raster_begin (&self->raster, &r, (int)ceil (f->w * f->raster_scale),
                       (int)ceil ((f->h + 2 * pad) * f->raster_scale)))
    rasterize_series (self, f, &r, f->x, f->y - pad, -INFINITY);
  surface = px_raster_end (&self->raster, &r, f->raster_scale);
  if (surface != NULL)
    {
      cairo_set_source_surface (cr, surface, f->x, f->y - pad);
      if (r.bottom > r.top)
        {
          cairo_rectangle (cr, f->x, f->y - pad + r.top / f->raster_scale, f->w,
                           (r.bottom - r.top) / f->raster_scale);
          cairo_fill (cr);
        }
      cairo_surface_destroy (surface);
    }
  cairo_restore (cr);
}

/* What a series held when its lines were last drawn on screen. */
typedef struct
{
  guint   length;
  guint64 pushed;
  double  first;
  double  last;
} Drawn;

static Drawn
series_drawn (const PxChartSeries *series)
{
  guint n = series_length (series);

  return (Drawn) {
    .length = n,
    .pushed = px_history_get_pushed (series->time),
    .first = n > 0 ? px_history_get (series->time, 0) : NAN,
    .last = n > 0 ? px_history_get (series->time, n - 1) : NAN,
  };
}

/* The first column of the screen's pixels that samples added since the
 * last frame can change, if samples were only added, and that frame was
 * drawn as this one (@same_frame); 0 to draw them all again. A pixel
 * column of the plot shows the samples within it and the line to the
 * next (collect_points ()), so the change begins at the column of the
 * last sample drawn: one column before it is drawn again too. */
static int
first_changed_column (PxLineLayer  *self,
                      PxChartFrame *f,
                      gboolean      same_frame,
                      double        left)
{
  double x_scale = f->w / (f->t1 - f->t0);
  double first_x = INFINITY;

  if (!same_frame || self->screen_drawn->len != self->series->len)
    return 0;
  for (guint i = 0; i < self->series->len; i++)
    {
      const PxChartSeries *series = get_series (self, i);
      Drawn was = g_array_index (self->screen_drawn, Drawn, i);
      Drawn now = series_drawn (series);

      if (series->hidden || (was.length == 0 && now.length == 0))
        continue;
      /* Samples dropped, thinned out or none drawn; dashes that follow
       * the whole line. */
      if (was.length == 0 || now.length - was.length != now.pushed - was.pushed ||
          was.first != now.first || series->dashed)
        return 0;
      first_x = MIN (first_x, floor (f->x + (was.last - f->t0) * x_scale) - 1);
    }
  if (!isfinite (first_x))
    return 0;
  return MAX (0, (int)floor ((first_x - left) * f->raster_scale));
}

/* On screen, the lines as columns of pixels (px-raster-tiles.c) on
 * whole pixels, so GTK draws again only the columns that changed. When
 * the frame is drawn as the last one (@same_frame: the same size, times,
 * values and series), the pixels are kept and drawn again only from the
 * column where the new samples begin. FALSE when the layer is drawn by
 * px_chart_layer_draw () instead (a heat map). */
static gboolean
px_line_layer_snapshot (PxChartLayer *layer,
                        PxChartFrame *f,
                        GtkSnapshot  *snapshot,
                        gboolean      same_frame)
{
  PxLineLayer *self = PX_LINE_LAYER (layer);
  const double pad = PX_CHART_LINE_WIDTH;
  double scale = f->raster_scale;
  double left, top;
  int width, height, from;
  PxRaster r = { 0 };

  if (self->heat_map || scale <= 0)
    return FALSE;

  left = floor (f->x * scale);
  top = floor ((f->y - pad) * scale);
  width = (int)(ceil ((f->x + f->w) * scale) - left);
  height = (int)(ceil ((f->y + f->h + pad) * scale) - top);
  left /= scale;
  top /= scale;
  if (!px_raster_keep_surface (&self->screen, width, height))
    same_frame = FALSE;
  if (cairo_surface_status (self->screen) != CAIRO_STATUS_SUCCESS)
    return TRUE;

  from = MIN (first_changed_column (self, f, same_frame, left), width);
  px_raster_begin_kept (self->screen, &r, from);
  rasterize_series (self, f, &r, left, top, left + from / scale);
  px_raster_end_kept (self->screen, &r);

  g_array_set_size (self->screen_drawn, self->series->len);
  for (guint i = 0; i < self->series->len; i++)
    g_array_index (self->screen_drawn, Drawn, i) = series_drawn (get_series (self, i));

  px_raster_tiles_snapshot (&self->tiles, snapshot, &r, from, left, top, scale);
  return TRUE;
}

static guint
px_line_layer_get_n_keys (PxChartLayer *layer)
{
  return PX_LINE_LAYER (layer)->series->len;
}

static void
px_line_layer_get_key (PxChartLayer *layer,
                       guint         index,
                       PxChartKey   *key)
{
  const PxChartSeries *series = get_series (PX_LINE_LAYER (layer), index);

  key->label = has_label (series) ? series->label : NULL;
  key->color = series->color;
  key->dashed = series->dashed;
  key->hidden = series->hidden;
}

static void
px_line_layer_set_key_hidden (PxChartLayer *layer,
                              guint         index,
                              gboolean      hidden)
{
  PxLineLayer *self = PX_LINE_LAYER (layer);

  g_return_if_fail (index < self->series->len);

  get_series (self, index)->hidden = !!hidden;
  px_chart_layer_keys_changed (layer);
  px_chart_layer_changed (layer);
}

/* A dot where the cursor meets each line, while they stay few, and the
 * value of each shown series; many lines give their sum and the highest
 * of them. */
static void
px_line_layer_read_cursor (PxChartLayer *layer,
                           PxChartFrame *f,
                           double        cursor_x,
                           PxReadings   *readings)
{
  PxLineLayer *self = PX_LINE_LAYER (layer);
  double cursor = px_time_view_get_cursor (f->view);
  gboolean dots = self->series->len <= PX_CHART_READING_LINES && !self->heat_map;

  if (!dots)
    {
      _px_line_layer_read_many (self, f, cursor, readings);
      return;
    }

  for (guint i = 0; i < self->series->len; i++)
    {
      const PxChartSeries *series = get_series (self, i);
      int nearest;
      double v;
      PxChartKey key = { 0 };

      /* The series hidden from the legend are left out here too. */
      if (series->hidden)
        continue;
      nearest = _px_line_layer_find_nearest (series, cursor);
      v = nearest >= 0 ? px_history_get (series->values, nearest) : NAN;
      if (!isnan (v))
        px_readings_add_dot (readings, cursor_x, f->y + f->h - v * f->h / f->y_top,
                             &series->color);
      /* The time of the samples read, rather than of the pointer. */
      if (readings->heading == NULL && nearest >= 0)
        readings->heading = px_format_time (px_history_get (series->time, nearest), 0.01, f->t1);

      if (!px_readings_has_room (readings))
        {
          readings->n_more++;
          continue;
        }
      px_line_layer_get_key (layer, i, &key);
      px_readings_add (readings, &key, g_strdup (key.label ? key.label : ""),
                       px_format_reading (v, f->unit));
    }
}

void
px_line_layer_set_heat_map (PxLineLayer *self,
                            gboolean     heat_map)
{
  g_return_if_fail (PX_IS_LINE_LAYER (self));

  self->heat_map = !!heat_map;
  px_chart_layer_changed (PX_CHART_LAYER (self));
}

/* The latest value of each shown series, for a screen reader. */
static void
px_line_layer_describe (PxChartLayer *layer,
                        const char   *unit,
                        GString      *text)
{
  PxLineLayer *self = PX_LINE_LAYER (layer);
  guint listed = 0;

  for (guint i = 0; i < self->series->len; i++)
    {
      const PxChartSeries *series = get_series (self, i);
      g_autofree char *reading = NULL;

      if (series->hidden || px_history_get_length (series->values) == 0)
        continue;
      if (listed++ == PX_CHART_READING_LINES)
        {
          g_string_append (text, "; …");
          break;
        }
      reading = px_format_reading (px_history_get_last (series->values), unit);
      g_string_append_printf (text, "%s%s: %s", text->len ? "; " : "",
                              has_label (series) ? series->label : "", reading);
    }
}

static void
px_line_layer_finalize (GObject *object)
{
  PxLineLayer *self = (PxLineLayer *)object;

  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->points, g_array_unref);
  px_raster_surfaces_clear (&self->raster);
  px_raster_tiles_clear (&self->tiles);
  g_clear_pointer (&self->screen, cairo_surface_destroy);
  g_clear_pointer (&self->screen_drawn, g_array_unref);

  G_OBJECT_CLASS (px_line_layer_parent_class)->finalize (object);
}

static void
px_line_layer_class_init (PxLineLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  PxChartLayerClass *layer_class = PX_CHART_LAYER_CLASS (klass);

  object_class->finalize = px_line_layer_finalize;

  layer_class->get_extent = px_line_layer_get_extent;
  layer_class->get_value_max = px_line_layer_get_value_max;
  layer_class->draw = px_line_layer_draw;
  layer_class->snapshot = px_line_layer_snapshot;
  layer_class->get_n_keys = px_line_layer_get_n_keys;
  layer_class->get_key = px_line_layer_get_key;
  layer_class->set_key_hidden = px_line_layer_set_key_hidden;
  layer_class->read_cursor = px_line_layer_read_cursor;
  layer_class->describe = px_line_layer_describe;
}

static void
px_line_layer_init (PxLineLayer *self)
{
  self->series = g_ptr_array_new_with_free_func ((GDestroyNotify)px_chart_series_unref);
  self->points = g_array_new (FALSE, FALSE, sizeof (PxPoint));
  px_raster_tiles_init (&self->tiles);
  self->screen_drawn = g_array_new (FALSE, TRUE, sizeof (Drawn));
}

PxChartLayer *
px_line_layer_new (void)
{
  return g_object_new (PX_TYPE_LINE_LAYER, NULL);
}

/* Adds @series, keeping a reference. */
void
px_line_layer_add_series (PxLineLayer *self,
                          PxChartSeries    *series)
{
  g_return_if_fail (PX_IS_LINE_LAYER (self));
  g_return_if_fail (series != NULL);

  g_ptr_array_add (self->series, px_chart_series_ref (series));
  px_chart_layer_keys_changed (PX_CHART_LAYER (self));
  px_chart_layer_changed (PX_CHART_LAYER (self));
}

void
px_line_layer_clear (PxLineLayer *self)
{
  g_return_if_fail (PX_IS_LINE_LAYER (self));

  g_ptr_array_set_size (self->series, 0);
  px_chart_layer_keys_changed (PX_CHART_LAYER (self));
  px_chart_layer_changed (PX_CHART_LAYER (self));
}

guint
px_line_layer_get_n_series (PxLineLayer *self)
{
  g_return_val_if_fail (PX_IS_LINE_LAYER (self), 0);

  return self->series->len;
}

/* All points of all series, shown or not. */
guint
px_line_layer_get_n_points (PxLineLayer *self)
{
  guint n = 0;

  g_return_val_if_fail (PX_IS_LINE_LAYER (self), 0);

  for (guint i = 0; i < self->series->len; i++)
    n += series_length (get_series (self, i));
  return n;
}
