/* px-loop-executor.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The event loop, asyncio's model: each worker is one thread running a
 * GMainContext of its own, and many tasks at once on it, up to
 * `concurrency` in flight. A task awaits what it waits for: a sleep is
 * a timer, the wait of a mixed task is a timer after its computing,
 * file IO runs on the loop's helper threads (asyncio's to_thread), a
 * request to the run's server (kind=net) awaits its socket in the
 * loop's epoll set, as asyncio's selector does. A cpu task computes on
 * the loop and blocks it, which is the lesson: no other task's timer
 * fires meanwhile.
 *
 * As asyncio's loop, each keeps its timers in a heap and its ready steps
 * in a queue, and wakes for the earliest: a GSource a loop, not one a
 * task, so ten thousand tasks in flight cost a few hundred bytes each
 * and no scan of ten thousand sources a turn.
 *
 * Each loop measures how long it is held, and keeps its busy time, in
 * px-loop-lag.c.
 */

#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "px-loop-private.h"

/* How soon a loop with tasks in flight looks again for tasks that have
 * not arrived yet. */
#define RETRY_US 1000
/* A loop that has its share of the tasks looks again this much later. */
#define SHARE_RETRY_US (50 * 1000)
/* Helper threads for file IO, per loop: asyncio's default executor has
 * min(32, cores + 4). */
#define MAX_HELPERS 8
/* Sockets ready, read from epoll at a time. */
#define MAX_EVENTS 64

static void fill (Loop *loop);

static gboolean
source_dispatch (GSource     *source,
                 GSourceFunc  callback,
                 gpointer     user_data)
{
  return callback (user_data);
}

static GSourceFuncs ready_time_funcs = { NULL, NULL, source_dispatch, NULL, NULL, NULL };

static GSource *
add_source (Loop        *loop,
            GSourceFunc  func)
{
  GSource *source = g_source_new (&ready_time_funcs, sizeof (GSource));

  g_source_set_callback (source, func, loop, NULL);
  g_source_set_ready_time (source, -1);
  g_source_attach (source, loop->context);
  return source;
}

/* Tasks */

/* The loop's state for the graphs: awaiting while tasks are in flight,
 * idle when none is. */
static void
show_waiting (Loop *loop)
{
  guint n = g_hash_table_size (loop->in_flight);

  /* Every task it has awaits the lock (or semaphore): the loop waits on
   * it; otherwise it awaits what its tasks do. */
  px_live_enter (loop->ctx.live, n == 0 ? PX_WORKER_IDLE
                                 : loop->parked < n ? PX_WORKER_IO_WAIT
                                 : loop->signal != NULL ? PX_WORKER_SIGNAL_WAIT
                                 : PX_WORKER_LOCK_WAIT);
  __atomic_store_n (&loop->stats->in_flight, n, __ATOMIC_RELAXED);
  if (n > loop->stats->in_flight_max)
    __atomic_store_n (&loop->stats->in_flight_max, n, __ATOMIC_RELAXED);
}

void
_px_loop_finish (Task *task)
{
  Loop *loop = task->loop;
  PxRunShared *shared = loop->shared;
  gint64 end = g_get_monotonic_time ();
  const char *reason;

  if (task->on_net)
    {
      /* Ended by its deadline or a cancel, or done: the socket closes. */
      if (task->call.connected_us > 0)
        task->out.connect_us = task->call.connected_us - task->call.start_us;
      task->out.net_bytes = task->call.sent + task->call.received;
      px_net_call_clear (&task->call);
      task->on_net = FALSE;
    }
  if (task->heap_index != NOT_IN_HEAP)
    _px_loop_heap_remove (loop, task);
  if (task->holds_permit)
    _px_loop_release_permit (task);
  reason = task->out.reason[0] != '\0' ? task->out.reason : NULL;
  /* File IO counted its own wait on its helper thread. */
  if (task->wait_start_us > 0 && task->status != PX_TASK_CANCELLED)
    task->out.io_wait_us += end - task->wait_start_us;
  if (task->timed_out && task->status == PX_TASK_DONE)
    {
      task->status = PX_TASK_FAILED;
      px_format_task_timeout (task->out.reason, sizeof task->out.reason,
                              shared->spec.task_timeout);
      reason = task->out.reason;
    }
  if (_px_run_shared_complete (shared, loop->index, task->id, task->attempt, task->status,
                               task->start_us, end, &task->out, reason))
    px_queue_finished (shared->queue, 1);
  g_hash_table_remove (loop->in_flight, task);
  task->next_spare = loop->spare;
  loop->spare = task;
  /* One task fewer left: those at the barrier may be all there are. */
  if (loop->barrier != NULL)
    _px_loop_barrier_check (loop->barrier, shared);
}

/* File IO, on a helper thread; the loop hears of its end. */
static void
helper_func (gpointer data,
             gpointer user_data)
{
  Task *task = data;
  Loop *loop = task->loop;
  GSource *helped = loop->helped_source;
  GAsyncQueue *queue = loop->helped;
  PxKernelContext ctx = loop->ctx;

  /* The helper's own context: its thread, and no live state of the
   * loop's to write. */
  ctx.live = NULL;
  px_kernel_context_prepare (&ctx);
  task->status = px_kernel_run (&ctx, task->id, &task->out);
  px_kernel_context_clear (&ctx);
  g_async_queue_push (queue, task);
  g_source_set_ready_time (helped, 0);
  g_source_unref (helped);
}

/* The task awaits a timer of @wait_us, cut at its task-timeout as
 * asyncio.wait_for cuts an await. */
void
_px_loop_await_timer (Task    *task,
                      guint64  wait_us)
{
  Loop *loop = task->loop;
  PxRunShared *shared = loop->shared;

  task->wait_start_us = g_get_monotonic_time ();
  task->due_us = task->wait_start_us + (gint64)wait_us;
  if (shared->spec.task_timeout > 0)
    {
      gint64 deadline = task->start_us + (gint64)(shared->spec.task_timeout * G_USEC_PER_SEC);

      if (deadline < task->due_us)
        {
          task->due_us = MAX (deadline, task->wait_start_us);
          task->timed_out = TRUE;
        }
    }
  _px_loop_heap_push (loop, task);
}

/* A task's first step: it computes (holding the loop), then awaits its
 * timer in the heap, hands its file IO to a helper thread, or awaits a
 * permit. */
static void
step (Task *task)
{
  Loop *loop = task->loop;
  PxRunShared *shared = loop->shared;
  guint64 iterations = 0, wait_us = 0;
  gint64 begun = g_get_monotonic_time ();

  task->started = TRUE;
  /* The task starts when its loop first runs it, as a coroutine does
   * after create_task: until then it waited in the loop's ready queue,
   * which is queue wait, not work. */
  task->start_us = g_get_monotonic_time ();
  if (_px_run_shared_cancelled (shared))
    {
      task->status = PX_TASK_CANCELLED;
      _px_loop_finish (task);
      return;
    }
  if (shared->spec.kind == PX_KIND_FILE_IO)
    {
      task->on_helper = TRUE;
      /* The helper wakes the loop through this; held, so that a loop
       * that ends meanwhile leaves it whole. */
      g_source_ref (loop->helped_source);
      g_thread_pool_push (loop->helpers, task, NULL);
      return;
    }
  if (shared->spec.kind == PX_KIND_NET)
    {
      _px_loop_net_start (task);
      return;
    }
  if (shared->spec.kind == PX_KIND_LOCK)
    {
      _px_loop_lock_step (task);
      return;
    }
  if (shared->spec.kind == PX_KIND_SEMAPHORE)
    {
      _px_loop_semaphore_step (task);
      return;
    }
  if (loop->signal != NULL)
    {
      _px_loop_signal_step (task);
      return;
    }
  if (loop->barrier != NULL)
    {
      _px_loop_barrier_step (task);
      return;
    }
  px_task_split (&shared->spec, shared->iters_per_ms, task->id, &iterations, &wait_us);
  /* Computing holds the loop: nothing else on it runs meanwhile. */
  px_kernel_compute (&loop->ctx, task->id, iterations, &task->out);
  if (iterations > 0)
    _px_loop_check_slow (loop, task, g_get_monotonic_time () - begun);
  if (_px_run_shared_cancelled (shared))
    task->status = PX_TASK_CANCELLED;
  if (wait_us == 0 || task->status != PX_TASK_DONE)
    {
      _px_loop_finish (task);
      return;
    }
  _px_loop_await_timer (task, wait_us);
}

/* A task, cleared: a spare one, or one of a new block. */
static Task *
new_task (Loop *loop)
{
  Task *task;

  if (loop->spare == NULL)
    {
      Task *block = g_new (Task, TASK_BLOCK);

      g_ptr_array_add (loop->task_blocks, block);
      for (guint i = TASK_BLOCK; i > 0; i--)
        {
          block[i - 1].next_spare = loop->spare;
          loop->spare = &block[i - 1];
        }
    }
  task = loop->spare;
  loop->spare = task->next_spare;
  memset (task, 0, sizeof *task);
  return task;
}

/* A task claimed: its first step waits in the ready queue, as asyncio's
 * create_task schedules a coroutine's. */
static void
start_task (Loop    *loop,
            guint32  id)
{
  Task *task = new_task (loop);

  task->loop = loop;
  task->id = id;
  task->attempt = _px_run_shared_next_attempt (loop->shared, id);
  task->start_us = g_get_monotonic_time ();
  task->status = PX_TASK_DONE;
  task->heap_index = NOT_IN_HEAP;
  task->waiter.link.data = task;
  g_hash_table_add (loop->in_flight, task);
  g_queue_push_tail (&loop->ready, task);
}

/* When the loop next has work: now for ready steps or more to claim,
 * else its earliest timer, or its next look at an empty queue. */
static void
schedule_wake (Loop *loop)
{
  gint64 at = -1;

  if (!g_queue_is_empty (&loop->ready) || loop->more)
    at = 0;
  else
    {
      if (loop->heap->len > 0)
        at = ((Task *)g_ptr_array_index (loop->heap, 0))->due_us;
      if (loop->retry_us > 0 && (at < 0 || loop->retry_us < at))
        at = loop->retry_us;
      if (loop->share_look_us > 0 && (at < 0 || loop->share_look_us < at))
        at = loop->share_look_us;
    }
  g_source_set_ready_time (loop->wake, at);
}

/* One turn, as asyncio's _run_once: the timers due end, then the steps
 * ready when the turn began run, then more tasks are claimed. */
static gboolean
wake_cb (gpointer data)
{
  Loop *loop = data;
  gint64 now = g_get_monotonic_time ();
  guint n_ready = g_queue_get_length (&loop->ready);

  while (loop->heap->len > 0 && ((Task *)g_ptr_array_index (loop->heap, 0))->due_us <= now)
    _px_loop_finish (_px_loop_heap_pop (loop));
  for (guint i = 0; i < n_ready; i++)
    step (g_queue_pop_head (&loop->ready));
  if (loop->retry_us > 0 && now >= loop->retry_us)
    loop->retry_us = 0;
  if (loop->share_look_us > 0 && now >= loop->share_look_us)
    loop->share_look_us = 0;
  loop->more = FALSE;
  fill (loop);
  schedule_wake (loop);
  return G_SOURCE_CONTINUE;
}

/* Sockets ready: each request goes on. */
static gboolean
net_cb (gpointer data)
{
  Loop *loop = data;
  struct epoll_event events[MAX_EVENTS];
  int n;

  do
    {
      n = epoll_wait (loop->epfd, events, MAX_EVENTS, 0);
      for (int i = 0; i < n; i++)
        _px_loop_net_advance (events[i].data.ptr);
    }
  while (n == MAX_EVENTS);
  fill (loop);
  schedule_wake (loop);
  return G_SOURCE_CONTINUE;
}

/* Wakes @task's loop to go on with it (task->resume), from any thread:
 * it was given the permit it awaited. */
void
_px_loop_deliver (Task *task)
{
  Loop *loop = task->loop;

  g_async_queue_push (loop->helped, task);
  g_source_set_ready_time (loop->helped_source, 0);
}

static gboolean
helped_cb (gpointer data)
{
  Loop *loop = data;
  Task *task;

  /* Cleared before the queue is read: a helper that ends meanwhile sets
   * it again. */
  g_source_set_ready_time (loop->helped_source, -1);
  while ((task = g_async_queue_try_pop (loop->helped)) != NULL)
    {
      void (*resume) (Task *) = task->resume;

      /* Back from a helper thread, or given a permit it awaited. */
      task->resume = NULL;
      if (resume != NULL)
        resume (task);
      else
        _px_loop_finish (task);
    }
  fill (loop);
  schedule_wake (loop);
  return G_SOURCE_CONTINUE;
}

/* Takes tasks until the loop has as many in flight as it may, a batch a
 * turn (so the other loops claim theirs meanwhile); when the queue has
 * none yet, waits (with nothing in flight) or looks again soon (with
 * tasks to await meanwhile). Quits the loop at the end. */
static void
fill (Loop *loop)
{
  PxRunShared *shared = loop->shared;

  if (!loop->exhausted && loop->retry_us == 0 &&
      g_hash_table_size (loop->in_flight) < loop->limit)
    {
      guint room = MIN (loop->limit - g_hash_table_size (loop->in_flight), MAX_CLAIM);
      guint depth = px_queue_get_depth (shared->queue);
      gboolean idle = g_hash_table_size (loop->in_flight) == 0;
      guint n = 0;
      PxClaim claim;

      /* A loop takes its share of the tasks waiting or in flight on any
       * loop, so that every loop gets tasks, not the first to start all
       * of them; one that has run its share takes more. */
      if (shared->spec.workers > 1 && depth > 0)
        {
          guint total = depth, share, own = g_hash_table_size (loop->in_flight);

          for (guint i = 0; i < shared->spec.workers; i++)
            total += __atomic_load_n (&shared->loop_stats[i].in_flight, __ATOMIC_RELAXED);
          share = (total + shared->spec.workers - 1) / shared->spec.workers;
          room = MIN (room, share > own ? share - own : 0);
        }
      px_live_enter (loop->ctx.live, idle ? PX_WORKER_IDLE : PX_WORKER_IO_WAIT);
      if (room == 0)
        {
          /* Its share is in flight: it takes more as they end, or looks
           * again a moment later, as the other loops' counts it read
           * may have been a moment old (tasks of a minute would wait in
           * the queue that long). */
          loop->more = FALSE;
          if (depth > 0)
            loop->share_look_us = g_get_monotonic_time () + SHARE_RETRY_US;
        }
      else
        {
          /* Waiting for tasks with none in flight, the loop is late for
           * nothing: what its probe was late by so far counts, the wait
           * does not, and its lag is measured again once it has tasks. */
          if (idle && loop->signaller == NULL && loop->probe != NULL &&
              g_get_monotonic_time () > loop->probe_due_us)
            _px_loop_note_lag (loop, g_get_monotonic_time ());
          /* The loop of the setter or producer never blocks on the
           * queue: its timer signals the tasks of the others meanwhile. */
          claim = px_queue_claim (shared->queue, room, loop->ids, &n,
                                  idle && loop->signaller == NULL);
          if (idle && loop->signaller == NULL && loop->probe != NULL)
            _px_loop_restart_probe (loop, g_get_monotonic_time ());
          if (claim == PX_CLAIM_DONE)
            loop->exhausted = TRUE;
          else if (claim == PX_CLAIM_EMPTY)
            loop->retry_us = g_get_monotonic_time () + RETRY_US;
          else
            {
              _px_run_shared_claimed (shared, loop->index, n);
              for (guint i = 0; i < n; i++)
                start_task (loop, loop->ids[i]);
              loop->more = n == room && g_hash_table_size (loop->in_flight) < loop->limit;
            }
        }
    }
  show_waiting (loop);
  if (loop->exhausted && g_hash_table_size (loop->in_flight) == 0)
    {
      gint64 now = g_get_monotonic_time ();

      /* A probe overdue now would have run this late. */
      if (loop->probe != NULL && now > loop->probe_due_us)
        _px_loop_note_lag (loop, now);
      g_main_loop_quit (loop->main_loop);
    }
}

/* The setter's or producer's turn (loop 0), every interval until every
 * task has ended (the loop ends then). */
static gboolean
signaller_cb (gpointer data)
{
  Loop *loop = data;
  gint64 due = g_source_get_ready_time (loop->signaller);

  _px_loop_signal_fire (loop->signal);
  g_source_set_ready_time (loop->signaller,
                           MAX (due, 0) + _px_loop_signal_interval_us (&loop->shared->spec));
  return G_SOURCE_CONTINUE;
}

/* Every task not on a helper thread ends now, as cancelled; file IO on
 * a helper sees the cancel itself and ends soon. */
static gboolean
cancel_cb (gpointer data)
{
  Loop *loop = data;
  Task *task;

  while ((task = g_queue_pop_head (&loop->ready)) != NULL)
    {
      task->status = PX_TASK_CANCELLED;
      _px_loop_finish (task);
    }
  while (loop->heap->len > 0)
    {
      task = _px_loop_heap_pop (loop);
      task->status = PX_TASK_CANCELLED;
      _px_loop_finish (task);
    }
  _px_loop_cancel_parked (loop);
  /* Requests awaiting their sockets, with no deadline in the heap. */
  {
    g_autoptr(GPtrArray) requests = g_ptr_array_new ();
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, loop->in_flight);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      if (((Task *)key)->on_net)
        g_ptr_array_add (requests, key);
    for (guint i = 0; i < requests->len; i++)
      {
        task = g_ptr_array_index (requests, i);
        task->status = PX_TASK_CANCELLED;
        task->timed_out = FALSE;
        _px_loop_finish (task);
      }
  }
  fill (loop);
  schedule_wake (loop);
  return G_SOURCE_REMOVE;
}

static gpointer
loop_thread (gpointer data)
{
  Loop *loop = data;
  PxRunShared *shared = loop->shared;
  PxKernelContext *ctx = &loop->ctx;

  g_main_context_push_thread_default (loop->context);
  ctx->spec = &shared->spec;
  ctx->iters_per_ms = shared->iters_per_ms;
  ctx->sync = shared->sync;
  ctx->worker = loop->index;
  ctx->tmpdir = shared->tmpdir;
  ctx->net_port = shared->net_port;
  ctx->live = px_sync_get_live (shared->sync, loop->index);
  px_live_start (ctx->live);
  _px_run_shared_worker_thread_begin (shared, loop->index);
  px_kernel_context_prepare (ctx);

  loop->wake = add_source (loop, wake_cb);
  loop->helped_source = add_source (loop, helped_cb);
  loop->probe = add_source (loop, _px_loop_probe_cb);
  if (loop->signal != NULL && loop->index == 0)
    {
      loop->signaller = add_source (loop, signaller_cb);
      g_source_set_ready_time (loop->signaller, g_get_monotonic_time () +
                                                _px_loop_signal_interval_us (&shared->spec));
    }
  if (loop->epfd >= 0)
    {
      loop->net_source = add_source (loop, net_cb);
      g_source_add_unix_fd (loop->net_source, loop->epfd, G_IO_IN);
    }
  _px_loop_restart_probe (loop, g_get_monotonic_time ());

  fill (loop);
  schedule_wake (loop);
  if (!(loop->exhausted && g_hash_table_size (loop->in_flight) == 0))
    g_main_loop_run (loop->main_loop);

  g_source_destroy (loop->probe);
  g_clear_pointer (&loop->probe, g_source_unref);
  if (loop->signaller != NULL)
    {
      g_source_destroy (loop->signaller);
      g_clear_pointer (&loop->signaller, g_source_unref);
    }
  /* No probe due: a loop ended is held by nothing. */
  __atomic_store_n (&loop->stats->probe_due_us, 0, __ATOMIC_RELAXED);
  g_source_destroy (loop->wake);
  g_clear_pointer (&loop->wake, g_source_unref);
  g_source_destroy (loop->helped_source);
  g_clear_pointer (&loop->helped_source, g_source_unref);
  if (loop->net_source != NULL)
    {
      g_source_destroy (loop->net_source);
      g_clear_pointer (&loop->net_source, g_source_unref);
    }
  px_live_enter (ctx->live, PX_WORKER_IDLE);
  _px_loop_account (loop, g_get_monotonic_time ());
  _px_run_shared_worker_thread_end (shared, loop->index);
  px_kernel_context_clear (ctx);
  g_main_context_pop_thread_default (loop->context);
  return NULL;
}

static gboolean
loop_executor_run (PxRunShared  *shared,
                   GError      **error)
{
  guint n = shared->spec.workers;
  LoopExec le = { shared, g_new0 (Loop, n), g_new0 (GThread *, n), NULL, NULL, NULL };
  guint started = 0;
  gboolean ok = TRUE;

  shared->executor_data = &le;
  /* asyncio.Lock, or asyncio.Semaphore, shared by every loop's tasks. */
  if (shared->spec.kind == PX_KIND_LOCK || shared->spec.kind == PX_KIND_SEMAPHORE)
    le.sync = _px_loop_sync_new (shared->spec.kind == PX_KIND_LOCK
                                 ? 1 : MAX (shared->spec.semaphore_limit, 1));
  if (shared->spec.kind == PX_KIND_EVENT || shared->spec.kind == PX_KIND_CONDITION)
    le.signal = _px_loop_signal_new (&shared->spec);
  if (shared->spec.kind == PX_KIND_BARRIER)
    le.barrier = _px_loop_barrier_new (&shared->spec);
  for (guint i = 0; i < n; i++)
    {
      Loop *loop = &le.loops[i];

      loop->sync = le.sync;
      loop->signal = le.signal;
      loop->barrier = le.barrier;
      loop->shared = shared;
      loop->index = i;
      loop->context = g_main_context_new ();
      loop->main_loop = g_main_loop_new (loop->context, FALSE);
      loop->in_flight = g_hash_table_new (NULL, NULL);
      loop->task_blocks = g_ptr_array_new_with_free_func (g_free);
      loop->heap = g_ptr_array_new ();
      g_queue_init (&loop->ready);
      loop->helped = g_async_queue_new ();
      loop->limit = shared->spec.concurrency > 0 ? shared->spec.concurrency : G_MAXUINT;
      loop->stats = &shared->loop_stats[i];
      if (shared->spec.kind == PX_KIND_FILE_IO)
        loop->helpers = g_thread_pool_new (helper_func, loop, MAX_HELPERS, FALSE, NULL);
      loop->epfd = -1;
      if (shared->spec.kind == PX_KIND_NET)
        {
          loop->epfd = epoll_create1 (EPOLL_CLOEXEC);
          if (loop->epfd < 0)
            {
              int saved = errno;

              g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                           _("Could not make an event loop's set of sockets: %s"),
                           g_strerror (saved));
              ok = FALSE;
            }
        }
    }
  for (; ok && started < n; started++)
    {
      g_autofree char *name = g_strdup_printf ("px-loop-%u", started);

      le.threads[started] = g_thread_try_new (name, loop_thread, &le.loops[started], error);
      if (le.threads[started] == NULL)
        {
          ok = FALSE;
          px_queue_close (shared->queue);
          break;
        }
    }
  for (guint i = 0; i < started; i++)
    g_thread_join (le.threads[i]);

  g_mutex_lock (&shared->lock);
  shared->executor_data = NULL;
  g_mutex_unlock (&shared->lock);
  for (guint i = 0; i < n; i++)
    {
      Loop *loop = &le.loops[i];

      if (loop->helpers != NULL)
        g_thread_pool_free (loop->helpers, FALSE, TRUE);
      if (loop->epfd >= 0)
        close (loop->epfd);
      g_hash_table_unref (loop->in_flight);
      g_ptr_array_unref (loop->task_blocks);
      g_ptr_array_unref (loop->heap);
      g_async_queue_unref (loop->helped);
      g_main_loop_unref (loop->main_loop);
      g_main_context_unref (loop->context);
    }
  g_free (le.loops);
  g_free (le.threads);
  _px_loop_sync_free (le.sync);
  _px_loop_barrier_free (le.barrier);
  if (le.signal != NULL)
    {
      PxSignalStats stats;

      /* Kept where the run's readers find a signal's figures. */
      _px_loop_signal_get_stats (le.signal, &stats);
      px_sync_set_signal_stats (shared->sync, &stats);
      _px_loop_signal_free (le.signal);
    }
  return ok;
}

/* Every loop ends its awaiting tasks as cancelled, on its own thread. */
static void
loop_executor_cancel (PxRunShared *shared)
{
  LoopExec *le;

  g_mutex_lock (&shared->lock);
  le = shared->executor_data;
  for (guint i = 0; le != NULL && i < shared->spec.workers; i++)
    g_main_context_invoke (le->loops[i].context, cancel_cb, &le->loops[i]);
  g_mutex_unlock (&shared->lock);
}

const PxExecutor px_loop_executor = {
  loop_executor_run,
  loop_executor_cancel,
};
