/* px-worker-private.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the worker process (px-worker.c) and its heartbeat
 * (px-worker-beat.c) share.
 */

#pragma once

#include "px-sync.h"

G_BEGIN_DECLS

gboolean _px_worker_beat_start (PxWorkerLive *live,
                                int           in_fd,
                                int           out_fd);
void     _px_worker_beat_stop  (void);
void     _px_worker_beat_hold  (gboolean      hold);

G_END_DECLS
