/* px-calibrate-window.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "px-calibrate.h"
#include "px-plot-view.h"

G_BEGIN_DECLS

#define PX_TYPE_CALIBRATE_WINDOW (px_calibrate_window_get_type ())

G_DECLARE_FINAL_TYPE (PxCalibrateWindow, px_calibrate_window, PX, CALIBRATE_WINDOW, AdwWindow)

PxCalibrateWindow *px_calibrate_window_new         (GtkWindow         *parent);
PxCalibration     *px_calibrate_window_get_calibration (PxCalibrateWindow *self);
void               px_calibrate_window_set_calibration (PxCalibrateWindow *self,
                                                    PxCalibration     *calibration);
gboolean           px_calibrate_window_start       (PxCalibrateWindow *self);
void               px_calibrate_window_stop        (PxCalibrateWindow *self);
gboolean           px_calibrate_window_get_running (PxCalibrateWindow *self);
char              *px_calibrate_window_dup_progress (PxCalibrateWindow *self);
char              *px_calibrate_window_dup_status  (PxCalibrateWindow *self);
char              *px_calibrate_window_dup_readings (PxCalibrateWindow *self);
PxPlotView        *px_calibrate_window_get_plot_view (PxCalibrateWindow *self);

G_END_DECLS
