/* px-calibrate.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "px-plot.h"
#include "px-profile.h"

G_BEGIN_DECLS

/* The ways of running tasks that calibration times. */
typedef enum
{
  PX_CALIBRATE_THREADS,
  PX_CALIBRATE_PROCESSES,
  PX_CALIBRATE_PROCESSES_CHUNKED,
  PX_CALIBRATE_SPAWN,
  PX_CALIBRATE_COMMANDS,
  PX_CALIBRATE_N_CONFIGS,
} PxCalibrateConfig;

/* The efficiency a calibrated way of running must reach. */
#define PX_CALIBRATE_TARGET 0.9

/* One task size timed one way. */
typedef struct
{
  double task_us;
  guint  tasks;
  gint64 wall_us;
  /* The tasks' work over the workers' time: tasks × size ÷ (workers ×
   * wall time). */
  double efficiency;
  /* What a task cost a worker, all in: workers × wall time ÷ tasks. */
  double per_task_us;
} PxCalibratePoint;

/* One way of running, timed at each size. */
typedef struct
{
  PxCalibrateConfig config;
  GArray           *points;
  /* Per task, beyond its work, at the smallest size; NaN until then. */
  double            overhead_us;
  /* The smallest size at which efficiency reaches the target (between
   * two sizes timed, read on the log scale); 0 if even the smallest
   * does, NaN if even the largest does not. */
  double            min_task_us;
} PxCalibrateResult;

#define PX_TYPE_CALIBRATION (px_calibration_get_type ())

G_DECLARE_FINAL_TYPE (PxCalibration, px_calibration, PX, CALIBRATION, GObject)

const char     *px_calibrate_config_key     (PxCalibrateConfig config);
const char     *px_calibrate_config_label   (PxCalibrateConfig config);
gboolean        px_calibrate_config_from_key (const char      *key,
                                             PxCalibrateConfig *config);

PxCalibration  *px_calibration_new          (guint            workers);
guint           px_calibration_get_workers  (PxCalibration   *self);
void            px_calibration_set_configs  (PxCalibration   *self,
                                             guint            mask);
gboolean        px_calibration_get_enabled  (PxCalibration   *self,
                                             PxCalibrateConfig config);
void            px_calibration_set_sizes    (PxCalibration   *self,
                                             const double    *sizes_us,
                                             guint            n_sizes);
const double   *px_calibration_get_sizes    (PxCalibration   *self,
                                             guint           *n_sizes);
void            px_calibration_set_budget_ms (PxCalibration  *self,
                                             double           budget_ms);
guint           px_calibration_get_n_steps  (PxCalibration   *self);
void            px_calibration_run_async    (PxCalibration   *self,
                                             GAsyncReadyCallback callback,
                                             gpointer         user_data);
gboolean        px_calibration_run_finish   (PxCalibration   *self,
                                             GAsyncResult    *result,
                                             GError         **error);
void            px_calibration_stop         (PxCalibration   *self);
gboolean        px_calibration_get_stopped  (PxCalibration   *self);
const PxCalibrateResult *px_calibration_get_result (PxCalibration   *self,
                                             PxCalibrateConfig config);
PxPlot         *px_calibration_new_plot     (PxCalibration   *self);
char           *px_calibration_dup_table    (PxCalibration   *self,
                                             gboolean         markdown);
gboolean        px_calibration_write        (PxCalibration   *self,
                                             const char      *path,
                                             GError         **error);

char           *px_calibration_dup_cache_path (void);
gboolean        px_calibration_save         (PxCalibration   *self,
                                             GError         **error);
gboolean        px_calibration_load_minimums (double          min_task_us[PX_CALIBRATE_N_CONFIGS],
                                             double           overhead_us[PX_CALIBRATE_N_CONFIGS],
                                             char           **date);
char           *px_calibration_dup_warning  (const PxSpec    *spec);

G_END_DECLS
