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

/* Takes @waiter out of @waiters, under @mutex, if it is still there
 * (and counts it out of @arrived, if given); returns whether it was. */
static gboolean
forget (GMutex       *mutex,
        GQueue       *waiters,
        PxLoopWaiter *waiter,
        guint        *arrived)
{
  gboolean queued;

  g_mutex_lock (mutex);
  queued = waiter->queued;
  if (queued)
    {
      g_queue_unlink (waiters, &waiter->link);
      waiter->queued = FALSE;
      if (arrived != NULL)
        (*arrived)--;
    }
  g_mutex_unlock (mutex);
  return queued;
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
  return forget (&self->mutex, &self->waiters, waiter, NULL);
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

  if (loop->sync == NULL && loop->signal == NULL && loop->barrier == NULL)
    return;
  g_hash_table_iter_init (&iter, loop->in_flight);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (((Task *)key)->park_us > 0)
      g_ptr_array_add (parked, key);
  for (guint i = 0; i < parked->len; i++)
    {
      Task *task = g_ptr_array_index (parked, i);

      if (loop->sync != NULL ? !_px_loop_sync_forget (loop->sync, &task->waiter)
          : loop->signal != NULL ? !_px_loop_signal_forget (loop->signal, &task->waiter)
          : !_px_loop_barrier_forget (loop->barrier, &task->waiter))
        continue;
      task->park_us = 0;
      loop->parked--;
      task->status = PX_TASK_CANCELLED;
      _px_loop_finish (task);
    }
}

/* kind=event and kind=condition on event loops, as asyncio.Event and
 * asyncio.Condition: the setter (or producer) is a coroutine of loop 0
 * that awaits a timer between its signals, the time worker 0 would work
 * between them on threads (event-every × task-ms; task-ms an item); every
 * task awaits the signal, then does its work. It signals until every
 * task has ended. Tasks of several loops wait on one signal, under a
 * mutex; a task woken goes on on its own loop. */
struct _PxLoopSignal
{
  GMutex        mutex;
  PxTaskKind    kind;
  gboolean      clear;
  gboolean      notify_all;
  guint32       generation;
  guint64       items;
  GQueue        waiters;
  PxSignalStats stats;
};

PxLoopSignal *
_px_loop_signal_new (const PxSpec *spec)
{
  PxLoopSignal *self = g_new0 (PxLoopSignal, 1);

  g_mutex_init (&self->mutex);
  self->kind = spec->kind;
  self->clear = spec->event_clear;
  self->notify_all = spec->notify_all;
  g_queue_init (&self->waiters);
  return self;
}

void
_px_loop_signal_free (PxLoopSignal *self)
{
  if (self == NULL)
    return;
  g_mutex_clear (&self->mutex);
  g_free (self);
}

void
_px_loop_signal_get_stats (PxLoopSignal  *self,
                           PxSignalStats *stats)
{
  g_mutex_lock (&self->mutex);
  *stats = self->stats;
  stats->items_left = self->items;
  g_mutex_unlock (&self->mutex);
}

/* The signal's interval: the setter's work between sets, or an item's. */
gint64
_px_loop_signal_interval_us (const PxSpec *spec)
{
  double ms = spec->kind == PX_KIND_EVENT ? spec->event_every * spec->task_ms : spec->task_ms;

  return MAX ((gint64)llround (ms * 1000), 1);
}

/* Called with the mutex held: wakes @task on its loop. */
static void
wake_locked (PxLoopSignal *self,
             GList        *link)
{
  g_queue_unlink (&self->waiters, link);
  ((PxLoopWaiter *)link)->queued = FALSE;
  self->stats.wakeups += self->kind == PX_KIND_CONDITION;
  _px_loop_deliver (link->data);
}

/* The setter's or producer's turn, on loop 0: sets the event (every
 * waiting task goes on) or puts an item and notifies one waiter, or all. */
void
_px_loop_signal_fire (PxLoopSignal *self)
{
  g_mutex_lock (&self->mutex);
  if (self->kind == PX_KIND_EVENT)
    {
      self->generation++;
      self->stats.event_sets++;
      while (self->waiters.head != NULL)
        wake_locked (self, self->waiters.head);
    }
  else
    {
      self->items++;
      self->stats.items++;
      self->stats.notifies++;
      self->stats.items_max = MAX (self->stats.items_max, self->items);
      if (self->notify_all)
        while (self->waiters.head != NULL)
          wake_locked (self, self->waiters.head);
      else if (self->waiters.head != NULL)
        wake_locked (self, self->waiters.head);
    }
  g_mutex_unlock (&self->mutex);
}

static void signalled (Task *task);

/* The task's work, once signalled: computed on the loop, as worker 0's
 * waiters compute on threads. */
static void
run_body (Task *task)
{
  PxRunShared *shared = task->loop->shared;

  if (_px_run_shared_cancelled (shared))
    {
      task->status = PX_TASK_CANCELLED;
      _px_loop_finish (task);
      return;
    }
  task->state = px_task_seed (shared->spec.seed, task->id);
  compute (task, px_task_amount (&shared->spec, shared->iters_per_ms, task->id));
  task->out.result ^= task->state;
  _px_loop_finish (task);
}

/* Whether the task may go on: the event set since it began (or ever, a
 * start gate), or an item there for it to take. Called with the mutex
 * held. */
static gboolean
may_go_locked (PxLoopSignal *self,
               Task         *task)
{
  if (self->kind == PX_KIND_EVENT)
    return self->clear ? self->generation != task->seen : self->stats.event_sets > 0;
  if (self->items == 0)
    return FALSE;
  self->items--;
  return TRUE;
}

/* Goes on, or awaits the signal without holding the loop. */
static void
await_signal (Task *task)
{
  PxLoopSignal *self = task->loop->signal;
  gboolean go;

  g_mutex_lock (&self->mutex);
  go = may_go_locked (self, task) || _px_run_shared_cancelled (task->loop->shared);
  if (!go)
    {
      task->resume = signalled;
      g_queue_push_tail_link (&self->waiters, &task->waiter.link);
      task->waiter.queued = TRUE;
      if (task->park_us == 0)
        {
          task->park_us = g_get_monotonic_time ();
          task->loop->parked++;
          self->stats.event_waits += self->kind == PX_KIND_EVENT;
        }
    }
  else if (self->kind == PX_KIND_EVENT)
    task->seen = self->generation;
  g_mutex_unlock (&self->mutex);
  if (go)
    {
      if (task->park_us > 0)
        {
          task->out.signal_wait_us += g_get_monotonic_time () - task->park_us;
          task->park_us = 0;
          task->loop->parked--;
        }
      run_body (task);
    }
}

/* Woken: the event was set, or an item notified, which another task may
 * have taken first (a futile wakeup: it awaits again). */
static void
signalled (Task *task)
{
  PxLoopSignal *self = task->loop->signal;

  if (self->kind == PX_KIND_CONDITION)
    {
      g_mutex_lock (&self->mutex);
      if (self->items == 0 && !_px_run_shared_cancelled (task->loop->shared))
        self->stats.futile_wakeups++;
      g_mutex_unlock (&self->mutex);
    }
  await_signal (task);
}

/* kind=event or kind=condition on a loop: the task awaits the signal. */
void
_px_loop_signal_step (Task *task)
{
  PxLoopSignal *self = task->loop->signal;

  g_mutex_lock (&self->mutex);
  /* A go signal counts from when the task began. */
  task->seen = self->generation;
  g_mutex_unlock (&self->mutex);
  await_signal (task);
}

/* A cancel: takes @task out of the signal's waiters; FALSE if it was
 * woken already and its loop will hear of it. */
gboolean
_px_loop_signal_forget (PxLoopSignal *self,
                        PxLoopWaiter *waiter)
{
  return forget (&self->mutex, &self->waiters, waiter, NULL);
}

/* kind=barrier on event loops, as asyncio.Barrier: every task computes,
 * then awaits the others at the barrier, without holding its loop; the
 * parties are the tasks in flight (concurrency on each loop, or every
 * task when it is unlimited), fewer once fewer tasks are left, so the
 * last ones never wait for tasks that will not come. */
struct _PxLoopBarrier
{
  GMutex  mutex;
  guint   parties;
  guint   arrived;
  GQueue  waiters;
};

PxLoopBarrier *
_px_loop_barrier_new (const PxSpec *spec)
{
  PxLoopBarrier *self = g_new0 (PxLoopBarrier, 1);

  g_mutex_init (&self->mutex);
  self->parties = spec->concurrency > 0 ? spec->concurrency * spec->workers : spec->tasks;
  self->parties = MAX (self->parties, 1);
  g_queue_init (&self->waiters);
  return self;
}

void
_px_loop_barrier_free (PxLoopBarrier *self)
{
  if (self == NULL)
    return;
  g_mutex_clear (&self->mutex);
  g_free (self);
}

static void
passed (Task *task)
{
  if (task->park_us > 0)
    {
      /* Waiting at the barrier is lock wait, as on threads. */
      task->out.lock_wait_us += g_get_monotonic_time () - task->park_us;
      task->park_us = 0;
      task->loop->parked--;
    }
  if (_px_run_shared_cancelled (task->loop->shared))
    task->status = PX_TASK_CANCELLED;
  _px_loop_finish (task);
}

/* Called with the mutex held: opens the barrier when everyone expected
 * has arrived; returns whether it did. */
static gboolean
open_locked (PxLoopBarrier *self,
             PxRunShared   *shared)
{
  guint finished = px_queue_get_finished (shared->queue);
  guint left = shared->spec.tasks > finished ? shared->spec.tasks - finished : 0;

  if (self->arrived == 0 || self->arrived < MIN (self->parties, left))
    return FALSE;
  while (self->waiters.head != NULL)
    {
      GList *link = self->waiters.head;

      g_queue_unlink (&self->waiters, link);
      ((PxLoopWaiter *)link)->queued = FALSE;
      ((Task *)link->data)->resume = passed;
      _px_loop_deliver (link->data);
    }
  self->arrived = 0;
  return TRUE;
}

/* A task ended: fewer are left, and those waiting may be all. */
void
_px_loop_barrier_check (PxLoopBarrier *self,
                        PxRunShared   *shared)
{
  g_mutex_lock (&self->mutex);
  open_locked (self, shared);
  g_mutex_unlock (&self->mutex);
}

void
_px_loop_barrier_step (Task *task)
{
  Loop *loop = task->loop;
  PxRunShared *shared = loop->shared;
  PxLoopBarrier *self = loop->barrier;
  gboolean opened;

  task->state = px_task_seed (shared->spec.seed, task->id);
  compute (task, px_task_amount (&shared->spec, shared->iters_per_ms, task->id));
  task->out.result ^= task->state;

  g_mutex_lock (&self->mutex);
  self->arrived++;
  opened = open_locked (self, shared);
  if (!opened)
    {
      g_queue_push_tail_link (&self->waiters, &task->waiter.link);
      task->waiter.queued = TRUE;
      task->park_us = g_get_monotonic_time ();
      loop->parked++;
    }
  g_mutex_unlock (&self->mutex);
  if (opened)
    passed (task);
}

/* A cancel: takes @task out of those waiting at the barrier. */
gboolean
_px_loop_barrier_forget (PxLoopBarrier *self,
                         PxLoopWaiter  *waiter)
{
  return forget (&self->mutex, &self->waiters, waiter, &self->arrived);
}
