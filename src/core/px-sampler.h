/* px-sampler.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "px-history.h"
#include "px-run.h"

G_BEGIN_DECLS

typedef enum
{
  PX_SERIES_QUEUE,
  PX_SERIES_WAITING,
  PX_SERIES_IN_FLIGHT,
  PX_SERIES_DONE,
  PX_SERIES_FAILED,
  PX_SERIES_THROUGHPUT,
  /* kind=net: requests the run's server holds waiting (optional: empty
   * for other runs). */
  PX_SERIES_SERVER_QUEUE,
  PX_N_SERIES,
} PxSeries;

typedef enum
{
  PX_WORKER_SERIES_CPU,
  PX_WORKER_SERIES_RSS,
  PX_WORKER_SERIES_TASKS,
  PX_WORKER_SERIES_STATE,
  /* executor=event-loop: the loop's lag in seconds (the most since the sample
   * before, or how late it is now if held), and its tasks in flight
   * (optional: empty for other runs). */
  PX_WORKER_SERIES_LOOP_LAG,
  PX_WORKER_SERIES_LOOP_IN_FLIGHT,
  PX_N_WORKER_SERIES,
} PxWorkerSeries;

#define PX_TYPE_SAMPLER (px_sampler_get_type ())

G_DECLARE_FINAL_TYPE (PxSampler, px_sampler, PX, SAMPLER, GObject)

PxSampler  *px_sampler_new                 (PxRun          *run);
PxSampler  *px_sampler_new_loaded          (PxRun          *run,
                                            guint           interval_ms,
                                            guint           halvings,
                                            guint           n_cores,
                                            guint           n_samples);
void        px_sampler_loaded              (PxSampler      *self,
                                            double          mean_queue,
                                            double          mean_waiting);
void        px_sampler_start               (PxSampler      *self);
void        px_sampler_stop                (PxSampler      *self);
void        px_sampler_sample              (PxSampler      *self);
guint       px_sampler_get_interval        (PxSampler      *self);
guint       px_sampler_get_halvings        (PxSampler      *self);
guint64     px_sampler_get_n_samples       (PxSampler      *self);
guint       px_sampler_get_n_workers       (PxSampler      *self);
guint       px_sampler_get_n_cores         (PxSampler      *self);
PxHistory  *px_sampler_get_time            (PxSampler      *self);
PxHistory  *px_sampler_get_series          (PxSampler      *self,
                                            PxSeries        series);
PxHistory  *px_sampler_get_worker_series   (PxSampler      *self,
                                            guint           worker,
                                            PxWorkerSeries  series);
PxHistory  *px_sampler_get_core_series     (PxSampler      *self,
                                            guint           core);
guint       px_sampler_get_n_places        (PxSampler      *self);
const char *px_sampler_get_place_name      (PxSampler      *self,
                                            guint           place);
PxHistory  *px_sampler_get_place_throughput (PxSampler     *self,
                                            guint           place);
guint       px_sampler_get_worker_place    (PxSampler      *self,
                                            guint           worker);
double      px_sampler_get_mean_queue      (PxSampler      *self);
double      px_sampler_get_mean_waiting    (PxSampler      *self);
const char *px_series_name                 (PxSeries        series);
gboolean    px_series_is_optional          (PxSeries        series);
gboolean    px_worker_series_is_optional   (PxWorkerSeries  series);
const char *px_worker_series_name          (PxWorkerSeries  series);

G_END_DECLS
