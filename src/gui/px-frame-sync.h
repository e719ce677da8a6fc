/* px-frame-sync.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void px_frame_sync_follow (GtkWindow *window);

G_END_DECLS
