/* px-watch-picker.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PX_TYPE_WATCH_PICKER (px_watch_picker_get_type ())

G_DECLARE_FINAL_TYPE (PxWatchPicker, px_watch_picker, PX, WATCH_PICKER, AdwWindow)

GtkWidget *px_watch_picker_new           (GtkWindow     *parent);
guint      px_watch_picker_get_n_visible (PxWatchPicker *self);
void       px_watch_picker_set_filter    (PxWatchPicker *self,
                                          const char    *text);
gboolean   px_watch_picker_watch_pid     (PxWatchPicker *self,
                                          int            pid);
gboolean   px_watch_picker_launch        (PxWatchPicker *self,
                                          const char    *command_line,
                                          const char    *folder,
                                          const char    *progress);
void       px_watch_picker_activate_filter (PxWatchPicker *self);
const char *px_watch_picker_get_error    (PxWatchPicker *self);
GtkWidget *px_watch_picker_get_opened    (PxWatchPicker *self);

G_END_DECLS
