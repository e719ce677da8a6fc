/* px-window.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "px-application.h"
#include "px-graph.h"
#include "px-profile-editor.h"
#include "px-run-item.h"
#include "px-worker-table.h"

G_BEGIN_DECLS

typedef enum
{
  PX_WINDOW_GRAPH_CPU,
  PX_WINDOW_GRAPH_QUEUE,
  PX_WINDOW_GRAPH_THROUGHPUT,
  PX_WINDOW_GRAPH_CORES,
  PX_WINDOW_N_GRAPHS,
} PxWindowGraph;

#define PX_TYPE_WINDOW (px_window_get_type ())

G_DECLARE_FINAL_TYPE (PxWindow, px_window, PX, WINDOW, AdwApplicationWindow)

PxWindow        *px_window_new               (PxApplication *application);
gboolean         px_window_open_file         (PxWindow      *self,
                                              const char    *path);
gboolean         px_window_save_file         (PxWindow      *self,
                                              const char    *path);
void             px_window_show_error        (PxWindow      *self,
                                              const char    *heading,
                                              const char    *message);
gboolean         px_window_export_to_file    (PxWindow      *self,
                                              const char    *path,
                                              const char    *format,
                                              GError       **error);
const char      *px_window_get_path          (PxWindow      *self);
gboolean         px_window_get_modified      (PxWindow      *self);
gboolean         px_window_get_running       (PxWindow      *self);
const char      *px_window_get_last_error    (PxWindow      *self);
PxProfileEditor *px_window_get_editor        (PxWindow      *self);
PxWorkerTable   *px_window_get_worker_table  (PxWindow      *self);
PxGraph         *px_window_get_graph         (PxWindow      *self,
                                              PxWindowGraph  graph);
PxRunItem       *px_window_get_viewed_run    (PxWindow      *self);
guint            px_window_get_n_runs        (PxWindow      *self);
PxRunItem       *px_window_get_run           (PxWindow      *self,
                                              guint          index);
void             px_window_view_run          (PxWindow      *self,
                                              PxRunItem     *item,
                                              PxRunItem     *compare);
char            *px_window_dup_summary_text  (PxWindow      *self);
char            *px_window_dup_summary_markdown (PxWindow   *self,
                                                 GError    **error);
const char      *px_window_get_status        (PxWindow      *self);
const char      *px_window_get_last_toast    (PxWindow      *self);
void             px_window_set_worker_path   (PxWindow      *self,
                                              const char    *path);

G_END_DECLS
