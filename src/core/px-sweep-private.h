/* px-sweep-private.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "px-sweep-report.h"

G_BEGIN_DECLS

char      *_px_sweep_dup_html    (PxSweep *self);

G_END_DECLS
