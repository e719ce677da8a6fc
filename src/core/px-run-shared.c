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

#include <stdarg.h>

#include <glib/gi18n.h>

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

void
_px_run_shared_claimed (PxRunShared *shared,
                        guint        worker,
                        guint        n)
{
  BUMP (&shared->workers[worker].claimed, n);
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
  rec->lock_wait_us = outcome ? (guint32)MIN (outcome->lock_wait_us, G_MAXUINT32) : 0;
  rec->io_wait_us = outcome ? (guint32)MIN (outcome->io_wait_us, G_MAXUINT32) : 0;
  rec->gil_wait_us = outcome ? (guint32)MIN (outcome->gil_wait_us, G_MAXUINT32) : 0;
  rec->ipc_us = outcome ? (guint32)MIN (outcome->ipc_us, G_MAXUINT32) : 0;

  BUMP (&info->busy_us, end_us - start_us);
  if (outcome)
    {
      /* A worker's lock wait counts the GIL too, as its live state does;
       * the task records keep the two apart. */
      BUMP (&info->lock_wait_us, outcome->lock_wait_us + outcome->gil_wait_us);
      BUMP (&info->io_wait_us, outcome->io_wait_us);
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
