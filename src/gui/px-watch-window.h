/* px-watch-window.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "px-watch.h"
#include "px-watch-table.h"

G_BEGIN_DECLS

#define PX_TYPE_WATCH_WINDOW (px_watch_window_get_type ())

G_DECLARE_FINAL_TYPE (PxWatchWindow, px_watch_window, PX, WATCH_WINDOW, AdwWindow)

GtkWidget *px_watch_window_new          (GtkApplication *app,
                                         PxWatch        *watch);
PxWatch   *px_watch_window_get_watch    (PxWatchWindow  *self);
void       px_watch_window_add_watch    (PxWatchWindow  *self,
                                         PxWatch        *watch);
gboolean   px_watch_window_watch_again  (PxWatchWindow  *self);
guint      px_watch_window_get_n_watches (PxWatchWindow *self);
void       px_watch_window_view         (PxWatchWindow  *self,
                                         guint           index,
                                         guint           compared);
PxWatch   *px_watch_window_get_compared (PxWatchWindow  *self);
PxWatchTable *px_watch_window_get_table (PxWatchWindow  *self);
char      *px_watch_window_dup_summary  (PxWatchWindow  *self);
guint      px_watch_window_get_n_thread_lines (PxWatchWindow *self);
char      *px_watch_window_dup_status   (PxWatchWindow  *self);
guint      px_watch_window_get_n_state_lanes (PxWatchWindow *self);
guint      px_watch_window_get_n_process_lines (PxWatchWindow *self);

G_END_DECLS
