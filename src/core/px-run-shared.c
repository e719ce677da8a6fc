/* px-run-shared.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the executors call while a run goes on: claiming tasks, handing
 * them back, recording how each attempt ended (retrying it or not), the
 * run's events, and cancelling from inside. Every per-worker counter
 * has one writer, the thread that runs the worker; readers (the
 * sampler, the window) read them atomically and never stop it.
 */

#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "px-job.h"
#include "px-run-private.h"

gboolean
_px_run_shared_cancelled (PxRunShared *shared)
{
  return g_atomic_int_get (&shared->cancel_requested) != 0;
}

/* Stops the run from inside, as a cancel does: an executor that cannot
 * go on calls it. */
void
_px_run_shared_fail (PxRunShared *shared)
{
  g_atomic_int_set (&shared->cancel_requested, 1);
  px_sync_cancel (shared->sync);
  px_queue_close (shared->queue);
}

guint
_px_run_shared_next_attempt (PxRunShared *shared,
                             guint32      task_id)
{
  /* Counted by the parent: nothing a worker reports can reset it. */
  return shared->records[task_id].tries;
}

void
_px_run_shared_event (PxRunShared *shared,
                      const char  *format,
                      ...)
{
  va_list args;
  char *text;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  g_mutex_lock (&shared->lock);
  g_ptr_array_add (shared->events, text);
  g_mutex_unlock (&shared->lock);
}

/* A counter with one writer: a plain load and store, atomic only so that
 * readers never see a torn value. */
#define BUMP(slot, delta) \
  __atomic_store_n ((slot), __atomic_load_n ((slot), __ATOMIC_RELAXED) + (delta), __ATOMIC_RELAXED)

/* The most tasks a chunk holds: chunk-size, or for chunk-size=auto the
 * chunks of Python's Pool.map (the tasks in four chunks a worker,
 * rounded up), at most AUTO_CHUNK_MAX. Larger chunks save nothing more:
 * handing one out costs a few microseconds, while a chunk's frames and
 * the bookkeeping of its tasks in flight stop fitting in the caches
 * (measured on a million empty tasks: chunks of 100000 ran 1.7 times
 * slower than chunks of 2048). */
#define AUTO_CHUNK_MAX 2048

guint
_px_run_shared_chunk_max (const PxSpec *spec)
{
  guint workers = MAX (spec->workers, 1);

  if (spec->chunk_size != PX_CHUNK_SIZE_AUTO)
    return spec->chunk_size;
  return CLAMP ((spec->tasks + 4 * workers - 1) / (4 * workers), 1, AUTO_CHUNK_MAX);
}

/* How many tasks to claim now. chunk-size=auto schedules as OpenMP's
 * "guided" does: each chunk a share of the tasks still to hand out (half
 * of an even share a worker), at most Pool.map's chunk, so chunks are
 * large while much remains, cost little to hand out, and shrink to
 * single tasks at the end, where they let workers finish together. */
guint
_px_run_shared_chunk (PxRunShared *shared)
{
  const PxSpec *spec = &shared->spec;
  guint workers = MAX (spec->workers, 1);
  guint produced, remaining;

  if (spec->chunk_size != PX_CHUNK_SIZE_AUTO)
    return spec->chunk_size;
  produced = px_queue_get_produced (shared->queue);
  remaining = px_queue_get_depth (shared->queue) + (spec->tasks - MIN (produced, spec->tasks));
  return CLAMP ((remaining + 2 * workers - 1) / (2 * workers), 1,
                _px_run_shared_chunk_max (spec));
}

void
_px_run_shared_claimed (PxRunShared *shared,
                        guint        worker,
                        guint        n)
{
  PxWorkerInfo *info = &shared->workers[worker];

  BUMP (&info->claimed, n);
  if (n == 0)
    return;
  /* Written by this worker's one writer; read as a whole after the run. */
  info->chunk_min = info->chunks == 0 ? n : MIN (info->chunk_min, n);
  info->chunk_max = MAX (info->chunk_max, n);
  BUMP (&info->chunks, 1);
}

/* Hands back a task @worker claimed and never began: it returns to the
 * queue without counting as an attempt. */
void
_px_run_shared_unclaim (PxRunShared *shared,
                        guint        worker,
                        guint32      task_id)
{
  BUMP (&shared->workers[worker].claimed, -1);
  px_queue_retry (shared->queue, task_id);
}

/* Keeps task @task_id's rarer waits. The memory is touched, even read,
 * only where a wait is not zero or a retry may overwrite an earlier
 * attempt's: a run that has none of them costs nothing for them, not
 * even a page fault. */
void
_px_run_shared_set_waits (PxRunShared *shared,
                          guint        task_id,
                          gint64       lock_wait_us,
                          gint64       gil_wait_us,
                          gint64       signal_wait_us)
{
  PxTaskWaits *w = &shared->waits[task_id];
  PxTaskWaits v = {
    .lock_wait_us = (guint32)CLAMP (lock_wait_us, 0, G_MAXUINT32),
    .gil_wait_us = (guint32)CLAMP (gil_wait_us, 0, G_MAXUINT32),
    .signal_wait_us = (guint32)CLAMP (signal_wait_us, 0, G_MAXUINT32),
  };

  if ((v.lock_wait_us | v.gil_wait_us | v.signal_wait_us) != 0 ||
      (shared->records[task_id].attempt > 0 &&
       (w->lock_wait_us | w->gil_wait_us | w->signal_wait_us) != 0))
    {
      *w = v;
      if (!__atomic_load_n (&shared->has_waits, __ATOMIC_RELAXED))
        __atomic_store_n (&shared->has_waits, TRUE, __ATOMIC_RELEASE);
    }
}

/* Records how an attempt ended. Returns %TRUE if the task has ended for
 * good (the caller tells the queue, in batches); %FALSE if it was queued
 * to be tried again. Called by the one thread that writes @worker. */
gboolean
_px_run_shared_complete (PxRunShared         *shared,
                         guint                worker,
                         guint32              task_id,
                         guint                attempt,
                         PxTaskStatus         status,
                         gint64               start_us,
                         gint64               end_us,
                         const PxTaskOutcome *outcome,
                         const char          *reason)
{
  PxTaskRecord *rec = &shared->records[task_id];
  PxWorkerInfo *info = &shared->workers[worker];

  if (status == PX_TASK_DONE && px_kind_is_compute (shared->spec.kind) &&
      outcome->result != px_task_expected_result (&shared->spec, shared->iters_per_ms, task_id))
    {
      status = PX_TASK_FAILED;
      reason = "wrong result";
    }

  if (shared->burst)
    rec->enqueue_us = shared->t0;
  rec->worker = worker;
  rec->attempt = MIN (attempt, G_MAXUINT8);
  rec->tries = MIN (attempt + 1, G_MAXUINT8);
  rec->start_us = start_us;
  rec->end_us = end_us;
  rec->io_wait_us = outcome ? (guint32)MIN (outcome->io_wait_us, G_MAXUINT32) : 0;
  rec->ipc_us = outcome ? (guint32)MIN (outcome->ipc_us, G_MAXUINT32) : 0;
  _px_run_shared_set_waits (shared, task_id,
                            outcome ? outcome->lock_wait_us : 0,
                            outcome ? outcome->gil_wait_us : 0,
                            outcome ? outcome->signal_wait_us : 0);

  /* An event loop's tasks overlap: it accounts for its own time (busy
   * while it has tasks in flight), not the sum of theirs. */
  if (shared->spec.executor != PX_EXECUTOR_EVENT_LOOP)
    BUMP (&info->busy_us, end_us - start_us);
  if (outcome && shared->net_connect_us != NULL)
    {
      shared->net_connect_us[task_id] = (guint32)CLAMP (outcome->connect_us, 0, G_MAXUINT32);
      __atomic_add_fetch (&shared->net_bytes, outcome->net_bytes, __ATOMIC_RELAXED);
    }
  if (outcome && shared->spec.executor != PX_EXECUTOR_EVENT_LOOP)
    {
      /* A worker's lock wait counts the GIL too, as its live state does;
       * the task records keep the two apart. */
      BUMP (&info->lock_wait_us, outcome->lock_wait_us + outcome->gil_wait_us);
      BUMP (&info->io_wait_us, outcome->io_wait_us);
      BUMP (&info->signal_wait_us, outcome->signal_wait_us);
    }

  if (status == PX_TASK_FAILED || (status == PX_TASK_CANCELLED && reason != NULL))
    {
      g_mutex_lock (&shared->lock);
      g_hash_table_replace (shared->reasons, GUINT_TO_POINTER (task_id),
                            g_strdup (reason ? reason : _("failed")));
      g_mutex_unlock (&shared->lock);
    }

  if (status == PX_TASK_FAILED && attempt < shared->spec.retries &&
      !_px_run_shared_cancelled (shared))
    {
      rec->status = PX_TASK_PENDING;
      BUMP (&info->tasks_retried, 1);
      px_queue_retry (shared->queue, task_id);
      return FALSE;
    }

  rec->status = status;
  switch (status)
    {
    case PX_TASK_DONE:
      BUMP (&info->tasks_done, 1);
      break;
    case PX_TASK_FAILED:
      BUMP (&info->tasks_failed, 1);
      break;
    case PX_TASK_CANCELLED:
    case PX_TASK_PENDING:
    default:
      rec->status = PX_TASK_CANCELLED;
      BUMP (&info->tasks_cancelled, 1);
      break;
    }

  return TRUE;
}

/* This thread's CPU time so far, in ns. */
guint64
_px_thread_cpu_ns (void)
{
  guint64 ns = 0;

  px_clock_read_ns (CLOCK_THREAD_CPUTIME_ID, &ns);
  return ns;
}

/* The calling thread becomes worker @index: its ids, and its CPU clock
 * for the sampler, counted from now (GLib may hand over a thread that
 * already ran). */
void
_px_run_shared_worker_thread_begin (PxRunShared *shared,
                                    guint        index)
{
  PxWorkerInfo *info = &shared->workers[index];
  clockid_t clock;

  info->pid = getpid ();
  __atomic_store_n (&info->tid, gettid (), __ATOMIC_RELAXED);
  info->cpu_ns_origin = _px_thread_cpu_ns ();
  if (pthread_getcpuclockid (pthread_self (), &clock) == 0)
    {
      info->cpu_clock = clock;
      __atomic_store_n (&info->has_clock, TRUE, __ATOMIC_RELEASE);
    }
}

/* Worker @index's thread ends: its CPU time is kept, its clock goes. */
void
_px_run_shared_worker_thread_end (PxRunShared *shared,
                                  guint        index)
{
  PxWorkerInfo *info = &shared->workers[index];

  __atomic_store_n (&info->cpu_ns_last, _px_thread_cpu_ns () - info->cpu_ns_origin,
                    __ATOMIC_RELAXED);
  __atomic_store_n (&info->has_clock, FALSE, __ATOMIC_RELEASE);
}
