/* px-sweep-window-private.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "px-sweep-report.h"
#include "px-sweep-window.h"

G_BEGIN_DECLS

#define PX_SWEEP_WINDOW_MAX_AXES 3
#define PX_SWEEP_WINDOW_MAX_PLOTS 4

/* A row that sweeps one setting. */
typedef struct
{
  GtkWidget   *row;
  GtkDropDown *key;
  GtkEntry    *values;
} PxSweepAxisRow;

struct _PxSweepWindow
{
  AdwWindow             parent_instance;

  PxProfile            *profile;
  GtkStringList        *keys;
  GPtrArray            *axes;
  GSettings            *settings;

  AdwWindowTitle       *title;
  GtkWidget            *run_button;
  GtkWidget            *stop_button;
  GtkWidget            *export_button;
  GtkListBox           *axes_list;
  GtkWidget            *add_button;
  GtkSpinButton        *repetitions;
  GtkWidget            *earlier_row;
  GtkDropDown          *earlier_list;
  GtkLabel             *error;
  GtkProgressBar       *progress;
  GtkLabel             *status;
  GtkLabel             *sentence;
  GtkLabel             *fits;
  GtkFlowBox           *plots;
  PxPlotView           *views[PX_SWEEP_WINDOW_MAX_PLOTS];
  guint                 n_plots;
  GtkGrid              *table;

  /* The kept sweeps of this profile, newest first (PxKeptSweep), and
   * the one chosen: shown alone before a sweep is run, then drawn
   * beside it. */
  GPtrArray            *kept;
  PxSweep              *earlier;
  char                 *earlier_date;
  char                 *kept_path;

  PxSweep              *sweep;
  gboolean              running;
  gint64                started_us;
  gint64                ended_us;
  guint                 finished;
  GError               *failure;
  GtkFileChooserNative *chooser;
};

GtkStringList  *_px_sweep_window_new_keys        (PxProfile     *profile);
PxSweepAxisRow *_px_sweep_window_add_axis        (PxSweepWindow *self);
void            _px_sweep_window_add_axis_action (GtkWidget     *widget,
                                                  const char    *action_name,
                                                  GVariant      *parameter);
gboolean _px_sweep_window_shown_measured  (PxSweepWindow *self);
void     _px_sweep_window_update_sensitivity (PxSweepWindow *self);
void     _px_sweep_window_update_status   (PxSweepWindow *self);
void     _px_sweep_window_update_results  (PxSweepWindow *self);
void     _px_sweep_window_show_error      (PxSweepWindow *self,
                                           const char    *message);
void     _px_sweep_window_reload_kept     (PxSweepWindow *self);
void     _px_sweep_window_kept_chosen_cb  (GtkDropDown   *drop_down,
                                           GParamSpec    *pspec,
                                           PxSweepWindow *self);
void     _px_sweep_window_export_action   (GtkWidget     *widget,
                                           const char    *action_name,
                                           GVariant      *parameter);

G_END_DECLS
