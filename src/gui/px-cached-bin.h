/* px-cached-bin.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PX_TYPE_CACHED_BIN (px_cached_bin_get_type ())

G_DECLARE_FINAL_TYPE (PxCachedBin, px_cached_bin, PX, CACHED_BIN, AdwBin)

GtkWidget *px_cached_bin_new (void);

G_END_DECLS
