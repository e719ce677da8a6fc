/* px-sync-signal.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Workers that signal each other, as Python's threading.Event and
 * threading.Condition do, in the memory threads or worker processes
 * share: futex words rather than pthread condition variables, because a
 * worker process may die while waiting and a condition variable in
 * shared memory would then never be destroyed. Worker 0 plays the setter
 * of the event and the producer of the condition's items; while it has
 * no task (the queue is empty, or it died) the event stays open and the
 * condition closed, so no waiter waits for a signal that cannot come.
 */

#include "config.h"

#include "px-sync-private.h"

/* One worker plays the other side of the signal: worker 0. */
#define SIGNALLER 0

static void
wake_all (guint32 *word)
{
  __atomic_add_fetch (word, 1, __ATOMIC_SEQ_CST);
  _px_futex (word, FUTEX_WAKE, G_MAXINT32, NULL);
}

/* Wakes every waiter of either signal, to look again at why it waits. */
static void
wake_waiters (PxSync *self)
{
  wake_all (&self->shm->event_generation);
  wake_all (&self->shm->cond_seq);
}

/* Whether no signal can come: worker 0 is gone, or waits for tasks when
 * none is left to hand out. Waiters then go on without one. */
static gboolean
signaller_done (PxSync *self)
{
  struct PxSyncShared *shm = self->shm;

  return __atomic_load_n (&shm->signaller_gone, __ATOMIC_SEQ_CST) ||
         (__atomic_load_n (&shm->signaller_idle, __ATOMIC_SEQ_CST) &&
          __atomic_load_n (&shm->drained, __ATOMIC_SEQ_CST)) ||
         px_sync_is_cancelled (self);
}

static void
set_flag (PxSync  *self,
          guint32 *flag,
          guint32  value)
{
  gboolean was_done = signaller_done (self);

  /* Waiters are woken only when no signal can come any more: worker 0
   * waiting a moment for its next tasks, while others are left, lets
   * nobody through and wakes nobody (no wakeup counted that no signal
   * caused). */
  __atomic_store_n (flag, value, __ATOMIC_SEQ_CST);
  if (!was_done && signaller_done (self))
    wake_waiters (self);
}

/**
 * px_sync_join:
 * @kind: the run's kind of task
 *
 * Worker @worker has tasks again: a member of the barrier, and worker 0
 * the signaller of kind=event and kind=condition again.
 */
void
px_sync_join (PxSync    *self,
              PxTaskKind kind,
              guint      worker)
{
  if (kind == PX_KIND_BARRIER)
    px_sync_barrier_join (self, worker);
  else if ((kind == PX_KIND_EVENT || kind == PX_KIND_CONDITION) && worker == SIGNALLER)
    {
      __atomic_store_n (&self->shm->signaller_gone, 0, __ATOMIC_SEQ_CST);
      __atomic_store_n (&self->shm->signaller_idle, 0, __ATOMIC_SEQ_CST);
    }
}

/**
 * px_sync_leave:
 *
 * Worker @worker waits for tasks (or ends): the barrier no longer waits
 * for it; when it is worker 0 and no task is left to hand out, waiters
 * of its signals go on without them.
 */
void
px_sync_leave (PxSync    *self,
               PxTaskKind kind,
               guint      worker)
{
  if (kind == PX_KIND_BARRIER)
    px_sync_barrier_leave (self, worker);
  else if ((kind == PX_KIND_EVENT || kind == PX_KIND_CONDITION) && worker == SIGNALLER)
    set_flag (self, &self->shm->signaller_idle, 1);
}

/* Whether the run has tasks left to hand out; said by whoever hands them
 * out (the queue's claimers, or the parent of worker processes). */
void
px_sync_set_drained (PxSync  *self,
                     gboolean drained)
{
  set_flag (self, &self->shm->drained, drained ? 1 : 0);
}

/* Worker 0 died: no signal comes until its replacement has tasks. */
void
_px_sync_signaller_lost (PxSync *self)
{
  set_flag (self, &self->shm->signaller_gone, 1);
}

/* Sets the event: every waiter blocked on it goes on. */
void
px_sync_event_set (PxSync *self)
{
  __atomic_add_fetch (&self->shm->signal.event_sets, 1, __ATOMIC_RELAXED);
  wake_all (&self->shm->event_generation);
}

/**
 * px_sync_event_wait:
 * @seen: (inout): the setting this waiter last went on at (0 at first)
 * @clear: whether each setting lets a waiter through once (cleared
 *   again), or the first lets everyone through for good (a start gate)
 *
 * Returns: the µs waited
 */
gint64
px_sync_event_wait (PxSync   *self,
                    guint32  *seen,
                    gboolean  clear)
{
  gint64 start = g_get_monotonic_time ();
  gboolean blocked = FALSE;

  for (;;)
    {
      guint32 generation = __atomic_load_n (&self->shm->event_generation, __ATOMIC_SEQ_CST);
      struct timespec timeout = { 0, POLL_NS };
      gboolean set = clear ? generation != *seen
                           : __atomic_load_n (&self->shm->signal.event_sets, __ATOMIC_SEQ_CST) > 0;

      if (set || signaller_done (self))
        {
          *seen = generation;
          break;
        }
      blocked = TRUE;
      _px_futex (&self->shm->event_generation, FUTEX_WAIT, generation, &timeout);
    }
  if (blocked)
    __atomic_add_fetch (&self->shm->signal.event_waits, 1, __ATOMIC_RELAXED);
  return g_get_monotonic_time () - start;
}

/* Worker 0 puts an item and wakes one waiter, or all. */
void
px_sync_cond_put (PxSync  *self,
                  gboolean notify_all,
                  gint64  *lock_wait_us)
{
  gint64 start = g_get_monotonic_time ();
  PxSignalStats *stats = &self->shm->signal;

  _px_lock_mutex (&self->shm->cond_lock);
  *lock_wait_us += g_get_monotonic_time () - start;
  self->shm->cond_items++;
  stats->items++;
  stats->notifies++;
  stats->items_max = MAX (stats->items_max, self->shm->cond_items);
  __atomic_add_fetch (&self->shm->cond_seq, 1, __ATOMIC_SEQ_CST);
  pthread_mutex_unlock (&self->shm->cond_lock);
  _px_futex (&self->shm->cond_seq, FUTEX_WAKE, notify_all ? G_MAXINT32 : 1, NULL);
}

/* Takes the condition's lock, accounting the wait to @lock_wait_us. */
static void
take_lock (PxSync       *self,
           PxWorkerLive *live,
           gint64       *lock_wait_us)
{
  gint64 start = g_get_monotonic_time ();

  px_live_enter (live, PX_WORKER_LOCK_WAIT);
  _px_lock_mutex (&self->shm->cond_lock);
  *lock_wait_us += g_get_monotonic_time () - start;
}

/**
 * px_sync_cond_take:
 * @live: (nullable): the worker's live record, to show its waits
 *
 * Waits on the condition until an item is there (or worker 0 has no more
 * tasks, or the run is cancelled), as `with cv: cv.wait_for(lambda:
 * items)` does, and takes it. Time blocked on the condition goes to
 * @signal_wait_us; time getting its lock, before and after each wakeup,
 * to @lock_wait_us. A wakeup that finds no item is futile.
 */
void
px_sync_cond_take (PxSync       *self,
                   PxWorkerLive *live,
                   gint64       *lock_wait_us,
                   gint64       *signal_wait_us)
{
  struct PxSyncShared *shm = self->shm;

  take_lock (self, live, lock_wait_us);
  while (shm->cond_items == 0 && !signaller_done (self))
    {
      guint32 seq = __atomic_load_n (&shm->cond_seq, __ATOMIC_SEQ_CST);
      struct timespec timeout = { 0, POLL_NS };
      gint64 start;
      gboolean woken;

      shm->cond_waiting++;
      pthread_mutex_unlock (&shm->cond_lock);

      px_live_enter (live, PX_WORKER_SIGNAL_WAIT);
      start = g_get_monotonic_time ();
      /* Woken, or the item came before this waiter slept: a wakeup; the
       * poll's timeout, to see a cancel, is not. */
      woken = _px_futex (&shm->cond_seq, FUTEX_WAIT, seq, &timeout) == 0 || errno == EAGAIN;
      *signal_wait_us += g_get_monotonic_time () - start;

      take_lock (self, live, lock_wait_us);
      shm->cond_waiting--;
      if (woken)
        {
          shm->signal.wakeups++;
          if (shm->cond_items == 0 && !signaller_done (self))
            shm->signal.futile_wakeups++;
        }
    }
  if (shm->cond_items > 0)
    shm->cond_items--;
  pthread_mutex_unlock (&shm->cond_lock);
}

/* What signals between tasks did, counted elsewhere (on event loops),
 * kept here for the run's readers. */
void
px_sync_set_signal_stats (PxSync              *self,
                          const PxSignalStats *stats)
{
  _px_lock_mutex (&self->shm->cond_lock);
  self->shm->signal = *stats;
  self->shm->cond_items = stats->items_left;
  pthread_mutex_unlock (&self->shm->cond_lock);
}

/* What the workers' signals did so far. */
void
px_sync_get_signal_stats (PxSync        *self,
                          PxSignalStats *stats)
{
  _px_lock_mutex (&self->shm->cond_lock);
  *stats = self->shm->signal;
  stats->event_sets = __atomic_load_n (&self->shm->signal.event_sets, __ATOMIC_RELAXED);
  stats->event_waits = __atomic_load_n (&self->shm->signal.event_waits, __ATOMIC_RELAXED);
  stats->items_left = self->shm->cond_items;
  pthread_mutex_unlock (&self->shm->cond_lock);
}
