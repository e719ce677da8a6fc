/* px-chart-layers.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The layers charts are built of, one file each.
 */

#pragma once

#include "px-chart-layer.h"
#include "px-history.h"
#include "px-run.h"
#include "px-sampler.h"

G_BEGIN_DECLS

/* px-time-axis.c: the time grid and its labels under the plot. */
#define PX_TYPE_TIME_AXIS (px_time_axis_get_type ())
G_DECLARE_FINAL_TYPE (PxTimeAxis, px_time_axis, PX, TIME_AXIS, PxChartLayer)
PxChartLayer *px_time_axis_new (void);

/* px-value-axis.c: the value grid, and its labels over the data. */
#define PX_TYPE_VALUE_AXIS (px_value_axis_get_type ())
G_DECLARE_FINAL_TYPE (PxValueAxis, px_value_axis, PX, VALUE_AXIS, PxChartLayer)
PxChartLayer *px_value_axis_new (void);

/* px-line-layer.c: sampled series drawn as lines. */
typedef struct _PxChartSeries PxChartSeries;

PxChartSeries     *px_chart_series_new                 (PxHistory     *time,
                                             PxHistory     *values,
                                             const GdkRGBA *color,
                                             const char    *label,
                                             gboolean       dashed);
PxChartSeries     *px_chart_series_ref                 (PxChartSeries      *series);
void          px_chart_series_unref               (PxChartSeries      *series);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PxChartSeries, px_chart_series_unref)

#define PX_TYPE_LINE_LAYER (px_line_layer_get_type ())
G_DECLARE_FINAL_TYPE (PxLineLayer, px_line_layer, PX, LINE_LAYER, PxChartLayer)
PxChartLayer *px_line_layer_new             (void);
void          px_line_layer_add_series      (PxLineLayer   *self,
                                             PxChartSeries      *series);
void          px_line_layer_clear           (PxLineLayer   *self);
guint         px_line_layer_get_n_series    (PxLineLayer   *self);
guint         px_line_layer_get_n_points    (PxLineLayer   *self);
void          px_line_layer_set_heat_map    (PxLineLayer   *self,
                                             gboolean       heat_map);

/* px-legend.c: the title and the keys of every layer, above the plot;
 * a click on a key hides what it stands for. */
#define PX_TYPE_LEGEND (px_legend_get_type ())
G_DECLARE_FINAL_TYPE (PxLegend, px_legend, PX, LEGEND, PxChartLayer)
PxChartLayer *px_legend_new                 (void);
void          px_legend_invalidate          (PxLegend      *self);

/* px-cursor-layer.c: the cursor line and the box of readings beside it. */
#define PX_TYPE_CURSOR_LAYER (px_cursor_layer_get_type ())
G_DECLARE_FINAL_TYPE (PxCursorLayer, px_cursor_layer, PX, CURSOR_LAYER, PxChartLayer)
PxChartLayer *px_cursor_layer_new           (void);
void          px_cursor_layer_describe      (PxCursorLayer *self,
                                             PxChartFrame  *f,
                                             GString       *key);

/* px-selection-layer.c: the range being dragged, and the time view's
 * selection (a selected task's span). */
#define PX_TYPE_SELECTION_LAYER (px_selection_layer_get_type ())
G_DECLARE_FINAL_TYPE (PxSelectionLayer, px_selection_layer, PX, SELECTION_LAYER, PxChartLayer)
PxChartLayer *px_selection_layer_new        (void);

/* px-task-layer.c: the task timeline, a lane per worker. */
#define PX_TYPE_TASK_LAYER (px_task_layer_get_type ())
G_DECLARE_FINAL_TYPE (PxTaskLayer, px_task_layer, PX, TASK_LAYER, PxChartLayer)
PxChartLayer *px_task_layer_new             (void);
void          px_task_layer_set_run         (PxTaskLayer   *self,
                                             PxRun         *run);
void          px_task_layer_set_records     (PxTaskLayer   *self,
                                             GBytes        *records,
                                             GBytes        *waits,
                                             guint          n_workers,
                                             gint64         origin_us);
PxRun        *px_task_layer_get_run         (PxTaskLayer   *self);
void          px_task_layer_set_places      (PxTaskLayer   *self,
                                             PxSampler     *sampler);
void          px_task_layer_update          (PxTaskLayer   *self);
guint         px_task_layer_get_n_tasks     (PxTaskLayer   *self);
gint64        px_task_layer_get_selected    (PxTaskLayer   *self);
void          px_task_layer_select          (PxTaskLayer   *self,
                                             gint64         task);

/* px-state-layer.c: a watched program's threads, a lane each, coloured
 * by where each spent each sample: running, waiting for a CPU,
 * sleeping, disk wait, stopped. */
typedef struct _PxWatch PxWatch;

#define PX_TYPE_STATE_LAYER (px_state_layer_get_type ())
G_DECLARE_FINAL_TYPE (PxStateLayer, px_state_layer, PX, STATE_LAYER, PxChartLayer)
PxChartLayer *px_state_layer_new            (PxWatch       *watch);
guint         px_state_layer_get_n_lanes    (PxStateLayer  *self);
void          px_state_layer_set_watch      (PxStateLayer  *self,
                                             PxWatch       *watch);

G_END_DECLS
