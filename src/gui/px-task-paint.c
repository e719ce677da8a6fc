/* px-task-paint.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Painting the task timeline. Within a lane, a task's bar is as tall as
 * the lane and split from the bottom in the shares of its time each
 * category took (not in the order they happened, which is not
 * recorded). Tasks narrower than a device pixel add their shares to that
 * pixel's column, whose stack is as tall as the worker was busy there;
 * a block of tasks narrower than a pixel adds its sums without its
 * tasks being visited.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "px-scale.h"
#include "px-task-layer-private.h"

/* Below this lane height the lanes touch. */
#define LANE_GAP_MIN 6.0
/* A block of tasks narrower than this many device pixels is spread
 * evenly over them without its tasks being visited: at that width its
 * tasks are pixels or less each, and what shows is how busy the worker
 * was and on what. */
#define BLOCK_MERGE_PX 4.0
/* A task narrower than this is merged into the columns it covers. */
#define TASK_MERGE_PX 2.0

/* Drawing: into a raster on screen and in PNGs, with cairo in SVG. */
typedef struct
{
  PxTaskLayer  *self;
  PxChartFrame *f;
  PxRaster      raster;
  /* Every task's rarer waits, or NULL. */
  const PxTaskWaits *waits;
  gboolean      pixels;
  /* Device pixels per unit (1 for vectors), and the time a device pixel
   * spans. */
  double        scale;
  double        us_per_px;
  double        origin_px;
  double        lane_top;
  double        lane_h;
  /* The column being merged. */
  gint64        column;
  double        acc[N_CATS];
  guint         acc_failed;
} Paint;

static void
fill (Paint  *p,
      double  x0,
      double  y0,
      double  x1,
      double  y1,
      guint   color)
{
  if (x1 <= x0 || y1 <= y0)
    return;
  if (p->pixels)
    px_raster_fill_rect (&p->raster, x0, y0, x1, y1, p->self->raster_colors[color], 1);
  else
    {
      const GdkRGBA *c = &p->self->colors[color];

      cairo_set_source_rgb (p->f->cr, c->red, c->green, c->blue);
      cairo_rectangle (p->f->cr, p->f->x + x0, p->f->y + y0, x1 - x0, y1 - y0);
      cairo_fill (p->f->cr);
    }
}

/* The mark of a failed task: a band along the top of its bar, thin
 * enough to leave the bar readable. */
static double
failed_band (Paint *p)
{
  return CLAMP (p->lane_h / 6, 1, 3 * p->scale);
}

/* A stack of the categories' shares of @time_us from the lane's bottom,
 * @busy of its height tall, from @x0 to @x1 (plot pixels). */
static void
fill_stack (Paint        *p,
            double        x0,
            double        x1,
            const double *time_us,
            double        busy,
            gboolean      failed)
{
  double total = 0;
  double y = p->lane_top + p->lane_h;

  for (guint k = 0; k < N_CATS; k++)
    if (!p->self->hidden[k])
      total += time_us[k];
  if (total <= 0)
    return;

  /* A pixel's column: each of its pixels is written once. */
  if (p->pixels && x1 == x0 + 1 && x0 == floor (x0))
    {
      double heights[N_CATS];
      guint32 colors[N_CATS];
      guint n = 0;

      for (guint k = 0; k < N_CATS; k++)
        if (!p->self->hidden[k] && time_us[k] > 0)
          {
            heights[n] = p->lane_h * busy * time_us[k] / total;
            colors[n++] = p->self->raster_colors[k];
          }
      px_raster_fill_stack (&p->raster, (int)x0, y, heights, colors, n);
      if (failed)
        fill (p, x0, p->lane_top, x1, p->lane_top + failed_band (p), N_CATS);
      return;
    }

  for (guint k = 0; k < N_CATS; k++)
    {
      double h;

      if (p->self->hidden[k] || time_us[k] <= 0)
        continue;
      h = p->lane_h * busy * time_us[k] / total;
      fill (p, x0, y - h, x1, y, k);
      y -= h;
    }
  /* A failed task gets a band of the failed colour along its top. */
  if (failed)
    fill (p, x0, p->lane_top, x1, p->lane_top + failed_band (p), N_CATS);
}

static void
flush_column (Paint *p)
{
  double total = 0;

  if (p->column == G_MININT64)
    return;
  for (guint k = 0; k < N_CATS; k++)
    total += p->acc[k];
  if (total > 0)
    fill_stack (p, p->column, p->column + 1, p->acc,
                MIN (total / p->us_per_px, 1), p->acc_failed > 0);
  memset (p->acc, 0, sizeof p->acc);
  p->acc_failed = 0;
  p->column = G_MININT64;
}

/* Adds @time_us, spread evenly from @a to @b (device pixels), to the
 * columns it covers. */
static void
merge (Paint        *p,
       double        a,
       double        b,
       const double *time_us,
       guint         n_failed)
{
  gint64 first = (gint64)floor (a);
  gint64 last = MAX ((gint64)ceil (b) - 1, first);

  for (gint64 c = first; c <= last; c++)
    {
      double share = b > a ? (MIN (b, c + 1) - MAX (a, c)) / (b - a) : 1;

      if (c != p->column)
        {
          flush_column (p);
          p->column = c;
        }
      for (guint k = 0; k < N_CATS; k++)
        p->acc[k] += time_us[k] * share;
      p->acc_failed += n_failed;
      n_failed = 0;
    }
}

static double
px_of (Paint  *p,
       gint64  us)
{
  return (us - p->self->origin_us) / p->us_per_px - p->origin_px;
}

static void
paint_task (Paint              *p,
            const PxTaskRecord *records,
            guint32             id)
{
  const PxTaskRecord *r = &records[id];
  double a = px_of (p, r->start_us);
  double b = px_of (p, r->end_us);
  double width = p->f->w * p->scale;
  double split[N_CATS];

  if (b < 0 || a > width)
    return;
  px_task_record_split (r, p->waits != NULL ? &p->waits[id] : NULL, split);
  if (b - a < TASK_MERGE_PX)
    {
      merge (p, a, b, split, r->status == PX_TASK_FAILED);
      return;
    }
  flush_column (p);
  a = MAX (a, 0);
  b = MIN (b, width);
  fill_stack (p, a, b, split, 1, r->status == PX_TASK_FAILED);
}

static void
paint_lane (Paint              *p,
            const Lane         *lane,
            const PxTaskRecord *records)
{
  const Block *blocks = (const Block *)(gpointer)lane->blocks->data;
  double width = p->f->w * p->scale;
  /* From the first column painted: the view's start, or where new tasks
   * begin to change the pixels. */
  gint64 t0_us = p->self->origin_us + (gint64)floor ((p->origin_px + p->raster.left) *
                                                     p->us_per_px) - 1;
  guint lo = 0, hi = lane->blocks->len;

  /* The first block that ends there or later. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (blocks[mid].end_us < t0_us)
        lo = mid + 1;
      else
        hi = mid;
    }

  p->column = G_MININT64;
  memset (p->acc, 0, sizeof p->acc);
  p->acc_failed = 0;
  for (guint b = lo; b < lane->blocks->len; b++)
    {
      const Block *block = &blocks[b];
      double a = px_of (p, block->start_us);
      double z = px_of (p, block->end_us);

      if (a > width)
        break;
      if (z - a < BLOCK_MERGE_PX && a >= 0 && z <= width)
        {
          double time_us[N_CATS];

          for (guint k = 0; k < N_CATS; k++)
            time_us[k] = block->time_us[k];
          merge (p, a, z, time_us, block->n_failed);
          continue;
        }
      for (guint i = b * PX_TASK_BLOCK; i < MIN ((b + 1) * PX_TASK_BLOCK, lane->tasks->len); i++)
        paint_task (p, records, g_array_index (lane->tasks, guint32, i));
    }
  flush_column (p);
}

double
_px_task_layer_lane_height (PxTaskLayer        *self,
                            const PxChartFrame *f)
{
  return f->h / MAX (self->n_lanes, 1);
}

static void
draw_lane_labels (PxTaskLayer  *self,
                  PxChartFrame *f)
{
  double lane_h = _px_task_layer_lane_height (self, f);
  guint every = 1;
  int text_w, text_h;

  /* Each lane's host, as a bar of its colour left of the plot. */
  for (guint i = 0; self->places != NULL && i < self->n_lanes &&
                    i < px_sampler_get_n_workers (self->places); i++)
    {
      guint place = px_sampler_get_worker_place (self->places, i);
      PxColor color;

      if (place == G_MAXUINT)
        continue;
      px_palette_get_host (place, &color);
      cairo_rectangle (f->cr, f->x - 5, f->y + i * lane_h + (lane_h >= 4 ? 1 : 0), 3,
                       MAX (lane_h - (lane_h >= 4 ? 2 : 0), 0.5));
      cairo_set_source_rgb (f->cr, color.red, color.green, color.blue);
      cairo_fill (f->cr);
    }

  px_chart_frame_set_font (f, PX_CHART_FONT_SMALL);
  while (lane_h * every < f->text_height + 2 && every < self->n_lanes)
    every *= 2;
  for (guint i = 0; i < self->n_lanes; i += every)
    {
      g_autofree char *text = g_strdup_printf ("%u", i);
      double y = f->y + (i + 0.5) * lane_h;

      px_chart_frame_measure (f, text, &text_w, &text_h);
      px_chart_rounded_rectangle (f->cr, f->x, y - text_h / 2.0 - 1, text_w + 8, text_h + 2, 3);
      px_chart_set_source (f->cr, &f->background, 0.85);
      cairo_fill (f->cr);
      px_chart_set_source (f->cr, &f->fg, 0.6);
      px_chart_frame_show (f, f->x + 4, y - text_h / 2.0);
    }
}

void
_px_task_layer_draw_under (PxChartLayer *layer,
                           PxChartFrame *f)
{
  PxTaskLayer *self = PX_TASK_LAYER (layer);
  double lane_h = _px_task_layer_lane_height (self, f);

  /* A faint line between lanes, while they are tall enough to part. */
  if (lane_h < LANE_GAP_MIN)
    return;
  cairo_set_line_width (f->cr, 1);
  for (guint i = 1; i < self->n_lanes; i++)
    {
      double y = round (f->y + i * lane_h) + 0.5;

      cairo_move_to (f->cr, f->x, y);
      cairo_line_to (f->cr, f->x + f->w, y);
    }
  px_chart_set_source (f->cr, &f->fg, 0.08);
  cairo_stroke (f->cr);
}

static int
compare_events (gconstpointer a,
                gconstpointer b)
{
  const gint64 *x = a, *y = b;

  /* By time; at one time, ends (odd) after starts, so a task that ends
   * as another starts is not counted twice. */
  return *x < *y ? -1 : *x > *y ? 1 : 0;
}

/* An event loop runs many tasks at once on its lane: a line over the lane
 * says how many were in flight (awaiting, or running on it) at each
 * time, the top of the lane being the most. */
static void
draw_in_flight (PxTaskLayer        *self,
                PxChartFrame       *f,
                const PxTaskRecord *records)
{
  double lane_h = _px_task_layer_lane_height (self, f);

  if (lane_h < 12)
    return;
  for (guint l = 0; l < self->n_lanes; l++)
    {
      const Lane *lane = &self->lanes[l];
      g_autoptr(GArray) events = g_array_sized_new (FALSE, FALSE, sizeof (gint64),
                                                    2 * lane->tasks->len);
      gint64 *e;
      guint most = 0, now = 0;
      double bottom = f->y + (l + 1) * lane_h - 2, height = lane_h - 6;

      /* Each time shifted left, its lowest bit 0 for a start, 1 for an
       * end: one sort puts them in order. */
      for (guint i = 0; i < lane->tasks->len; i++)
        {
          const PxTaskRecord *r = &records[g_array_index (lane->tasks, guint32, i)];
          gint64 start = r->start_us * 2, end = r->end_us * 2 + 1;

          g_array_append_val (events, start);
          g_array_append_val (events, end);
        }
      g_array_sort (events, compare_events);
      e = (gint64 *)(gpointer)events->data;
      for (guint i = 0; i < events->len; i++)
        {
          now = (e[i] & 1) ? now - MIN (now, 1) : now + 1;
          most = MAX (most, now);
        }
      if (most < 2)
        continue;

      now = 0;
      cairo_move_to (f->cr, f->x, bottom);
      for (guint i = 0; i < events->len; i++)
        {
          double x = px_chart_frame_x_for_time (f, _px_task_layer_seconds (self, e[i] >> 1));

          x = CLAMP (x, f->x, f->x + f->w);
          cairo_line_to (f->cr, x, bottom - height * now / most);
          now = (e[i] & 1) ? now - MIN (now, 1) : now + 1;
          cairo_line_to (f->cr, x, bottom - height * now / most);
        }
      cairo_line_to (f->cr, f->x + f->w, bottom - height * now / most);
      px_chart_set_source (f->cr, &f->fg, 0.75);
      cairo_set_line_width (f->cr, 1.5);
      cairo_stroke (f->cr);
      {
        /* Translators: on an event loop's lane of the timeline, the most
         * tasks it had in flight at once. */
        g_autofree char *text = g_strdup_printf (_("%u in flight at most"), most);
        int text_w, text_h;

        px_chart_frame_set_font (f, PX_CHART_FONT_SMALL);
        px_chart_frame_measure (f, text, &text_w, &text_h);
        px_chart_rounded_rectangle (f->cr, f->x + f->w - text_w - 10, bottom - height - 1,
                                    text_w + 8, text_h + 2, 3);
        px_chart_set_source (f->cr, &f->background, 0.85);
        cairo_fill (f->cr);
        px_chart_set_source (f->cr, &f->fg, 0.75);
        px_chart_frame_show (f, f->x + f->w - text_w - 6, bottom - height);
      }
    }
}

/* Sets @p to paint the tasks of @f; FALSE when there are none. */
static gboolean
paint_begin (PxTaskLayer  *self,
             PxChartFrame *f,
             Paint        *p)
{
  if (!_px_task_layer_has_tasks (self) || self->n_lanes == 0)
    return FALSE;
  p->self = self;
  p->f = f;
  p->waits = _px_task_layer_get_all_waits (self);
  p->pixels = f->raster_scale > 0;
  p->scale = p->pixels ? f->raster_scale : 1;
  p->us_per_px = (f->t1 - f->t0) * G_USEC_PER_SEC / (f->w * p->scale);
  p->origin_px = f->t0 * G_USEC_PER_SEC / p->us_per_px;
  return TRUE;
}

/* Paints the lanes into @p's raster (on screen and in PNGs), from its
 * column raster.left on, or with cairo (vectors). */
static void
paint_lanes (PxTaskLayer  *self,
             PxChartFrame *f,
             Paint        *p)
{
  const PxTaskRecord *records = _px_task_layer_get_records (self, NULL);
  double lane_h = _px_task_layer_lane_height (self, f);
  double gap = lane_h >= LANE_GAP_MIN ? 1 : 0;

  /* Everything is in device pixels from the plot's top left (units, for
   * cairo's vectors). */
  for (guint i = 0; i < self->n_lanes; i++)
    {
      p->lane_top = (i * lane_h + gap) * p->scale;
      p->lane_h = (lane_h - gap) * p->scale;
      paint_lane (p, &self->lanes[i], records);
    }
}

static gboolean
on_event_loops (PxTaskLayer *self)
{
  return self->run != NULL && px_run_get_spec (self->run)->executor == PX_EXECUTOR_EVENT_LOOP;
}

void
_px_task_layer_draw (PxChartLayer *layer,
                     PxChartFrame *f)
{
  PxTaskLayer *self = PX_TASK_LAYER (layer);
  cairo_surface_t *surface = NULL;
  Paint p = { 0 };

  if (!paint_begin (self, f, &p))
    return;
  if (p.pixels && !px_raster_begin (&self->raster, &p.raster, (int)ceil (f->w * p.scale),
                                    (int)ceil (f->h * p.scale)))
    return;
  cairo_save (f->cr);
  cairo_rectangle (f->cr, f->x, f->y, f->w, f->h);
  cairo_clip (f->cr);
  paint_lanes (self, f, &p);
  if (p.pixels)
    surface = px_raster_end (&self->raster, &p.raster, p.scale);
  if (surface != NULL)
    {
      cairo_set_source_surface (f->cr, surface, f->x, f->y);
      cairo_paint (f->cr);
      cairo_surface_destroy (surface);
    }
  /* On event loops, the tasks in flight. */
  if (on_event_loops (self))
    draw_in_flight (self, f, _px_task_layer_get_records (self, NULL));
  cairo_restore (f->cr);
}

/* On screen, the tasks as columns of pixels kept while they stay the
 * same (px-raster-tiles.c). The pixels are kept too: new tasks end at
 * the newest times, and are painted from where they begin to change the
 * pixels, on what was there. On event loops, whose tasks in flight are
 * a line drawn over the lanes, draw () draws instead. */
gboolean
_px_task_layer_snapshot (PxChartLayer *layer,
                         PxChartFrame *f,
                         GtkSnapshot  *snapshot,
                         gboolean      same_frame)
{
  PxTaskLayer *self = PX_TASK_LAYER (layer);
  int width, height, from;
  Paint p = { 0 };

  if (f->raster_scale <= 0 || on_event_loops (self))
    return FALSE;
  if (!paint_begin (self, f, &p))
    return TRUE;

  width = (int)ceil (f->w * p.scale);
  height = (int)ceil (f->h * p.scale);
  if (!px_raster_keep_surface (&self->screen, width, height))
    same_frame = FALSE;
  if (cairo_surface_status (self->screen) != CAIRO_STATUS_SUCCESS)
    return TRUE;

  if (!same_frame || self->dirty_from_us == G_MININT64)
    from = 0;
  else if (self->dirty_from_us == G_MAXINT64)
    from = width;
  else
    from = (int)CLAMP (floor (px_of (&p, self->dirty_from_us)), 0, width);
  self->dirty_from_us = G_MAXINT64;

  px_raster_begin_kept (self->screen, &p.raster, from);
  if (from < width)
    {
      paint_lanes (self, f, &p);
      self->screen_paints++;
    }
  px_raster_end_kept (self->screen, &p.raster);
  self->screen_painted_from = from;

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (f->x, f->y, f->w, f->h));
  px_raster_tiles_snapshot (&self->tiles, snapshot, &p.raster, from, f->x, f->y, p.scale);
  gtk_snapshot_pop (snapshot);
  return TRUE;
}

/* The lanes' labels, and the selected task, outlined. */
void
_px_task_layer_draw_over (PxChartLayer *layer,
                          PxChartFrame *f)
{
  PxTaskLayer *self = PX_TASK_LAYER (layer);
  const PxTaskRecord *r;
  double lane_h, x0, x1, y;

  /* Over the tasks, so kept on screen with the frame's labels; none
   * over "No data yet". */
  if (_px_task_layer_has_tasks (self) && self->n_lanes > 0 && self->first_us <= self->last_us)
    draw_lane_labels (self, f);

  if (self->selected < 0 || !_px_task_layer_has_tasks (self))
    return;
  r = &_px_task_layer_get_records (self, NULL)[self->selected];
  if (r->worker >= self->n_lanes)
    return;
  lane_h = _px_task_layer_lane_height (self, f);
  x0 = MAX (px_chart_frame_x_for_time (f, _px_task_layer_seconds (self, r->start_us)), f->x - 2);
  x1 = MIN (px_chart_frame_x_for_time (f, _px_task_layer_seconds (self, r->end_us)),
            f->x + f->w + 2);
  if (x1 < f->x || x0 > f->x + f->w)
    return;
  y = f->y + r->worker * lane_h;
  cairo_rectangle (f->cr, round (x0) - 0.5, round (y) + 0.5, MAX (round (x1 - x0), 1) + 1,
                   MAX (round (lane_h) - 1, 1));
  px_chart_set_source (f->cr, &f->fg, 0.9);
  cairo_set_line_width (f->cr, 2);
  cairo_stroke (f->cr);
}
