/* px-sync.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "px-types.h"

G_BEGIN_DECLS

/* The lock, semaphore, barrier and shared state that workers contend on.
 * One layout serves threads (private memory) and worker processes (a
 * memfd mapped by the parent and every worker). */
typedef struct _PxSync PxSync;

/* What one worker is doing and where its time went, written by the worker
 * (thread or process) under a sequence lock and read by observers without
 * stopping it. Times are microseconds on CLOCK_MONOTONIC. The last two
 * are single atomic words outside the lock: when the task under way began
 * (0 between tasks), and the last beat of a worker process's heartbeat,
 * with its resident memory read at that beat (0: not read), so that the
 * parent reads memory, not each worker's /proc files. */
typedef struct __attribute__ ((aligned (64)))
{
  guint32 seq;
  guint32 state;
  gint64  phase_start_us;
  gint64  started_us;
  gint64  time_us[PX_WORKER_N_STATES];
  guint64 started;
  gint64  task_start_us;
  gint64  heartbeat_us;
  guint64 rss_bytes;
} PxWorkerLive;

typedef struct
{
  PxWorkerState state;
  gint64        phase_start_us;
  gint64        time_us[PX_WORKER_N_STATES];
} PxLiveReading;

/* A CPython-like global interpreter lock for thread workers: FIFO, so a
 * thread that drops it to let others run queues behind them. */
typedef struct _PxGil PxGil;

PxSync   *px_sync_new            (guint         semaphore_limit,
                                  gboolean      process_shared,
                                  GError      **error);
PxSync   *px_sync_attach         (int           fd,
                                  GError      **error);
int       px_sync_get_fd         (PxSync       *sync);
void      px_sync_free           (PxSync       *sync);
gint64    px_sync_lock           (PxSync       *sync,
                                  guint         worker);
void      px_sync_unlock         (PxSync       *sync,
                                  guint         worker);
gint64    px_sync_sem_acquire    (PxSync       *sync,
                                  guint         worker);
void      px_sync_sem_release    (PxSync       *sync,
                                  guint         worker);
void      px_sync_barrier_join   (PxSync       *sync,
                                  guint         worker);
void      px_sync_barrier_leave  (PxSync       *sync,
                                  guint         worker);
gint64    px_sync_barrier_arrive (PxSync       *sync,
                                  guint         worker);
gint64    px_sync_shared_add     (PxSync       *sync,
                                  guint         worker,
                                  gint64        delta,
                                  gint64       *wait_us);
gint64    px_sync_get_shared     (PxSync       *sync);
guint64   px_sync_get_barrier_generation (PxSync *sync);
void      px_sync_join           (PxSync       *sync,
                                  PxTaskKind    kind,
                                  guint         worker);
void      px_sync_leave          (PxSync       *sync,
                                  PxTaskKind    kind,
                                  guint         worker);
void      px_sync_set_drained    (PxSync       *sync,
                                  gboolean      drained);
void      px_sync_event_set      (PxSync       *sync);
gint64    px_sync_event_wait     (PxSync       *sync,
                                  guint32      *seen,
                                  gboolean      clear);
void      px_sync_cond_put       (PxSync       *sync,
                                  gboolean      notify_all,
                                  gint64       *lock_wait_us);
void      px_sync_cond_take      (PxSync       *sync,
                                  PxWorkerLive *live,
                                  gint64       *lock_wait_us,
                                  gint64       *signal_wait_us);
guint     px_sync_get_semaphore_peak (PxSync    *sync);
void      px_sync_get_signal_stats (PxSync      *sync,
                                  PxSignalStats *stats);
void      px_sync_set_signal_stats (PxSync      *sync,
                                  const PxSignalStats *stats);
void      px_sync_cancel         (PxSync       *sync);
gboolean  px_sync_is_cancelled   (PxSync       *sync);
gboolean  px_sync_recover_worker (PxSync       *sync,
                                  guint         worker,
                                  gint64        timeout_us);

PxWorkerLive *px_sync_get_live   (PxSync       *sync,
                                  guint         worker);
void      px_live_start          (PxWorkerLive *live);
void      px_live_enter          (PxWorkerLive *live,
                                  PxWorkerState state);
void      px_live_enter_at       (PxWorkerLive *live,
                                  PxWorkerState state,
                                  gint64        now);
void      px_live_store          (PxWorkerLive *live,
                                  guint32       state,
                                  gint64        phase_start_us,
                                  const gint64 *time_us);
void      px_live_read           (PxWorkerLive *live,
                                  gint64        now_us,
                                  PxLiveReading *reading);

PxGil    *px_gil_new             (void);
void      px_gil_free            (PxGil        *gil);
gint64    px_gil_acquire         (PxGil        *gil);
void      px_gil_release         (PxGil        *gil);
gboolean  px_gil_has_waiters     (PxGil        *gil);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PxSync, px_sync_free)

G_END_DECLS
