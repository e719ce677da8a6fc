/* px-sweep-private.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "px-sweep-report.h"

G_BEGIN_DECLS

char         *_px_sweep_dup_html          (PxSweep *self);
PxSweepPoint *_px_sweep_get_point_mutable (PxSweep *self,
                                           guint    index);
void          _px_sweep_set_started       (PxSweep *self,
                                           gint64   started_us);

G_END_DECLS
