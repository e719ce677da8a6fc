/* px-sweep-private.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "px-sweep-report.h"

G_BEGIN_DECLS

GPtrArray *_px_sweep_dup_rows    (PxSweep *self);
void       _px_sweep_append_fits (PxSweep *self,
                                  GString *out,
                                  gboolean markdown);
char      *_px_sweep_dup_html    (PxSweep *self);

G_END_DECLS
