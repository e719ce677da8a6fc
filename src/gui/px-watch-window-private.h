/* px-watch-window-private.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the watch window (px-watch-window.c: graphs, table, actions) and
 * its pages of figures and of watches (px-watch-window-pages.c) share.
 */

#pragma once

#include "px-chart-layers.h"
#include "px-graph.h"
#include "px-time-view.h"
#include "px-watch-table.h"
#include "px-watch-window.h"

G_BEGIN_DECLS

struct _PxWatchWindow
{
  AdwWindow       parent_instance;

  /* Every watch of this window, oldest first; the one the graphs and
   * the table show, and the one set beside it. */
  GListStore     *watches;
  PxWatch        *viewed;
  PxWatch        *compared;

  AdwWindowTitle *title;
  GtkLabel       *status;
  PxGraph        *cores_graph;
  PxGraph        *threads_graph;
  PxGraph        *tasks_graph;
  PxGraph        *states_graph;
  PxGraph        *memory_graph;
  PxGraph        *io_graph;
  PxWatchTable   *table;
  AdwViewStack   *stack;
  GtkBox         *summary_box;
  GtkListBox     *watches_list;
  PxTimeView     *time_view;
  GtkFileChooserNative *chooser;
  /* Lines added so far for the viewed watch. */
  guint           threads_shown;
  guint           processes_shown;
  gint64          refreshed_us;
  gboolean        updating_rows;
};

void       _px_watch_window_view          (PxWatchWindow *self,
                                           PxWatch       *viewed,
                                           PxWatch       *compared);
void       _px_watch_window_update_summary (PxWatchWindow *self);
void       _px_watch_window_update_rows   (PxWatchWindow *self);
GtkWidget *_px_watch_window_create_row    (gpointer       item,
                                           gpointer       user_data);
char      *_px_watch_window_dup_title     (PxWatch       *watch);
void       _px_watch_window_export_action (GtkWidget     *widget,
                                           const char    *action_name,
                                           GVariant      *parameter);

G_END_DECLS
