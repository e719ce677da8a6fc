/* px-gtop-source.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The only place that calls libgtop: what it is best at (system per-core
 * load, process memory), and the tick-based process CPU time kept as the
 * fallback and the cross-check of the nanosecond CPU clocks. */

guint    px_gtop_get_n_cores      (void);
gboolean px_gtop_read_cores       (guint    n_cores,
                                   guint64 *busy,
                                   guint64 *total);
guint64  px_gtop_get_rss          (int      pid);
guint64  px_gtop_get_proc_cpu_ns  (int      pid);

G_END_DECLS
