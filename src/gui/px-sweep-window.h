/* px-sweep-window.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "px-plot-view.h"
#include "px-profile.h"
#include "px-sweep.h"

G_BEGIN_DECLS

#define PX_TYPE_SWEEP_WINDOW (px_sweep_window_get_type ())

G_DECLARE_FINAL_TYPE (PxSweepWindow, px_sweep_window, PX, SWEEP_WINDOW, AdwWindow)

PxSweepWindow *px_sweep_window_new            (GtkWindow     *parent,
                                               PxProfile     *profile);
gboolean       px_sweep_window_set_axis       (PxSweepWindow *self,
                                               guint          index,
                                               const char    *key,
                                               const char    *values);
guint          px_sweep_window_get_n_axes     (PxSweepWindow *self);
void           px_sweep_window_set_repetitions (PxSweepWindow *self,
                                               guint          repetitions);
gboolean       px_sweep_window_start          (PxSweepWindow *self);
void           px_sweep_window_stop           (PxSweepWindow *self);
gboolean       px_sweep_window_get_running    (PxSweepWindow *self);
PxSweep       *px_sweep_window_get_sweep      (PxSweepWindow *self);
const char    *px_sweep_window_get_error      (PxSweepWindow *self);
char          *px_sweep_window_dup_progress   (PxSweepWindow *self);
char          *px_sweep_window_dup_status     (PxSweepWindow *self);
char          *px_sweep_window_dup_sentence   (PxSweepWindow *self);
guint          px_sweep_window_get_n_plots    (PxSweepWindow *self);
PxPlotView    *px_sweep_window_get_plot_view  (PxSweepWindow *self,
                                               guint          index);
char          *px_sweep_window_dup_cell       (PxSweepWindow *self,
                                               guint          row,
                                               guint          column);
guint          px_sweep_window_get_n_kept     (PxSweepWindow *self);
void           px_sweep_window_choose_kept    (PxSweepWindow *self,
                                               int            index);
gboolean       px_sweep_window_export         (PxSweepWindow *self,
                                               const char    *path,
                                               GError       **error);

G_END_DECLS
