/* px-loop-sync.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lock and semaphore of tasks on event loops, as asyncio.Lock and
 * asyncio.Semaphore are: a task that finds no permit awaits one, without
 * holding its loop, and the permit goes to the first that waited (FIFO,
 * as asyncio's are fair) when it is given back. Tasks of several loops
 * share one, so the queue is under a mutex; the loop of a task given a
 * permit is woken to go on with it (px-loop-executor.c).
 */

#include "config.h"

#include <math.h>

#include "px-loop-private.h"

struct _PxLoopSync
{
  GMutex mutex;
  guint  permits;
  GQueue waiters;
};

PxLoopSync *
_px_loop_sync_new (guint permits)
{
  PxLoopSync *self = g_new0 (PxLoopSync, 1);

  g_mutex_init (&self->mutex);
  self->permits = permits;
  g_queue_init (&self->waiters);
  return self;
}

void
_px_loop_sync_free (PxLoopSync *self)
{
  if (self == NULL)
    return;
  g_mutex_clear (&self->mutex);
  g_free (self);
}

/**
 * _px_loop_sync_acquire:
 * @waiter: the task's place in the queue; its link's data is the task
 *
 * Returns: %TRUE if the task holds a permit now; %FALSE if it waits in
 *   the queue, to be given one by _px_loop_sync_release()
 */
gboolean
_px_loop_sync_acquire (PxLoopSync   *self,
                       PxLoopWaiter *waiter)
{
  gboolean acquired;

  g_mutex_lock (&self->mutex);
  /* A permit free and nobody before this task: it takes it. */
  acquired = self->permits > 0 && g_queue_is_empty (&self->waiters);
  if (acquired)
    self->permits--;
  else
    {
      g_queue_push_tail_link (&self->waiters, &waiter->link);
      waiter->queued = TRUE;
    }
  g_mutex_unlock (&self->mutex);
  return acquired;
}

/**
 * _px_loop_sync_release:
 *
 * Gives a permit back: to the first task waiting, which holds it from
 * now (its loop must be told), or to the pool.
 *
 * Returns: (nullable): the task now holding the permit
 */
gpointer
_px_loop_sync_release (PxLoopSync *self)
{
  GList *link;

  g_mutex_lock (&self->mutex);
  link = g_queue_pop_head_link (&self->waiters);
  if (link != NULL)
    ((PxLoopWaiter *)link)->queued = FALSE;
  else
    self->permits++;
  g_mutex_unlock (&self->mutex);
  return link != NULL ? link->data : NULL;
}

/**
 * _px_loop_sync_forget:
 *
 * Takes a cancelled task out of the queue.
 *
 * Returns: %FALSE if it was not waiting: it holds a permit, or was just
 *   given one and its loop will hear of it
 */
gboolean
_px_loop_sync_forget (PxLoopSync   *self,
                      PxLoopWaiter *waiter)
{
  gboolean queued;

  g_mutex_lock (&self->mutex);
  queued = waiter->queued;
  if (queued)
    {
      g_queue_unlink (&self->waiters, &waiter->link);
      waiter->queued = FALSE;
    }
  g_mutex_unlock (&self->mutex);
  return queued;
}

/* Gives the task's permit back; the task that waited first gets it, and
 * its loop goes on with it. */
void
_px_loop_release_permit (Task *task)
{
  Task *next;

  task->holds_permit = FALSE;
  next = _px_loop_sync_release (task->loop->sync);
  if (next != NULL)
    _px_loop_deliver (next);
}

/* The task has its permit, now or after awaiting it: its lock wait is
 * the await. FALSE (and the task ended) if the run was cancelled. */
static gboolean
has_permit (Task *task)
{
  task->holds_permit = TRUE;
  if (task->park_us > 0)
    {
      task->out.lock_wait_us += g_get_monotonic_time () - task->park_us;
      task->park_us = 0;
      task->loop->parked--;
    }
  if (_px_run_shared_cancelled (task->loop->shared))
    {
      task->status = PX_TASK_CANCELLED;
      _px_loop_finish (task);
      return FALSE;
    }
  return TRUE;
}

/* Takes a permit, or awaits one: the loop runs other tasks meanwhile,
 * and @then goes on once the task has it. */
static void
acquire (Task  *task,
         void (*then) (Task *task))
{
  task->resume = then;
  if (_px_loop_sync_acquire (task->loop->sync, &task->waiter))
    {
      task->resume = NULL;
      then (task);
    }
  else
    {
      task->park_us = g_get_monotonic_time ();
      task->loop->parked++;
    }
}

/* Computes @iterations on the loop, holding it, on from the task's state. */
static void
compute (Task    *task,
         guint64  iterations)
{
  gint64 begun = g_get_monotonic_time ();

  px_kernel_compute_on (&task->loop->ctx, &task->state, iterations, &task->out);
  if (iterations > 0)
    _px_loop_check_slow (task->loop, task, g_get_monotonic_time () - begun);
}

static void
locked (Task *task)
{
  if (!has_permit (task))
    return;
  /* The critical section computes, holding the loop and the lock. */
  compute (task, task->inside);
  task->out.result ^= task->state;
  _px_loop_release_permit (task);
  _px_loop_finish (task);
}

/* kind=lock on a loop: `async with lock:` around lock-fraction of the
 * task's computing; the rest computes before it. */
void
_px_loop_lock_step (Task *task)
{
  PxRunShared *shared = task->loop->shared;
  guint64 amount = px_task_amount (&shared->spec, shared->iters_per_ms, task->id);

  task->inside = (guint64)llround ((double)amount * shared->spec.lock_fraction);
  task->state = px_task_seed (shared->spec.seed, task->id);
  compute (task, amount - task->inside);
  if (_px_run_shared_cancelled (shared))
    {
      task->status = PX_TASK_CANCELLED;
      _px_loop_finish (task);
      return;
    }
  acquire (task, locked);
}

static void
semaphore_held (Task *task)
{
  PxRunShared *shared = task->loop->shared;

  if (!has_permit (task))
    return;
  /* The section is a wait, as a pool's connection is: its end gives
   * the permit back (_px_loop_finish). */
  _px_loop_await_timer (task, px_task_amount (&shared->spec, shared->iters_per_ms, task->id));
}

/* kind=semaphore on a loop: `async with semaphore:` around an await. */
void
_px_loop_semaphore_step (Task *task)
{
  acquire (task, semaphore_held);
}

/* A cancel: tasks awaiting a permit end as cancelled; one just given its
 * permit goes on when its loop hears of it, and ends then. */
void
_px_loop_cancel_parked (Loop *loop)
{
  g_autoptr(GPtrArray) parked = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  if (loop->sync == NULL)
    return;
  g_hash_table_iter_init (&iter, loop->in_flight);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (((Task *)key)->park_us > 0)
      g_ptr_array_add (parked, key);
  for (guint i = 0; i < parked->len; i++)
    {
      Task *task = g_ptr_array_index (parked, i);

      if (!_px_loop_sync_forget (loop->sync, &task->waiter))
        continue;
      task->park_us = 0;
      loop->parked--;
      task->status = PX_TASK_CANCELLED;
      _px_loop_finish (task);
    }
}
