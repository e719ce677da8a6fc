/* px-task-layer.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The task timeline: a lane per worker, each task a bar from its start
 * to its end, its height split by where its time went (compute, lock
 * wait, GIL wait, payload and IPC, IO wait), idle time left blank and
 * failed tasks marked. It keeps the whole run: tasks narrower than a
 * pixel are merged into the pixel's column, which shows how busy the
 * worker was there and on what; blocks of tasks narrower than a pixel
 * are merged without visiting their tasks, so a million tasks draw in
 * the time a few thousand would.
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "px-scale.h"
#include "px-summary.h"
#include "px-task-layer-private.h"

G_DEFINE_FINAL_TYPE (PxTaskLayer, px_task_layer, PX_TYPE_CHART_LAYER)

static guint task_clicked_signal;

gboolean
_px_task_layer_has_tasks (PxTaskLayer *self)
{
  return self->run != NULL || self->bytes != NULL;
}

const PxTaskRecord *
_px_task_layer_get_records (PxTaskLayer *self,
                            guint       *n)
{
  gsize size = 0;
  const PxTaskRecord *records;

  if (self->run != NULL)
    return px_run_get_records (self->run, n);
  records = self->bytes != NULL ? g_bytes_get_data (self->bytes, &size) : NULL;
  if (n != NULL)
    *n = size / sizeof (PxTaskRecord);
  return records;
}

/* Every task's rarer waits, by id; NULL when no task had any. For a
 * loop over tasks: read once, not for each. */
const PxTaskWaits *
_px_task_layer_get_all_waits (PxTaskLayer *self)
{
  if (self->run != NULL)
    return px_run_has_task_waits (self->run) ? px_run_get_task_waits (self->run) : NULL;
  if (self->waits != NULL)
    return g_bytes_get_data (self->waits, NULL);
  return NULL;
}

/* Task @id's rarer waits, for px_task_record_split (); NULL: none. */
const PxTaskWaits *
_px_task_layer_get_waits (PxTaskLayer *self,
                          guint        id)
{
  const PxTaskWaits *waits = _px_task_layer_get_all_waits (self);

  return waits != NULL ? &waits[id] : NULL;
}

static void
lane_clear (Lane *lane)
{
  g_clear_pointer (&lane->tasks, g_array_unref);
  g_clear_pointer (&lane->blocks, g_array_unref);
}

static void
clear_index (PxTaskLayer *self)
{
  for (guint i = 0; i < self->n_lanes; i++)
    lane_clear (&self->lanes[i]);
  g_clear_pointer (&self->lanes, g_free);
  g_clear_pointer (&self->seen, g_free);
  self->n_lanes = 0;
  self->n_seen = 0;
  self->low = 0;
  self->first_us = G_MAXINT64;
  self->last_us = G_MININT64;
  self->selected = -1;
}

/* Sums the blocks of @lane from the one holding task position @from. */
static void
rebuild_blocks (PxTaskLayer        *self,
                Lane               *lane,
                const PxTaskRecord *records,
                guint               from)
{
  const PxTaskWaits *waits = _px_task_layer_get_all_waits (self);
  guint first_block = from / PX_TASK_BLOCK;

  g_array_set_size (lane->blocks, first_block);
  for (guint b = first_block; b * PX_TASK_BLOCK < lane->tasks->len; b++)
    {
      Block block = { G_MAXINT64, G_MININT64, { 0 }, 0 };
      guint end = MIN ((b + 1) * PX_TASK_BLOCK, lane->tasks->len);

      for (guint i = b * PX_TASK_BLOCK; i < end; i++)
        {
          guint32 id = g_array_index (lane->tasks, guint32, i);
          const PxTaskRecord *r = &records[id];
          double split[N_CATS];

          px_task_record_split (r, waits != NULL ? &waits[id] : NULL, split);
          block.start_us = MIN (block.start_us, r->start_us);
          block.end_us = MAX (block.end_us, r->end_us);
          for (guint k = 0; k < N_CATS; k++)
            block.time_us[k] += split[k];
          if (r->status == PX_TASK_FAILED)
            block.n_failed++;
        }
      g_array_append_val (lane->blocks, block);
    }
}

/* Puts task @id in its lane, by start; tasks end roughly in order, so
 * it seldom moves far. Returns its position. */
static guint
insert_task (Lane               *lane,
             const PxTaskRecord *records,
             guint32             id)
{
  gint64 start = records[id].start_us;
  guint pos = lane->tasks->len;

  while (pos > 0 && records[g_array_index (lane->tasks, guint32, pos - 1)].start_us > start)
    pos--;
  g_array_insert_val (lane->tasks, pos, id);
  return pos;
}

/* Takes in the tasks that ended since the last call: the timeline of a
 * run in progress grows as its tasks end. */
/* How many lanes have a host shown beside them. */
static guint
count_places (PxTaskLayer *self)
{
  guint n = 0;

  for (guint i = 0; self->places != NULL && i < self->n_lanes &&
                    i < px_sampler_get_n_workers (self->places); i++)
    n += px_sampler_get_worker_place (self->places, i) != G_MAXUINT;
  return n;
}

void
px_task_layer_update (PxTaskLayer *self)
{
  const PxTaskRecord *records;
  g_autofree guint *changed_from = NULL;
  PxRunCounters c = { 0 };
  guint n, ended, places, found = 0;
  gboolean any = FALSE;
  gboolean over;

  g_return_if_fail (PX_IS_TASK_LAYER (self));

  if (!_px_task_layer_has_tasks (self))
    return;

  if (self->origin_us == 0 && self->run != NULL)
    self->origin_us = px_run_get_start_time (self->run);
  records = _px_task_layer_get_records (self, &n);
  if (self->run != NULL)
    px_run_get_counters (self->run, &c);
  ended = self->run != NULL ? c.done + c.failed + c.cancelled : n;
  over = self->run == NULL || px_run_get_end_time (self->run) != 0;
  if (self->seen == NULL)
    {
      self->n_lanes = MAX (self->run != NULL ? px_run_get_spec (self->run)->workers
                                             : self->n_workers, 1);
      self->lanes = g_new0 (Lane, self->n_lanes);
      for (guint i = 0; i < self->n_lanes; i++)
        {
          self->lanes[i].tasks = g_array_new (FALSE, FALSE, sizeof (guint32));
          self->lanes[i].blocks = g_array_new (FALSE, FALSE, sizeof (Block));
        }
      self->seen = g_new0 (guint8, n / 8 + 1);
      /* The lanes are drawn under the tasks, in what a chart keeps. */
      px_chart_layer_changed (PX_CHART_LAYER (self));
    }
  /* A worker whose host became known gets its bar, which is drawn with
   * the lanes' labels, in what a chart keeps. */
  places = count_places (self);
  if (places != self->n_places)
    {
      self->n_places = places;
      px_chart_layer_changed (PX_CHART_LAYER (self));
    }
  if (self->n_seen >= ended && (!over || self->low >= n))
    return;

  changed_from = g_new (guint, self->n_lanes);
  for (guint i = 0; i < self->n_lanes; i++)
    changed_from[i] = G_MAXUINT;

  /* Stop once every task that ended is found, unless the run is over:
   * then look at them all, once. */
  for (guint id = self->low; id < n && (self->n_seen + found < ended || over); id++)
    {
      const PxTaskRecord *r = &records[id];
      guint8 status;
      guint pos;

      if (self->seen[id / 8] & (1u << (id % 8)))
        continue;
      status = __atomic_load_n (&r->status, __ATOMIC_ACQUIRE);
      if (status == PX_TASK_PENDING)
        continue;
      self->seen[id / 8] |= 1u << (id % 8);
      found++;
      if (r->start_us == 0 || r->end_us < r->start_us || r->worker >= self->n_lanes)
        continue;
      pos = insert_task (&self->lanes[r->worker], records, id);
      changed_from[r->worker] = MIN (changed_from[r->worker], pos);
      self->first_us = MIN (self->first_us, r->start_us);
      self->last_us = MAX (self->last_us, r->end_us);
      any = TRUE;
    }
  self->n_seen += found;
  while (self->low < n && (self->seen[self->low / 8] & (1u << (self->low % 8))))
    self->low++;

  for (guint i = 0; i < self->n_lanes; i++)
    if (changed_from[i] != G_MAXUINT)
      {
        Lane *lane = &self->lanes[i];

        rebuild_blocks (self, lane, records, changed_from[i]);
        /* A block is drawn over its whole time when narrow: its new
         * sums change the pixels from its start on. */
        self->dirty_from_us = MIN (self->dirty_from_us,
                                   g_array_index (lane->blocks, Block,
                                                  changed_from[i] / PX_TASK_BLOCK).start_us);
      }
  /* New tasks: the lanes and their labels, under and over them, stay. */
  if (any)
    px_chart_layer_data_changed (PX_CHART_LAYER (self));
}

double
_px_task_layer_seconds (PxTaskLayer *self,
                        gint64       us)
{
  return (us - self->origin_us) / (double)G_USEC_PER_SEC;
}

static gboolean
px_task_layer_get_extent (PxChartLayer *layer,
                          double       *first,
                          double       *last,
                          gboolean     *clipped)
{
  PxTaskLayer *self = PX_TASK_LAYER (layer);

  if (self->first_us > self->last_us)
    return FALSE;
  *first = _px_task_layer_seconds (self, self->first_us);
  *last = _px_task_layer_seconds (self, self->last_us);
  return TRUE;
}

/* The lane under @y, or -1. */
static int
lane_at (PxTaskLayer        *self,
         const PxChartFrame *f,
         double              y)
{
  double lane_h = _px_task_layer_lane_height (self, f);

  if (self->n_lanes == 0 || lane_h <= 0 || y < f->y || y >= f->y + f->h)
    return -1;
  return MIN ((int)((y - f->y) / lane_h), (int)self->n_lanes - 1);
}

/* The task of @lane running at @t (seconds), or the nearest within
 * @slack seconds; -1 if none. */
static gint64
task_at (PxTaskLayer *self,
         guint        lane,
         double       t,
         double       slack)
{
  const PxTaskRecord *records = _px_task_layer_get_records (self, NULL);
  GArray *tasks = self->lanes[lane].tasks;
  gint64 at_us = self->origin_us + (gint64)(t * G_USEC_PER_SEC);
  gint64 slack_us = (gint64)(slack * G_USEC_PER_SEC);
  guint lo = 0, hi = tasks->len;
  gint64 best = -1;
  gint64 best_d = G_MAXINT64;

  /* The first task starting after @t; the one before may hold it. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (records[g_array_index (tasks, guint32, mid)].start_us <= at_us)
        lo = mid + 1;
      else
        hi = mid;
    }
  for (guint i = lo > 0 ? lo - 1 : 0; i < MIN (lo + 1, tasks->len); i++)
    {
      guint32 id = g_array_index (tasks, guint32, i);
      const PxTaskRecord *r = &records[id];
      gint64 d = at_us < r->start_us ? r->start_us - at_us
                 : at_us > r->end_us ? at_us - r->end_us : 0;

      if (d <= slack_us && d < best_d)
        {
          best = id;
          best_d = d;
        }
    }
  return best;
}

static void
add_line (PxReadings *readings,
          const char *name,
          char       *value)
{
  if (!px_readings_has_room (readings))
    {
      readings->n_more++;
      g_free (value);
      return;
    }
  px_readings_add (readings, NULL, g_strdup (name), value);
}

static char *
format_us (double us)
{
  return px_format_duration (us);
}

/* Hovering a task reads its id, attempt, queue wait, run time and where
 * its time went; hovering a lane between tasks says the worker idled. */
static void
px_task_layer_read_cursor (PxChartLayer *layer,
                           PxChartFrame *f,
                           double        cursor_x,
                           PxReadings   *readings)
{
  PxTaskLayer *self = PX_TASK_LAYER (layer);
  const PxTaskRecord *r;
  double split[N_CATS];
  int lane;
  gint64 id;

  if (!_px_task_layer_has_tasks (self) || readings->max_lines == 0)
    return;
  lane = lane_at (self, f, f->pointer_y);
  if (lane < 0)
    return;
  id = task_at (self, lane, px_time_view_get_cursor (f->view),
                2 * (f->t1 - f->t0) / MAX (f->w, 1));
  if (id < 0)
    {
      /* Translators: the timeline's reading where a worker ran nothing. */
      readings->heading = g_strdup_printf (_("Worker %d: idle"), lane);
      return;
    }

  r = &_px_task_layer_get_records (self, NULL)[id];
  /* Translators: heading of the readings over a task in the timeline. */
  readings->heading = g_strdup_printf (_("Task %u on worker %d"), (guint)id, lane);
  add_line (readings, _("Attempt"), g_strdup_printf ("%u", r->attempt + 1));
  add_line (readings, _("Queue wait"), format_us (MAX (r->start_us - r->enqueue_us, 0)));
  add_line (readings, _("Run time"), format_us (r->end_us - r->start_us));

  /* A job of the user's command: its input, and what the kernel says it
   * used. */
  if (self->run != NULL && px_run_get_job_records (self->run, NULL) != NULL)
    {
      const PxJobRecord *job = &px_run_get_job_records (self->run, NULL)[id];
      const char *input = px_run_get_input (self->run, (guint32)id);

      if (input != NULL)
        add_line (readings, _("Input"), g_strdup (input));
      if (job->pid > 0)
        {
          g_autofree char *rss = g_format_size (job->max_rss_bytes);

          add_line (readings, _("CPU time"), format_us (job->user_us + job->system_us));
          add_line (readings, _("Peak RSS"), g_steal_pointer (&rss));
        }
    }
  px_task_record_split (r, _px_task_layer_get_waits (self, (guint)id), split);
  for (guint k = 0; k < N_CATS; k++)
    {
      PxChartKey key = { 0 };

      if (split[k] <= 0)
        continue;
      if (!px_readings_has_room (readings))
        {
          readings->n_more++;
          continue;
        }
      px_chart_layer_get_key (layer, k, &key);
      px_readings_add (readings, &key, g_strdup (key.label), format_us (split[k]));
    }
  if (r->status == PX_TASK_FAILED)
    {
      g_autofree char *reason = NULL;

      if (self->run != NULL)
        reason = px_run_dup_failure_reason (self->run, (guint32)id);

      add_line (readings, _("Failed"), g_strdup (reason ? reason : ""));
    }
}

/* A click on a task selects it, and its span in every chart on the
 * view; a click elsewhere in the lanes clears the selection. */
static gboolean
px_task_layer_pressed (PxChartLayer       *layer,
                       const PxChartFrame *f,
                       double              x,
                       double              y)
{
  PxTaskLayer *self = PX_TASK_LAYER (layer);
  int lane;
  gint64 id = -1;

  if (!_px_task_layer_has_tasks (self) || f->w <= 0 || x < f->x || x > f->x + f->w)
    return FALSE;
  lane = lane_at (self, f, y);
  if (lane < 0)
    return FALSE;
  id = task_at (self, lane, px_chart_frame_time_at_x (f, x), 2 * (f->t1 - f->t0) / f->w);
  if (f->view != NULL)
    {
      if (id >= 0)
        {
          const PxTaskRecord *r = &_px_task_layer_get_records (self, NULL)[id];

          px_time_view_set_selection (f->view, _px_task_layer_seconds (self, r->start_us),
                                      _px_task_layer_seconds (self, r->end_us));
        }
      else
        px_time_view_set_selection (f->view, NAN, NAN);
    }
  px_task_layer_select (self, id);
  if (id >= 0)
    g_signal_emit (self, task_clicked_signal, 0, id);
  return TRUE;
}

static guint
px_task_layer_get_n_keys (PxChartLayer *layer)
{
  return N_CATS + 1;
}

static void
px_task_layer_get_key (PxChartLayer *layer,
                       guint         index,
                       PxChartKey   *key)
{
  PxTaskLayer *self = PX_TASK_LAYER (layer);

  key->color = self->colors[MIN (index, N_CATS)];
  key->block = TRUE;
  if (index < N_CATS)
    {
      key->label = _(px_task_part_get_info (index)->label);
      key->hidden = self->hidden[index];
    }
  else
    /* Translators: legend of the timeline, the mark of a failed task. */
    key->label = _("Failed");
}

static void
px_task_layer_set_key_hidden (PxChartLayer *layer,
                              guint         index,
                              gboolean      hidden)
{
  PxTaskLayer *self = PX_TASK_LAYER (layer);

  if (index >= N_CATS)
    return;
  self->hidden[index] = !!hidden;
  px_chart_layer_keys_changed (layer);
  px_chart_layer_changed (layer);
}

static void
px_task_layer_describe (PxChartLayer *layer,
                        const char   *unit,
                        GString      *text)
{
  PxTaskLayer *self = PX_TASK_LAYER (layer);
  guint n = px_task_layer_get_n_tasks (self);

  g_string_append_printf (text, "%s", text->len ? "; " : "");
  g_string_append_printf (text, ngettext ("%u task on %u workers", "%u tasks on %u workers", n),
                          n, self->n_lanes);
}

static void
px_task_layer_dispose (GObject *object)
{
  PxTaskLayer *self = (PxTaskLayer *)object;

  clear_index (self);
  g_clear_object (&self->run);
  g_clear_object (&self->places);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->waits, g_bytes_unref);

  G_OBJECT_CLASS (px_task_layer_parent_class)->dispose (object);
}

static void
px_task_layer_finalize (GObject *object)
{
  PxTaskLayer *self = (PxTaskLayer *)object;

  px_raster_surfaces_clear (&self->raster);
  g_clear_pointer (&self->screen, cairo_surface_destroy);
  px_raster_tiles_clear (&self->tiles);

  G_OBJECT_CLASS (px_task_layer_parent_class)->finalize (object);
}

static void
px_task_layer_class_init (PxTaskLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  PxChartLayerClass *layer_class = PX_CHART_LAYER_CLASS (klass);

  object_class->dispose = px_task_layer_dispose;
  object_class->finalize = px_task_layer_finalize;

  layer_class->get_extent = px_task_layer_get_extent;
  layer_class->draw_under = _px_task_layer_draw_under;
  layer_class->draw = _px_task_layer_draw;
  layer_class->draw_over = _px_task_layer_draw_over;
  layer_class->snapshot = _px_task_layer_snapshot;
  layer_class->get_n_keys = px_task_layer_get_n_keys;
  layer_class->get_key = px_task_layer_get_key;
  layer_class->set_key_hidden = px_task_layer_set_key_hidden;
  layer_class->read_cursor = px_task_layer_read_cursor;
  layer_class->pressed = px_task_layer_pressed;
  layer_class->describe = px_task_layer_describe;

  /**
   * PxTaskLayer::task-clicked:
   * @task: the task id
   *
   * The user clicked a task: the window shows its job.
   */
  task_clicked_signal = g_signal_new ("task-clicked", G_TYPE_FROM_CLASS (klass),
                                      G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                      G_TYPE_NONE, 1, G_TYPE_INT64);
}

/* Whatever changed, the tasks are painted again whole. */
static void
changed_cb (PxTaskLayer *self)
{
  self->dirty_from_us = G_MININT64;
}

static void
px_task_layer_init (PxTaskLayer *self)
{
  px_raster_tiles_init (&self->tiles);
  self->dirty_from_us = G_MININT64;
  g_signal_connect (self, "changed", G_CALLBACK (changed_cb), NULL);
  for (guint k = 0; k <= N_CATS; k++)
    {
      PxColor c;

      px_palette_get_role (k < N_CATS ? px_task_part_get_info (k)->role : PX_COLOR_FAILED, &c);
      self->colors[k] = (GdkRGBA) { c.red, c.green, c.blue, 1 };
      self->raster_colors[k] = px_raster_color (c.red, c.green, c.blue);
    }
  clear_index (self);
}

PxChartLayer *
px_task_layer_new (void)
{
  return g_object_new (PX_TYPE_TASK_LAYER, NULL);
}

/* Shows the tasks of @run (NULL for none), on the time of its samples:
 * seconds since it started. */
void
px_task_layer_set_run (PxTaskLayer *self,
                       PxRun       *run)
{
  g_return_if_fail (PX_IS_TASK_LAYER (self));
  g_return_if_fail (run == NULL || PX_IS_RUN (run));

  if (self->run == run && self->bytes == NULL)
    return;
  clear_index (self);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->waits, g_bytes_unref);
  g_set_object (&self->run, run);
  self->origin_us = run != NULL ? px_run_get_start_time (run) : 0;
  px_task_layer_update (self);
  px_chart_layer_changed (PX_CHART_LAYER (self));
}

/* Shows @records (PxTaskRecord, a task each, by id) of @n_workers
 * workers, @origin_us being the time zero, with their rarer waits
 * (@waits: a PxTaskWaits for each record, or NULL for none); keeps a
 * reference. For tasks recorded elsewhere than in a PxRun. */
void
px_task_layer_set_records (PxTaskLayer *self,
                           GBytes      *records,
                           GBytes      *waits,
                           guint        n_workers,
                           gint64       origin_us)
{
  g_return_if_fail (PX_IS_TASK_LAYER (self));
  g_return_if_fail (records != NULL);
  g_return_if_fail (g_bytes_get_size (records) % sizeof (PxTaskRecord) == 0);
  g_return_if_fail (waits == NULL || g_bytes_get_size (waits) / sizeof (PxTaskWaits) ==
                    g_bytes_get_size (records) / sizeof (PxTaskRecord));

  clear_index (self);
  g_clear_object (&self->run);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->waits, g_bytes_unref);
  self->bytes = g_bytes_ref (records);
  self->waits = waits != NULL ? g_bytes_ref (waits) : NULL;
  self->n_workers = n_workers;
  self->origin_us = origin_us;
  px_task_layer_update (self);
  px_chart_layer_changed (PX_CHART_LAYER (self));
}

PxRun *
px_task_layer_get_run (PxTaskLayer *self)
{
  g_return_val_if_fail (PX_IS_TASK_LAYER (self), NULL);

  return self->run;
}

/* The tasks in the lanes. */
guint
px_task_layer_get_n_tasks (PxTaskLayer *self)
{
  guint n = 0;

  g_return_val_if_fail (PX_IS_TASK_LAYER (self), 0);

  for (guint i = 0; i < self->n_lanes; i++)
    n += self->lanes[i].tasks->len;
  return n;
}

/* The task clicked, or -1. */
gint64
px_task_layer_get_selected (PxTaskLayer *self)
{
  g_return_val_if_fail (PX_IS_TASK_LAYER (self), -1);

  return self->selected;
}

void
px_task_layer_select (PxTaskLayer *self,
                      gint64       task)
{
  g_return_if_fail (PX_IS_TASK_LAYER (self));

  if (self->selected == task)
    return;
  self->selected = task;
  px_chart_layer_changed (PX_CHART_LAYER (self));
}

/* launcher=ssh or srun: each lane's left edge in the colour of the host
 * its worker runs on, as @sampler last found it (NULL: none). */
void
px_task_layer_set_places (PxTaskLayer *self,
                          PxSampler   *sampler)
{
  g_return_if_fail (PX_IS_TASK_LAYER (self));
  g_return_if_fail (sampler == NULL || PX_IS_SAMPLER (sampler));

  if (g_set_object (&self->places, sampler))
    px_chart_layer_changed (PX_CHART_LAYER (self));
}
