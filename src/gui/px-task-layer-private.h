/* px-task-layer-private.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the task layer's object (px-task-layer.c) and its painting
 * (px-task-paint.c) share.
 */

#pragma once

#include "px-chart-layers.h"
#include "px-raster-tiles.h"
#include "px-task-time.h"

G_BEGIN_DECLS

/* Tasks a block sums up. */
#define PX_TASK_BLOCK 32

/* The parts of a task's time (px-task-time.h), stacked in this order. */
#define N_CATS PX_TASK_N_PARTS

typedef struct
{
  gint64  start_us;
  gint64  end_us;
  float   time_us[N_CATS];
  guint   n_failed;
} Block;

typedef struct
{
  /* Task ids, by start. */
  GArray *tasks;
  /* A Block for each BLOCK tasks. */
  GArray *blocks;
} Lane;

struct _PxTaskLayer
{
  PxChartLayer parent_instance;

  /* What the tasks come from: a run, or records given as they are. */
  PxRun         *run;
  /* launcher=ssh or srun: where each worker runs, for its lane's edge
   * in its host's colour (NULL: no hosts shown). */
  PxSampler     *places;
  GBytes        *bytes;
  GBytes        *waits;
  guint          n_workers;
  gint64         origin_us;
  Lane          *lanes;
  guint          n_lanes;
  /* A bit per task: already in its lane, or never to be. */
  guint8        *seen;
  guint          n_seen;
  /* Every task below this one is seen. */
  guint          low;
  gint64         first_us;
  gint64         last_us;
  gint64         selected;
  /* Lanes with their host's bar drawn. */
  guint          n_places;
  gboolean       hidden[N_CATS];
  guint32        raster_colors[N_CATS + 1];
  GdkRGBA        colors[N_CATS + 1];

  /* For draw (): PNGs, and the screen on event loops. */
  PxRasterSurfaces raster;
  /* On screen: the tasks' pixels as shown (@screen), and the first time
   * whose pixels new tasks changed since (G_MAXINT64: none; G_MININT64:
   * paint them all, as after ::changed). */
  cairo_surface_t *screen;
  PxRasterTiles    tiles;
  gint64           dirty_from_us;
  /* Times tasks were painted on screen, and the columns painted (read by
   * tests). */
  guint64          screen_paints;
  int              screen_painted_from;
};

gboolean            _px_task_layer_has_tasks    (PxTaskLayer        *self);
const PxTaskRecord *_px_task_layer_get_records  (PxTaskLayer        *self,
                                                 guint              *n);
const PxTaskWaits  *_px_task_layer_get_all_waits (PxTaskLayer       *self);
const PxTaskWaits  *_px_task_layer_get_waits   (PxTaskLayer        *self,
                                                 guint               id);
double              _px_task_layer_seconds      (PxTaskLayer        *self,
                                                 gint64              us);
double              _px_task_layer_lane_height  (PxTaskLayer        *self,
                                                 const PxChartFrame *f);
void                _px_task_layer_draw_under   (PxChartLayer       *layer,
                                                 PxChartFrame       *f);
void                _px_task_layer_draw         (PxChartLayer       *layer,
                                                 PxChartFrame       *f);
void                _px_task_layer_draw_over    (PxChartLayer       *layer,
                                                 PxChartFrame       *f);
gboolean            _px_task_layer_snapshot     (PxChartLayer       *layer,
                                                 PxChartFrame       *f,
                                                 GtkSnapshot        *snapshot,
                                                 gboolean            same_frame);

G_END_DECLS
