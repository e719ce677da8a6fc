/* px-sync.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <linux/futex.h>
#include <string.h>
#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <gio/gio.h>

#include "px-sync-private.h"
#include "px-types.h"

static void
init_mutex (pthread_mutex_t *mutex,
            gboolean         process_shared)
{
  pthread_mutexattr_t attr;

  pthread_mutexattr_init (&attr);
  if (process_shared)
    {
      pthread_mutexattr_setpshared (&attr, PTHREAD_PROCESS_SHARED);
      /* A worker process killed while holding the lock must not wedge
       * the others: the next locker is told and repairs it. */
      pthread_mutexattr_setrobust (&attr, PTHREAD_MUTEX_ROBUST);
    }
  pthread_mutex_init (mutex, &attr);
  pthread_mutexattr_destroy (&attr);
}

PxSync *
px_sync_new (guint      semaphore_limit,
             gboolean   process_shared,
             GError   **error)
{
  PxSync *self = g_new0 (PxSync, 1);
  gsize size = sizeof (*self->shm);

  self->fd = -1;
  self->owner = TRUE;

  if (process_shared)
    {
      self->fd = memfd_create ("parallax-sync", MFD_CLOEXEC);
      if (self->fd < 0 || ftruncate (self->fd, size) < 0)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not create shared memory for workers: %s"), g_strerror (saved));
          if (self->fd >= 0)
            close (self->fd);
          g_free (self);
          return NULL;
        }
      self->shm = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, self->fd, 0);
    }
  else
    {
      self->shm = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    }

  if (self->shm == MAP_FAILED)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not map shared memory for workers: %s"), g_strerror (saved));
      if (self->fd >= 0)
        close (self->fd);
      g_free (self);
      return NULL;
    }

  init_mutex (&self->shm->lock, process_shared);
  init_mutex (&self->shm->barrier_lock, process_shared);
  init_mutex (&self->shm->shared_lock, process_shared);
  init_mutex (&self->shm->sem_lock, process_shared);
  init_mutex (&self->shm->cond_lock, process_shared);
  self->shm->sem_count = MAX (semaphore_limit, 1);

  return self;
}

PxSync *
px_sync_attach (int      fd,
                GError **error)
{
  PxSync *self = g_new0 (PxSync, 1);

  self->fd = fd;
  self->owner = FALSE;
  self->shm = mmap (NULL, sizeof (*self->shm), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (self->shm == MAP_FAILED)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not map the shared memory of the run: %s"), g_strerror (saved));
      g_free (self);
      return NULL;
    }

  return self;
}

int
px_sync_get_fd (PxSync *self)
{
  return self->fd;
}

void
px_sync_free (PxSync *self)
{
  if (self == NULL)
    return;

  if (self->owner)
    {
      pthread_mutex_destroy (&self->shm->sem_lock);
      pthread_mutex_destroy (&self->shm->lock);
      pthread_mutex_destroy (&self->shm->barrier_lock);
      pthread_mutex_destroy (&self->shm->shared_lock);
      pthread_mutex_destroy (&self->shm->cond_lock);
    }
  munmap (self->shm, sizeof (*self->shm));
  if (self->fd >= 0)
    close (self->fd);
  g_free (self);
}

gint64
px_sync_lock (PxSync *self,
              guint   worker)
{
  gint64 start = g_get_monotonic_time ();

  _px_lock_mutex (&self->shm->lock);
  self->shm->lock_holder[worker] = 1;
  return g_get_monotonic_time () - start;
}

void
px_sync_unlock (PxSync *self,
                guint   worker)
{
  self->shm->lock_holder[worker] = 0;

  /* Worker 0 gone: no set or item comes until its replacement has
   * tasks (without the condition's lock, which it may hold). */
  if (worker == 0)
    _px_sync_signaller_lost (self);
  pthread_mutex_unlock (&self->shm->lock);
}

/* A counting semaphore under a robust lock: the count and who holds a
 * permit change together, so the parent gives back exactly what a dead
 * worker held. Waits poll the cancel flag on CLOCK_MONOTONIC. */
gint64
px_sync_sem_acquire (PxSync *self,
                     guint   worker)
{
  gint64 start = g_get_monotonic_time ();

  for (;;)
    {
      guint32 generation;

      _px_lock_mutex (&self->shm->sem_lock);
      if (px_sync_is_cancelled (self))
        {
          pthread_mutex_unlock (&self->shm->sem_lock);
          break;
        }
      if (self->shm->sem_count > 0)
        {
          guint32 holders = 0;

          self->shm->sem_count--;
          self->shm->sem_holder[worker] = 1;
          for (guint i = 0; i < PX_MAX_WORKERS; i++)
            holders += self->shm->sem_holder[i];
          self->shm->sem_peak = MAX (self->shm->sem_peak, holders);
          pthread_mutex_unlock (&self->shm->sem_lock);
          break;
        }
      generation = __atomic_load_n (&self->shm->sem_generation, __ATOMIC_SEQ_CST);
      pthread_mutex_unlock (&self->shm->sem_lock);

      {
        struct timespec timeout = { 0, POLL_NS };
        _px_futex (&self->shm->sem_generation, FUTEX_WAIT, generation, &timeout);
      }
    }

  return g_get_monotonic_time () - start;
}

/* The most workers that held a permit of the semaphore at once. */
guint
px_sync_get_semaphore_peak (PxSync *self)
{
  guint peak;

  _px_lock_mutex (&self->shm->sem_lock);
  peak = self->shm->sem_peak;
  pthread_mutex_unlock (&self->shm->sem_lock);
  return peak;
}

/* Called with sem_lock held; returns whether a permit was given back. */
static gboolean
sem_release_locked (PxSync *self,
                    guint   worker)
{
  if (!self->shm->sem_holder[worker])
    return FALSE;
  self->shm->sem_holder[worker] = 0;
  self->shm->sem_count++;
  __atomic_add_fetch (&self->shm->sem_generation, 1, __ATOMIC_SEQ_CST);
  return TRUE;
}

void
px_sync_sem_release (PxSync *self,
                     guint   worker)
{
  gboolean released;

  _px_lock_mutex (&self->shm->sem_lock);
  released = sem_release_locked (self, worker);
  pthread_mutex_unlock (&self->shm->sem_lock);

  if (released)
    _px_futex (&self->shm->sem_generation, FUTEX_WAKE, 1, NULL);
}

/* Called with barrier_lock held. */
static void
release_barrier_locked (PxSync *self)
{
  self->shm->barrier_count = 0;
  memset (self->shm->barrier_arrived, 0, sizeof self->shm->barrier_arrived);
  __atomic_add_fetch (&self->shm->barrier_generation, 1, __ATOMIC_SEQ_CST);
  _px_futex (&self->shm->barrier_generation, FUTEX_WAKE, G_MAXINT32, NULL);
}

void
px_sync_barrier_join (PxSync *self,
                      guint   worker)
{
  _px_lock_mutex (&self->shm->barrier_lock);
  if (!self->shm->barrier_member[worker])
    {
      self->shm->barrier_member[worker] = 1;
      self->shm->barrier_parties++;
    }
  pthread_mutex_unlock (&self->shm->barrier_lock);
}

/* A worker that waits for work, or has gone, no longer holds the others
 * back: otherwise a barrier with more parties than busy workers would
 * never open. */
/* Called with barrier_lock held. */
static void
barrier_leave_locked (PxSync *self,
                      guint   worker)
{
  if (self->shm->barrier_member[worker])
    {
      self->shm->barrier_member[worker] = 0;
      self->shm->barrier_parties--;
      /* A worker that arrived and then died no longer counts as arrived. */
      if (self->shm->barrier_arrived[worker])
        {
          self->shm->barrier_arrived[worker] = 0;
          self->shm->barrier_count--;
        }
      if (self->shm->barrier_count > 0 &&
          self->shm->barrier_count >= self->shm->barrier_parties)
        release_barrier_locked (self);
    }
}

void
px_sync_barrier_leave (PxSync *self,
                       guint   worker)
{
  _px_lock_mutex (&self->shm->barrier_lock);
  barrier_leave_locked (self, worker);
  pthread_mutex_unlock (&self->shm->barrier_lock);
}

gint64
px_sync_barrier_arrive (PxSync *self,
                        guint   worker)
{
  gint64 start = g_get_monotonic_time ();
  guint32 generation;

  px_sync_barrier_join (self, worker);

  _px_lock_mutex (&self->shm->barrier_lock);
  generation = self->shm->barrier_generation;
  self->shm->barrier_arrived[worker] = 1;
  self->shm->barrier_count++;
  if (self->shm->barrier_count >= self->shm->barrier_parties)
    {
      release_barrier_locked (self);
      pthread_mutex_unlock (&self->shm->barrier_lock);
      return g_get_monotonic_time () - start;
    }
  pthread_mutex_unlock (&self->shm->barrier_lock);

  while (__atomic_load_n (&self->shm->barrier_generation, __ATOMIC_SEQ_CST) == generation &&
         !px_sync_is_cancelled (self))
    {
      struct timespec timeout = { 0, POLL_NS };
      _px_futex (&self->shm->barrier_generation, FUTEX_WAIT, generation, &timeout);
    }

  return g_get_monotonic_time () - start;
}

guint64
px_sync_get_barrier_generation (PxSync *self)
{
  return __atomic_load_n (&self->shm->barrier_generation, __ATOMIC_SEQ_CST);
}

gint64
px_sync_shared_add (PxSync *self,
                    guint   worker,
                    gint64  delta,
                    gint64 *wait_us)
{
  gint64 start = g_get_monotonic_time ();
  gint64 value;

  _px_lock_mutex (&self->shm->shared_lock);
  if (wait_us)
    *wait_us += g_get_monotonic_time () - start;
  /* @delta may come from a worker process: wrap, as the two's complement
   * hardware does, rather than overflow a signed integer. */
  value = self->shm->shared_value = (gint64)((guint64)self->shm->shared_value + (guint64)delta);
  pthread_mutex_unlock (&self->shm->shared_lock);

  return value;
}

gint64
px_sync_get_shared (PxSync *self)
{
  gint64 value;

  _px_lock_mutex (&self->shm->shared_lock);
  value = self->shm->shared_value;
  pthread_mutex_unlock (&self->shm->shared_lock);
  return value;
}

void
px_sync_cancel (PxSync *self)
{
  __atomic_store_n (&self->shm->cancelled, 1, __ATOMIC_SEQ_CST);
  __atomic_add_fetch (&self->shm->barrier_generation, 1, __ATOMIC_SEQ_CST);
  _px_futex (&self->shm->barrier_generation, FUTEX_WAKE, G_MAXINT32, NULL);
  __atomic_add_fetch (&self->shm->event_generation, 1, __ATOMIC_SEQ_CST);
  _px_futex (&self->shm->event_generation, FUTEX_WAKE, G_MAXINT32, NULL);
  __atomic_add_fetch (&self->shm->cond_seq, 1, __ATOMIC_SEQ_CST);
  _px_futex (&self->shm->cond_seq, FUTEX_WAKE, G_MAXINT32, NULL);
}

gboolean
px_sync_is_cancelled (PxSync *self)
{
  return __atomic_load_n (&self->shm->cancelled, __ATOMIC_RELAXED) != 0;
}

/* Takes a lock a worker process may hold, waiting at most @timeout_us: a
 * worker stopped inside its critical section must not stop its parent,
 * which is the one to end it. */
static gboolean
lock_mutex_within (pthread_mutex_t *mutex,
                   gint64           timeout_us)
{
  struct timespec deadline;
  int r;

  clock_gettime (CLOCK_REALTIME, &deadline);
  deadline.tv_sec += timeout_us / G_USEC_PER_SEC;
  deadline.tv_nsec += (timeout_us % G_USEC_PER_SEC) * 1000;
  if (deadline.tv_nsec >= 1000000000)
    {
      deadline.tv_sec++;
      deadline.tv_nsec -= 1000000000;
    }

  r = pthread_mutex_timedlock (mutex, &deadline);
  if (r == EOWNERDEAD)
    {
      pthread_mutex_consistent (mutex);
      return TRUE;
    }
  return r == 0;
}

/**
 * px_sync_recover_worker:
 * @timeout_us: how long to wait for each lock another worker may hold
 *
 * After a worker process died: gives back the semaphore permit and the
 * barrier place it held, and repairs its live record. The lock itself is
 * repaired by its next locker (robust mutex). Returns %FALSE, having
 * changed nothing, when a lock stayed held (by a stopped worker, say):
 * call it again later, before another worker takes this slot.
 */
gboolean
px_sync_recover_worker (PxSync *self,
                        guint   worker,
                        gint64  timeout_us)
{
  PxWorkerLive *live = &self->shm->live[worker];
  gboolean released;

  if (!lock_mutex_within (&self->shm->sem_lock, timeout_us))
    return FALSE;
  if (!lock_mutex_within (&self->shm->barrier_lock, timeout_us))
    {
      pthread_mutex_unlock (&self->shm->sem_lock);
      return FALSE;
    }
  released = sem_release_locked (self, worker);
  barrier_leave_locked (self, worker);
  pthread_mutex_unlock (&self->shm->barrier_lock);
  pthread_mutex_unlock (&self->shm->sem_lock);
  if (released)
    _px_futex (&self->shm->sem_generation, FUTEX_WAKE, 1, NULL);

  self->shm->lock_holder[worker] = 0;

  /* A worker killed in the middle of a write leaves the sequence odd,
   * which readers would take for a write that never ends. */
  if (__atomic_load_n (&live->seq, __ATOMIC_ACQUIRE) & 1)
    __atomic_add_fetch (&live->seq, 1, __ATOMIC_RELEASE);
  __atomic_store_n (&live->task_start_us, 0, __ATOMIC_RELAXED);
  __atomic_store_n (&live->heartbeat_us, 0, __ATOMIC_RELAXED);
  __atomic_store_n (&live->rss_bytes, 0, __ATOMIC_RELAXED);
  px_live_enter (live, PX_WORKER_IDLE);
  return TRUE;
}

PxWorkerLive *
px_sync_get_live (PxSync *self,
                  guint   worker)
{
  g_return_val_if_fail (worker < PX_MAX_WORKERS, NULL);

  return &self->shm->live[worker];
}

static void
live_write_begin (PxWorkerLive *live)
{
  __atomic_add_fetch (&live->seq, 1, __ATOMIC_RELAXED);
  __atomic_thread_fence (__ATOMIC_RELEASE);
}

static void
live_write_end (PxWorkerLive *live)
{
  __atomic_add_fetch (&live->seq, 1, __ATOMIC_RELEASE);
}

/* A worker (or its replacement) begins: idle from now. */
void
px_live_start (PxWorkerLive *live)
{
  gint64 now = g_get_monotonic_time ();

  __atomic_store_n (&live->task_start_us, 0, __ATOMIC_RELAXED);
  live_write_begin (live);
  if (live->started_us == 0)
    live->started_us = now;
  live->state = PX_WORKER_IDLE;
  live->phase_start_us = now;
  live_write_end (live);
}

void
px_live_enter (PxWorkerLive  *live,
               PxWorkerState  state)
{
  if (live == NULL || live->state == (guint32)state)
    return;
  px_live_enter_at (live, state, g_get_monotonic_time ());
}

/* px_live_enter() at @now, a time the caller has just read: a worker
 * going from one task to the next reads the clock once for both. */
void
px_live_enter_at (PxWorkerLive  *live,
                  PxWorkerState  state,
                  gint64         now)
{
  if (live == NULL || live->state == (guint32)state)
    return;

  live_write_begin (live);
  if (live->phase_start_us > 0 && live->state < PX_WORKER_N_STATES)
    live->time_us[live->state] += now - live->phase_start_us;
  live->state = state;
  live->phase_start_us = now;
  live_write_end (live);
}

/* A worker's state and times as read elsewhere (its beat, from another
 * host), written by its only writer there, the parent. */
void
px_live_store (PxWorkerLive *live,
               guint32       state,
               gint64        phase_start_us,
               const gint64 *time_us)
{
  live_write_begin (live);
  if (live->started_us == 0)
    live->started_us = phase_start_us;
  live->state = state;
  live->phase_start_us = phase_start_us;
  memcpy (live->time_us, time_us, sizeof live->time_us);
  live_write_end (live);
}

/* Cumulative times including the phase under way at @now_us. */
void
px_live_read (PxWorkerLive  *live,
              gint64         now_us,
              PxLiveReading *reading)
{
  PxWorkerLive copy;
  guint32 seq;
  guint tries = 0;
  gint64 give_up = 0;

  /* Bounded: a worker process stopped or killed in the middle of a write
   * must not hold its reader (the window's main loop) for ever. A writer
   * merely preempted gets the processor back (yield) and finishes; after
   * LIVE_READ_WAIT_US the last copy is taken as it is. */
  for (;;)
    {
      seq = __atomic_load_n (&live->seq, __ATOMIC_ACQUIRE);
      memcpy (&copy, live, sizeof copy);
      __atomic_thread_fence (__ATOMIC_ACQUIRE);
      if (!(seq & 1) && seq == __atomic_load_n (&live->seq, __ATOMIC_RELAXED))
        break;
      if (++tries % 64 == 0)
        {
          gint64 now = g_get_monotonic_time ();

          if (give_up == 0)
            give_up = now + LIVE_READ_WAIT_US;
          else if (now > give_up)
            break;
          sched_yield ();
        }
    }

  reading->state = copy.state < PX_WORKER_N_STATES ? copy.state : PX_WORKER_IDLE;
  reading->phase_start_us = copy.phase_start_us;
  memcpy (reading->time_us, copy.time_us, sizeof reading->time_us);
  if (copy.phase_start_us > 0 && now_us > copy.phase_start_us)
    reading->time_us[reading->state] += now_us - copy.phase_start_us;
}

PxGil *
px_gil_new (void)
{
  PxGil *gil = g_new0 (PxGil, 1);

  g_mutex_init (&gil->mutex);
  g_cond_init (&gil->cond);
  return gil;
}

void
px_gil_free (PxGil *gil)
{
  if (gil == NULL)
    return;
  g_mutex_clear (&gil->mutex);
  g_cond_clear (&gil->cond);
  g_free (gil);
}

gint64
px_gil_acquire (PxGil *gil)
{
  gint64 start = g_get_monotonic_time ();
  guint64 ticket;

  g_mutex_lock (&gil->mutex);
  ticket = gil->next_ticket++;
  while (gil->serving != ticket)
    g_cond_wait (&gil->cond, &gil->mutex);
  g_mutex_unlock (&gil->mutex);

  return g_get_monotonic_time () - start;
}

void
px_gil_release (PxGil *gil)
{
  g_mutex_lock (&gil->mutex);
  gil->serving++;
  g_cond_broadcast (&gil->cond);
  g_mutex_unlock (&gil->mutex);
}

gboolean
px_gil_has_waiters (PxGil *gil)
{
  gboolean waiters;

  g_mutex_lock (&gil->mutex);
  waiters = gil->next_ticket > gil->serving + 1;
  g_mutex_unlock (&gil->mutex);
  return waiters;
}
