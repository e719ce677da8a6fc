/* px-window-private.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "px-cell-text.h"
#include "px-job-table.h"
#include "px-session.h"
#include "px-window.h"

G_BEGIN_DECLS

typedef enum
{
  PX_WINDOW_GRAPH_CPU,
  PX_WINDOW_GRAPH_TASKS,
  PX_WINDOW_GRAPH_QUEUE,
  PX_WINDOW_GRAPH_THROUGHPUT,
  PX_WINDOW_GRAPH_CORES,
  /* Runs on event loops only. */
  PX_WINDOW_GRAPH_LOOP_LAG,
  PX_WINDOW_N_GRAPHS,
} PxWindowGraph;

typedef void (*PxContinueFunc) (PxWindow   *self,
                                const char *path);

struct _PxWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  GtkWidget            *run_button;
  GtkWidget            *stop_button;
  AdwSplitButton       *open_button;
  GtkMenuButton        *examples_button;
  AdwWindowTitle       *window_title;
  GtkToggleButton      *sidebar_button;
  AdwToastOverlay      *toast_overlay;
  AdwFlap              *flap;
  GtkWidget            *editor_scroller;
  PxProfileEditor      *editor;
  GtkBox               *status_box;
  PxCellText           *status_label;
  GtkWidget            *reset_zoom_button;
  GtkProgressBar       *progress_bar;
  GtkScrolledWindow    *graphs_scroller;
  PxGraph              *cpu_graph;
  PxGraph              *task_graph;
  PxGraph              *queue_graph;
  PxGraph              *throughput_graph;
  PxGraph              *cores_graph;
  PxGraph              *loop_graph;
  PxWorkerTable        *worker_table;
  PxJobTable           *job_table;
  AdwViewStack         *view_stack;
  GtkWidget            *summary_copy;
  AdwViewStackPage     *jobs_page;
  GtkBox               *summary_box;
  GtkListBox           *runs_list;
  GtkListBox           *kept_list;
  GtkLabel             *kept_hint;

  GSettings            *settings;
  GMenu                *recent_menu;
  PxTimeView           *time_view;

  /* The profile being edited */
  PxProfile            *profile;
  char                 *path;
  /* An example opened as a copy: the bundled file's name, offered
   * when it is first saved. */
  char                 *example_name;
  /* The title of the runs being started, when not the profile's name
   * (an experiment of its [Try] group). */
  char                 *run_title;
  gboolean              modified;

  /* Runs: the history (newest first), the viewed and compared ones, and
   * the session in progress with its current run. */
  GListStore           *runs;
  PxRunItem            *viewed;
  PxRunItem            *compared;
  PxSession            *session;
  PxRunItem            *active;
  guint                 run_counter;
  /* Kept runs being written, and reports being read, in threads. */
  guint                 keeping;
  guint                 opening;
  guint                 workers_lost_seen;
  gboolean              closing;
  gboolean              close_confirmed;

  GtkFileChooserNative *chooser;
  gboolean              updating_rows;

  /* What to do once the user has answered about unsaved changes */
  PxContinueFunc        pending_func;
  char                 *pending_path;

  char                 *last_toast;
  char                 *worker_path;
  gint64                table_refreshed_us;
  gint64                timeline_updated_us;
  /* The viewed run's hosts with a throughput line so far. */
  guint                 places_shown;
  gint64                status_refreshed_us;
};

void  _px_window_actions_install   (GtkWidgetClass *widget_class);
void  _px_window_actions_init      (PxWindow       *self);
void  _px_window_confirm_close     (PxWindow       *self);
void  _px_window_set_profile       (PxWindow       *self,
                                    PxProfile      *profile,
                                    const char     *path);
char *_px_window_dup_display_name  (PxWindow       *self);
void  _px_window_update_title      (PxWindow       *self);
void  _px_window_update_progress   (PxWindow       *self);
void  _px_window_set_status        (PxWindow       *self,
                                    const char     *status);
void  _px_window_toast             (PxWindow       *self,
                                    const char     *text);
void  _px_window_remember_folder   (PxWindow       *self,
                                    const char     *path);
void  _px_window_update_actions    (PxWindow       *self);
void  _px_window_reset_zoom        (PxWindow       *self);
void  _px_window_rebuild_summary   (PxWindow       *self);
void  _px_window_export_install    (GtkWidgetClass *widget_class);
GtkFileChooserNative *_px_window_create_chooser (PxWindow             *self,
                                                 const char           *title,
                                                 GtkFileChooserAction  action,
                                                 const char           *accept,
                                                 const char           *folder);
char *_px_window_chooser_finish    (PxWindow        *self,
                                    GtkNativeDialog *chooser,
                                    int              response);
void  _px_window_update_run_rows   (PxWindow       *self);
GtkWidget *_px_window_create_run_row (gpointer     item,
                                      gpointer     user_data);
PxGraph *_px_window_get_graph      (PxWindow       *self,
                                    PxWindowGraph   graph);
void  _px_window_graphs_init       (PxWindow       *self);
void  _px_window_rebuild_graphs    (PxWindow       *self);
void  _px_window_redraw_graphs     (PxWindow       *self);
void  _px_window_graphs_sampled    (PxWindow       *self,
                                    gboolean        all);
void  _px_window_describe_graphs   (PxWindow       *self);
void  _px_window_set_worker_path   (PxWindow       *self,
                                    const char     *path);
void  _px_window_kept_install      (GtkWidgetClass *widget_class);
void  _px_window_kept_init         (PxWindow       *self);
void  _px_window_refresh_kept      (PxWindow       *self);
void  _px_window_keep_run          (PxWindow       *self,
                                    PxRunItem      *item);
void  _px_window_open_report       (PxWindow       *self,
                                    const char     *path,
                                    const char     *kept_id,
                                    const char     *title);

G_END_DECLS
