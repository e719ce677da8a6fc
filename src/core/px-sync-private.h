/* px-sync-private.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The layout of the memory workers share, for the files that implement
 * its primitives (px-sync.c, px-sync-signal.c).
 */

#pragma once

#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "px-sync.h"

G_BEGIN_DECLS

#define POLL_NS (50 * 1000 * 1000)
#define LIVE_READ_WAIT_US 2000

struct _PxSync
{
  /* Only this part lives in the mapping. */
  struct PxSyncShared
  {
    pthread_mutex_t lock;
    pthread_mutex_t barrier_lock;
    pthread_mutex_t shared_lock;
    pthread_mutex_t sem_lock;
    guint32         sem_count;
    guint32         sem_generation;
    /* The most workers that held a permit at once, counted from the
     * holders (not from sem_count) as each permit is taken. */
    guint32         sem_peak;
    guint32         cancelled;
    guint32         barrier_generation;
    guint32         barrier_parties;
    guint32         barrier_count;
    gint64          shared_value;
    /* kind=event and kind=condition (px-sync-signal.c). */
    pthread_mutex_t cond_lock;
    guint32         event_generation;
    guint32         cond_seq;
    guint32         cond_waiting;
    /* Worker 0, the signaller: waiting for tasks, or gone; and no task
     * left to hand out (the queue drained). */
    guint32         signaller_idle;
    guint32         signaller_gone;
    guint32         drained;
    guint64         cond_items;
    PxSignalStats   signal;
    guint8          barrier_member[PX_MAX_WORKERS];
    guint8          barrier_arrived[PX_MAX_WORKERS];
    guint8          sem_holder[PX_MAX_WORKERS];
    guint8          lock_holder[PX_MAX_WORKERS];
    PxWorkerLive    live[PX_MAX_WORKERS];
  } *shm;
  int      fd;
  gboolean owner;
};

struct _PxGil
{
  GMutex  mutex;
  GCond   cond;
  guint64 next_ticket;
  guint64 serving;
};

static inline void
_px_lock_mutex (pthread_mutex_t *mutex)
{
  if (pthread_mutex_lock (mutex) == EOWNERDEAD)
    pthread_mutex_consistent (mutex);
}

static inline long
_px_futex (guint32         *addr,
           int              op,
           guint32          val,
           struct timespec *timeout)
{
  return syscall (SYS_futex, addr, op, val, timeout, NULL, 0);
}

void _px_sync_signaller_lost (PxSync *sync);

G_END_DECLS
