/* px-loop-sync.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A lock (one permit) or semaphore (several) shared by the tasks of
 * every event loop of a run. */
typedef struct _PxLoopSync PxLoopSync;
/* An event or condition shared by the tasks of every event loop. */
typedef struct _PxLoopSignal PxLoopSignal;
/* A barrier the tasks of every event loop meet at. */
typedef struct _PxLoopBarrier PxLoopBarrier;

/* A task's place in the queue of those awaiting a permit: the link (its
 * data is the task) lives in the task, so waiting allocates nothing. */
typedef struct
{
  GList    link;
  gboolean queued;
} PxLoopWaiter;

PxLoopSync *_px_loop_sync_new     (guint         permits);
void        _px_loop_sync_free    (PxLoopSync   *sync);
gboolean    _px_loop_sync_acquire (PxLoopSync   *sync,
                                   PxLoopWaiter *waiter);
gpointer    _px_loop_sync_release (PxLoopSync   *sync);
gboolean    _px_loop_sync_forget  (PxLoopSync   *sync,
                                   PxLoopWaiter *waiter);

G_END_DECLS
