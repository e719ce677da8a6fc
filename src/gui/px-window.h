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

#define PX_TYPE_WINDOW (px_window_get_type ())

G_DECLARE_FINAL_TYPE (PxWindow, px_window, PX, WINDOW, AdwApplicationWindow)

PxWindow *px_window_new                  (PxApplication  *application);
gboolean  px_window_open_file            (PxWindow       *self,
                                          const char     *path);
void      px_window_open_example         (PxWindow       *self,
                                          const char     *path);
gboolean  px_window_save_file            (PxWindow       *self,
                                          const char     *path);
void      px_window_show_error           (PxWindow       *self,
                                          const char     *heading,
                                          const char     *message);
gboolean  px_window_export_to_file       (PxWindow       *self,
                                          const char     *path,
                                          const char     *format,
                                          GError        **error);
gboolean  px_window_export_image         (PxWindow       *self,
                                          const char     *path,
                                          gboolean        svg,
                                          int             width,
                                          int             height,
                                          GError        **error);
void      px_window_view_run             (PxWindow       *self,
                                          PxRunItem      *item,
                                          PxRunItem      *compare);
char     *px_window_dup_summary_markdown (PxWindow       *self,
                                          GError        **error);

G_END_DECLS
