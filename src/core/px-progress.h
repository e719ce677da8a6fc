/* px-progress.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Tasks done, as a program's output says: lines that match a pattern. */
typedef struct _PxProgress PxProgress;

PxProgress *px_progress_new        (const char  *pattern,
                                    GError     **error);
void        px_progress_free       (PxProgress  *self);
gboolean    px_progress_feed       (PxProgress  *self,
                                    const char  *line);
guint64     px_progress_get_done   (PxProgress  *self);
gboolean    px_progress_get_total  (PxProgress  *self,
                                    guint64     *total);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PxProgress, px_progress_free)

G_END_DECLS
