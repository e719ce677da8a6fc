/* px-cpu-stats.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Pure maths on cumulative counters: the previous reading is kept beside
 * the current one and usage is their difference. */

double px_cpu_percent  (guint64 prev_cpu_ns,
                        guint64 cpu_ns,
                        gint64  prev_wall_us,
                        gint64  wall_us);
double px_core_percent (guint64 prev_busy,
                        guint64 prev_total,
                        guint64 busy,
                        guint64 total);

G_END_DECLS
