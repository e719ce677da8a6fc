/* px-sweep.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "px-fit.h"
#include "px-profile.h"
#include "px-summary.h"

G_BEGIN_DECLS

/* What one point of a sweep measured: its last run's summary and, over
 * its measured repetitions, the mean and standard deviation. */
typedef struct
{
  /* A value per axis, in the axes' order. */
  char      **values;
  gboolean    measured;
  guint       n_runs;
  PxSummary   summary;
  double      wall_s;
  double      wall_sd;
  double      throughput;
  double      throughput_sd;
} PxSweepPoint;

#define PX_TYPE_SWEEP (px_sweep_get_type ())

G_DECLARE_FINAL_TYPE (PxSweep, px_sweep, PX, SWEEP, GObject)

char              **px_sweep_parse_values   (const char    *text,
                                             GError       **error);
PxSweep            *px_sweep_new            (PxProfile     *profile);
gboolean            px_sweep_add_axis       (PxSweep       *self,
                                             const char    *over,
                                             GError       **error);
guint               px_sweep_get_n_axes     (PxSweep       *self);
const char         *px_sweep_get_axis_key   (PxSweep       *self,
                                             guint          axis);
guint               px_sweep_get_n_points   (PxSweep       *self);
const PxSweepPoint *px_sweep_get_point      (PxSweep       *self,
                                             guint          index);
PxProfile          *px_sweep_get_profile    (PxSweep       *self);
gint64              px_sweep_get_started    (PxSweep       *self);
PxProfile          *px_sweep_new_point_profile (PxSweep    *self,
                                             guint          index,
                                             GError       **error);
void                px_sweep_run_async      (PxSweep       *self,
                                             GAsyncReadyCallback callback,
                                             gpointer       user_data);
gboolean            px_sweep_run_finish     (PxSweep       *self,
                                             GAsyncResult  *result,
                                             GError       **error);
void                px_sweep_stop           (PxSweep       *self);
gboolean            px_sweep_get_stopped    (PxSweep       *self);
gboolean            px_sweep_is_worker_sweep (PxSweep      *self);
gboolean            px_sweep_fit            (PxSweep       *self,
                                             PxFitModel     model,
                                             PxFit         *fit,
                                             GError       **error);
double              px_sweep_get_baseline   (PxSweep       *self);
double              px_sweep_get_speedup    (PxSweep       *self,
                                             guint          index);
double              px_sweep_get_scalability (PxSweep      *self,
                                             guint          index);

G_END_DECLS
