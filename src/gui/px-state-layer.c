/* px-state-layer.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The timeline of a watched program: a lane a thread, each sample's
 * span stacked by where the thread spent it: on a CPU, ready to run and
 * waiting for one (the share no common monitor shows), and the rest in
 * the state it was off a CPU in (sleeping, disk wait, stopped).
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "px-chart-layers.h"
#include "px-graph.h"
#include "px-watch.h"

/* The states a lane shows, in the legend's order. */
static const struct
{
  PxWatchState state;
  PxColorRole  role;
  double       alpha;
} states[] = {
  { PX_WATCH_RUNNING, PX_COLOR_COMPUTE, 1.0 },
  { PX_WATCH_RUNNABLE, PX_COLOR_GIL_WAIT, 1.0 },
  { PX_WATCH_SLEEPING, PX_COLOR_IDLE, 0.5 },
  { PX_WATCH_DISK_WAIT, PX_COLOR_IO_WAIT, 1.0 },
  { PX_WATCH_STOPPED, PX_COLOR_FAILED, 1.0 },
};

/* A lane is at least this tall; beyond as many as fit, the rest are
 * counted. */
#define MIN_LANE 6.0

struct _PxStateLayer
{
  PxChartLayer  parent_instance;

  PxWatch      *watch;
  GdkRGBA       colors[G_N_ELEMENTS (states)];
  gboolean      hidden[G_N_ELEMENTS (states)];
  guint         lanes;
};

G_DEFINE_FINAL_TYPE (PxStateLayer, px_state_layer, PX_TYPE_CHART_LAYER)

static int
state_index (double state)
{
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    if (!isnan (state) && (PxWatchState)state == states[i].state)
      return (int)i;
  return -1;
}

static gboolean
px_state_layer_get_extent (PxChartLayer *layer,
                           double       *first,
                           double       *last,
                           gboolean     *clipped)
{
  PxStateLayer *self = PX_STATE_LAYER (layer);
  PxHistory *time;

  if (self->watch == NULL || px_history_get_length (time = px_watch_get_time (self->watch)) == 0)
    return FALSE;
  *first = px_history_get (time, 0);
  *last = px_history_get_last (time);
  *clipped = px_history_get_dropped (time) > 0;
  return TRUE;
}

static double
px_state_layer_get_value_max (PxChartLayer *layer,
                              double        t0,
                              double        t1)
{
  return -INFINITY;
}

static void
px_state_layer_draw (PxChartLayer *layer,
                     PxChartFrame *f)
{
  PxStateLayer *self = PX_STATE_LAYER (layer);
  PxHistory *time;
  guint n_threads;
  guint n_samples;
  guint fit = (guint)MAX (1, floor (f->h / MIN_LANE));
  guint lanes;
  double lane_h;

  if (self->watch == NULL)
    return;
  time = px_watch_get_time (self->watch);
  n_threads = px_watch_get_n_threads (self->watch);
  n_samples = px_history_get_length (time);
  lanes = MIN (n_threads, fit);

  self->lanes = lanes;
  if (lanes == 0 || n_samples < 2)
    return;
  lane_h = f->h / lanes;
  cairo_save (f->cr);
  cairo_rectangle (f->cr, f->x, f->y, f->w, f->h);
  cairo_clip (f->cr);
  for (guint i = 0; i < lanes; i++)
    {
      const PxWatchThread *t = px_watch_get_thread (self->watch, i);
      PxHistory *state = t->series[PX_WATCH_THREAD_STATE];
      double y = f->y + i * lane_h;

      for (guint k = 1; k < n_samples && k < px_history_get_length (state); k++)
        {
          int s = state_index (px_history_get (state, k));
          double cpu = px_history_get (t->series[PX_WATCH_THREAD_CPU], k);
          double runnable = px_history_get (t->series[PX_WATCH_THREAD_RUNNABLE], k);
          double x0, x1, inner = MAX (lane_h - 2, 1), bottom = y + 1 + inner;
          /* The sample's span, stacked from the bottom: its share on a
           * CPU, its share waiting for one, and the rest in the state
           * it was off a CPU in. */
          double parts[3];
          int kinds[3];

          if (s < 0 || isnan (cpu))
            continue;
          x0 = px_chart_frame_x_for_time (f, px_history_get (time, k - 1));
          x1 = px_chart_frame_x_for_time (f, px_history_get (time, k));
          if (x1 < f->x || x0 > f->x + f->w)
            continue;
          parts[0] = CLAMP (cpu / 100, 0, 1);
          parts[1] = CLAMP ((isnan (runnable) ? 0 : runnable) / 100, 0, 1 - parts[0]);
          parts[2] = 1 - parts[0] - parts[1];
          kinds[0] = 0;
          kinds[1] = 1;
          kinds[2] = s >= 2 ? s : 2;
          for (guint p = 0; p < 3; p++)
            {
              double h = parts[p] * inner;

              if (h <= 0 || self->hidden[kinds[p]])
                {
                  bottom -= h;
                  continue;
                }
              px_chart_set_source (f->cr, &self->colors[kinds[p]], states[kinds[p]].alpha);
              cairo_rectangle (f->cr, x0, bottom - h, MAX (x1 - x0, 1), h);
              cairo_fill (f->cr);
              bottom -= h;
            }
        }
      /* Its name, where the lane is tall enough. */
      if (lane_h >= f->text_height + 2)
        {
          g_autofree char *label = g_strdup_printf ("%s %d", t->name, t->tid);

          px_chart_frame_set_font (f, PX_CHART_FONT_SMALL);
          px_chart_frame_draw_text (f, label, f->x + 4, y + (lane_h - f->text_height) / 2,
                                    &f->fg, 0.75);
        }
    }
  cairo_restore (f->cr);
}

static guint
px_state_layer_get_n_keys (PxChartLayer *layer)
{
  return G_N_ELEMENTS (states);
}

static void
px_state_layer_get_key (PxChartLayer *layer,
                        guint         index,
                        PxChartKey   *key)
{
  PxStateLayer *self = PX_STATE_LAYER (layer);

  key->label = px_watch_state_name (states[index].state);
  key->color = self->colors[index];
  key->color.alpha = states[index].alpha;
  key->block = TRUE;
  key->hidden = self->hidden[index];
}

static void
px_state_layer_set_key_hidden (PxChartLayer *layer,
                               guint         index,
                               gboolean      hidden)
{
  PxStateLayer *self = PX_STATE_LAYER (layer);

  self->hidden[index] = hidden;
  px_chart_layer_changed (layer);
}

/* At the cursor: the state of the threads then, as many as there is
 * room for. */
static void
px_state_layer_read_cursor (PxChartLayer *layer,
                            PxChartFrame *f,
                            double        cursor_x,
                            PxReadings   *readings)
{
  PxStateLayer *self = PX_STATE_LAYER (layer);
  PxHistory *time;
  double t = px_chart_frame_time_at_x (f, cursor_x);
  guint n;
  guint k;

  if (self->watch == NULL)
    return;
  time = px_watch_get_time (self->watch);
  n = px_history_get_length (time);

  for (k = 1; k < n && px_history_get (time, k) < t; k++)
    ;
  if (k >= n)
    return;
  for (guint i = 0; i < px_watch_get_n_threads (self->watch); i++)
    {
      const PxWatchThread *th = px_watch_get_thread (self->watch, i);
      int s = state_index (px_history_get (th->series[PX_WATCH_THREAD_STATE], k));
      double cpu = px_history_get (th->series[PX_WATCH_THREAD_CPU], k);
      double runnable = px_history_get (th->series[PX_WATCH_THREAD_RUNNABLE], k);
      PxChartKey key = { 0 };

      if (s < 0)
        continue;
      if (!px_readings_has_room (readings))
        {
          readings->n_more++;
          continue;
        }
      px_state_layer_get_key (layer, s, &key);
      px_readings_add (readings, &key, g_strdup_printf ("%s %d", th->name, th->tid),
                       /* Translators: a thread's state, its CPU and its time
                        * waiting for a CPU in a sample. */
                       g_strdup_printf (_("%s, %.0f %% CPU, %.0f %% runnable"),
                                        px_watch_state_name (states[s].state),
                                        isnan (cpu) ? 0 : cpu, isnan (runnable) ? 0 : runnable));
    }
}

static void
px_state_layer_dispose (GObject *object)
{
  PxStateLayer *self = PX_STATE_LAYER (object);

  g_clear_object (&self->watch);

  G_OBJECT_CLASS (px_state_layer_parent_class)->dispose (object);
}

static void
px_state_layer_class_init (PxStateLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  PxChartLayerClass *layer_class = PX_CHART_LAYER_CLASS (klass);

  object_class->dispose = px_state_layer_dispose;
  layer_class->get_extent = px_state_layer_get_extent;
  layer_class->get_value_max = px_state_layer_get_value_max;
  layer_class->draw = px_state_layer_draw;
  layer_class->get_n_keys = px_state_layer_get_n_keys;
  layer_class->get_key = px_state_layer_get_key;
  layer_class->set_key_hidden = px_state_layer_set_key_hidden;
  layer_class->read_cursor = px_state_layer_read_cursor;
}

static void
px_state_layer_init (PxStateLayer *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    px_graph_get_role_color (states[i].role, &self->colors[i]);
}

PxChartLayer *
px_state_layer_new (PxWatch *watch)
{
  PxStateLayer *self = g_object_new (PX_TYPE_STATE_LAYER, NULL);

  g_set_object (&self->watch, watch);
  return PX_CHART_LAYER (self);
}

/* Shows @watch's threads instead. */
void
px_state_layer_set_watch (PxStateLayer *self,
                          PxWatch      *watch)
{
  g_return_if_fail (PX_IS_STATE_LAYER (self));

  g_set_object (&self->watch, watch);
  self->lanes = 0;
}

/* Lanes drawn the last time, for tests. */
guint
px_state_layer_get_n_lanes (PxStateLayer *self)
{
  g_return_val_if_fail (PX_IS_STATE_LAYER (self), 0);

  return self->lanes;
}
