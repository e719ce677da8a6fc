/* px-loop-executor.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The event loop, asyncio's model: each worker is one thread running a
 * GMainContext of its own, and many tasks at once on it, up to
 * `concurrency` in flight. A task awaits what it waits for: a sleep is
 * a timer, the wait of a mixed task is a timer after its computing,
 * file IO runs on the loop's helper threads (asyncio's to_thread). A
 * cpu task computes on the loop and blocks it, which is the lesson: no
 * other task's timer fires meanwhile.
 *
 * Each loop measures its lag: a probe due every LAG_INTERVAL_US notes
 * how late it ran, which is how long the loop was held. A task that
 * holds its loop longer than slow-callback-ms is a slow callback, as in
 * asyncio's debug mode: counted, and listed among the run's events with
 * the task that did it.
 */

#include "config.h"

#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "px-run-private.h"

/* How often each loop's lag is probed. */
#define LAG_INTERVAL_US (10 * 1000)
/* How soon a loop with tasks in flight looks again for tasks that have
 * not arrived yet. */
#define RETRY_US 1000
/* Tasks claimed at a time, at most. */
#define MAX_CLAIM 256
/* Helper threads for file IO, per loop: asyncio's default executor has
 * min(32, cores + 4). */
#define MAX_HELPERS 8
/* Slow callbacks listed among the run's events, per loop. */
#define MAX_SLOW_LISTED 10

typedef struct _Loop Loop;

/* A task in flight: the timer it awaits, or the helper thread's work. */
typedef struct
{
  GSource        source;
  Loop          *loop;
  guint32        id;
  guint          attempt;
  gint64         start_us;
  gint64         wait_start_us;
  /* FALSE until its first step ran on the loop, as a coroutine's does
   * after create_task; then it awaits. */
  gboolean       started;
  /* Its await was cut at task-timeout, as asyncio.wait_for cuts one. */
  gboolean       timed_out;
  PxTaskStatus   status;
  PxTaskOutcome  out;
} Task;

struct _Loop
{
  PxRunShared     *shared;
  guint            index;
  GMainContext    *context;
  GMainLoop       *main_loop;
  PxKernelContext  ctx;
  GThreadPool     *helpers;
  /* Tasks in flight, each a Task's source. */
  GHashTable      *in_flight;
  guint            limit;
  gboolean         exhausted;
  guint32          ids[MAX_CLAIM];
  GSource         *retry;
  GSource         *probe;
  gint64           probe_due_us;
  PxLoopStats     *stats;
};

typedef struct
{
  PxRunShared *shared;
  Loop        *loops;
  GThread    **threads;
} LoopExec;

static void fill (Loop *loop);
static void note_lag (Loop   *loop,
                      gint64  now);

static gboolean
task_dispatch (GSource     *source,
               GSourceFunc  callback,
               gpointer     user_data)
{
  return callback (user_data);
}

static GSourceFuncs task_funcs = { NULL, NULL, task_dispatch, NULL, NULL, NULL };

/* The loop's state for the graphs: awaiting while tasks are in flight,
 * idle when none is. */
static void
show_waiting (Loop *loop)
{
  guint n = g_hash_table_size (loop->in_flight);

  px_live_enter (loop->ctx.live, n > 0 ? PX_WORKER_IO_WAIT : PX_WORKER_IDLE);
  __atomic_store_n (&loop->stats->in_flight, n, __ATOMIC_RELAXED);
  if (n > loop->stats->in_flight_max)
    __atomic_store_n (&loop->stats->in_flight_max, n, __ATOMIC_RELAXED);
}

static void
finish (Task *task)
{
  Loop *loop = task->loop;
  PxRunShared *shared = loop->shared;
  gint64 end = g_get_monotonic_time ();
  const char *reason = task->out.reason[0] != '\0' ? task->out.reason : NULL;

  if (_px_run_shared_complete (shared, loop->index, task->id, task->attempt, task->status,
                               task->start_us, end, &task->out, reason))
    px_queue_finished (shared->queue, 1);
  g_hash_table_remove (loop->in_flight, task);
  g_source_destroy (&task->source);
  g_source_unref (&task->source);
}

/* File IO, on a helper thread; the loop hears of its end. */
static void
helper_func (gpointer data,
             gpointer user_data)
{
  Task *task = data;
  Loop *loop = task->loop;
  PxKernelContext ctx = loop->ctx;

  /* The helper's own context: its thread, and no live state of the
   * loop's to write. */
  ctx.live = NULL;
  px_kernel_context_prepare (&ctx);
  task->status = px_kernel_run (&ctx, task->id, &task->out);
  px_kernel_context_clear (&ctx);
  g_source_set_ready_time (&task->source, 0);
}

/* Whether the task held its loop too long: a slow callback, counted and
 * told with the task that did it. */
static void
check_slow (Loop   *loop,
            Task   *task,
            gint64  held_us)
{
  guint n;

  if (held_us < loop->shared->spec.slow_callback_ms * 1000)
    return;
  n = __atomic_add_fetch (&loop->stats->slow_callbacks, 1, __ATOMIC_RELAXED);
  /* The first few, as asyncio's debug mode logs them; then a count. */
  if (n <= MAX_SLOW_LISTED)
    _px_run_shared_event (loop->shared,
                          _("loop %u: task %u held the loop for %.0f ms (slow callback)"),
                          loop->index, task->id, held_us / 1000.0);
  if (n == MAX_SLOW_LISTED)
    _px_run_shared_event (loop->shared,
                          _("loop %u: later slow callbacks are counted, not listed"), loop->index);
}

/* A task's first step: it computes (holding the loop), then awaits a
 * timer, or hands its file IO to a helper thread. FALSE when it ended
 * already. */
static gboolean
step (Task *task)
{
  Loop *loop = task->loop;
  PxRunShared *shared = loop->shared;
  guint64 iterations = 0, wait_us = 0;
  gint64 begun = g_get_monotonic_time ();

  task->started = TRUE;
  if (_px_run_shared_cancelled (shared))
    {
      task->status = PX_TASK_CANCELLED;
      return FALSE;
    }
  if (shared->spec.kind == PX_KIND_FILE_IO)
    {
      g_source_set_ready_time (&task->source, -1);
      g_thread_pool_push (loop->helpers, task, NULL);
      return TRUE;
    }
  px_task_split (&shared->spec, shared->iters_per_ms, task->id, &iterations, &wait_us);
  /* Computing holds the loop: nothing else on it runs meanwhile. */
  px_kernel_compute (&loop->ctx, task->id, iterations, &task->out);
  if (iterations > 0)
    check_slow (loop, task, g_get_monotonic_time () - begun);
  if (_px_run_shared_cancelled (shared))
    task->status = PX_TASK_CANCELLED;
  if (wait_us == 0 || task->status != PX_TASK_DONE)
    return FALSE;
  task->wait_start_us = g_get_monotonic_time ();
  {
    gint64 due = task->wait_start_us + (gint64)wait_us;

    if (shared->spec.task_timeout > 0)
      {
        gint64 deadline = task->start_us + (gint64)(shared->spec.task_timeout * G_USEC_PER_SEC);

        if (deadline < due)
          {
            due = MAX (deadline, task->wait_start_us);
            task->timed_out = TRUE;
          }
      }
    g_source_set_ready_time (&task->source, due);
  }
  return TRUE;
}

static gboolean
task_cb (gpointer data)
{
  Task *task = data;
  Loop *loop = task->loop;

  if (!task->started && step (task))
    {
      show_waiting (loop);
      return G_SOURCE_CONTINUE;
    }
  /* File IO counted its own wait on its helper thread. */
  if (task->wait_start_us > 0)
    task->out.io_wait_us += g_get_monotonic_time () - task->wait_start_us;
  if (task->timed_out && task->status == PX_TASK_DONE)
    {
      task->status = PX_TASK_FAILED;
      px_format_task_timeout (task->out.reason, sizeof task->out.reason,
                              loop->shared->spec.task_timeout);
    }
  finish (task);
  show_waiting (loop);
  fill (loop);
  return G_SOURCE_REMOVE;
}

/* A task claimed: its first step is scheduled on the loop, ready now,
 * as asyncio's create_task schedules a coroutine's. */
static void
start_task (Loop    *loop,
            guint32  id)
{
  Task *task = (Task *)g_source_new (&task_funcs, sizeof (Task));

  task->loop = loop;
  task->id = id;
  task->attempt = _px_run_shared_next_attempt (loop->shared, id);
  task->start_us = g_get_monotonic_time ();
  task->status = PX_TASK_DONE;
  memset (&task->out, 0, sizeof task->out);
  g_source_set_callback (&task->source, task_cb, task, NULL);
  g_source_set_ready_time (&task->source, 0);
  g_hash_table_add (loop->in_flight, task);
  g_source_attach (&task->source, loop->context);
}

static gboolean
retry_cb (gpointer data)
{
  Loop *loop = data;

  g_clear_pointer (&loop->retry, g_source_unref);
  fill (loop);
  return G_SOURCE_REMOVE;
}

/* Takes tasks until the loop has as many in flight as it may; when the
 * queue has none yet, waits (with nothing in flight) or looks again
 * soon (with tasks to await meanwhile). Quits the loop at the end. */
static void
fill (Loop *loop)
{
  PxRunShared *shared = loop->shared;

  while (!loop->exhausted && g_hash_table_size (loop->in_flight) < loop->limit &&
         loop->retry == NULL)
    {
      guint room = MIN (loop->limit - g_hash_table_size (loop->in_flight), MAX_CLAIM);
      gboolean idle = g_hash_table_size (loop->in_flight) == 0;
      guint n = 0;
      PxClaim claim;

      px_live_enter (loop->ctx.live, idle ? PX_WORKER_IDLE : PX_WORKER_IO_WAIT);
      claim = px_queue_claim (shared->queue, room, loop->ids, &n, idle);
      if (claim == PX_CLAIM_DONE)
        {
          loop->exhausted = TRUE;
          break;
        }
      if (claim == PX_CLAIM_EMPTY)
        {
          loop->retry = g_timeout_source_new (RETRY_US / 1000);
          g_source_set_callback (loop->retry, retry_cb, loop, NULL);
          g_source_attach (loop->retry, loop->context);
          break;
        }
      _px_run_shared_claimed (shared, loop->index, n);
      for (guint i = 0; i < n; i++)
        start_task (loop, loop->ids[i]);
      /* A batch at a time: the other loops claim theirs meanwhile, and
       * this one takes more on its next turn. */
      if (n == MAX_CLAIM && g_hash_table_size (loop->in_flight) < loop->limit)
        {
          loop->retry = g_timeout_source_new (0);
          g_source_set_callback (loop->retry, retry_cb, loop, NULL);
          g_source_attach (loop->retry, loop->context);
          break;
        }
    }
  show_waiting (loop);
  if (loop->exhausted && g_hash_table_size (loop->in_flight) == 0)
    {
      gint64 now = g_get_monotonic_time ();

      /* A probe overdue now would have run this late. */
      if (loop->probe != NULL && now > loop->probe_due_us)
        note_lag (loop, now);
      g_main_loop_quit (loop->main_loop);
    }
}

/* How late the probe runs (or would run, at the end) is how long the
 * loop was held. */
static void
note_lag (Loop   *loop,
          gint64  now)
{
  gint64 lag = MAX (now - loop->probe_due_us, 0);
  PxLoopStats *stats = loop->stats;

  __atomic_store_n (&stats->lag_us, lag, __ATOMIC_RELAXED);
  if (lag > __atomic_load_n (&stats->lag_max_us, __ATOMIC_RELAXED))
    __atomic_store_n (&stats->lag_max_us, lag, __ATOMIC_RELAXED);
  __atomic_add_fetch (&stats->lag_sum_us, lag, __ATOMIC_RELAXED);
  __atomic_add_fetch (&stats->probes, 1, __ATOMIC_RELAXED);
}

static gboolean
probe_cb (gpointer data)
{
  Loop *loop = data;
  gint64 now = g_get_monotonic_time ();

  note_lag (loop, now);
  loop->probe_due_us = now + LAG_INTERVAL_US;
  g_source_set_ready_time (loop->probe, loop->probe_due_us);
  return G_SOURCE_CONTINUE;
}

static gboolean
cancel_cb (gpointer data)
{
  Loop *loop = data;
  guint n = 0;
  g_autofree gpointer *tasks = g_hash_table_get_keys_as_array (loop->in_flight, &n);

  /* Tasks awaiting a timer end now, as cancelled; file IO on a helper
   * sees the cancel itself and ends soon. */
  for (guint i = 0; i < n; i++)
    {
      Task *task = tasks[i];

      if (g_source_get_ready_time (&task->source) >= 0 &&
          !(task->started && loop->shared->spec.kind == PX_KIND_FILE_IO))
        {
          task->status = PX_TASK_CANCELLED;
          finish (task);
        }
    }
  fill (loop);
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
  ctx->live = px_sync_get_live (shared->sync, loop->index);
  px_live_start (ctx->live);
  _px_run_shared_worker_thread_begin (shared, loop->index);
  px_kernel_context_prepare (ctx);

  loop->probe = g_source_new (&task_funcs, sizeof (GSource));
  g_source_set_callback (loop->probe, probe_cb, loop, NULL);
  loop->probe_due_us = g_get_monotonic_time () + LAG_INTERVAL_US;
  g_source_set_ready_time (loop->probe, loop->probe_due_us);
  g_source_attach (loop->probe, loop->context);

  fill (loop);
  if (!(loop->exhausted && g_hash_table_size (loop->in_flight) == 0))
    g_main_loop_run (loop->main_loop);

  g_source_destroy (loop->probe);
  g_clear_pointer (&loop->probe, g_source_unref);
  if (loop->retry != NULL)
    g_source_destroy (loop->retry);
  g_clear_pointer (&loop->retry, g_source_unref);
  px_live_enter (ctx->live, PX_WORKER_IDLE);
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
  LoopExec le = { shared, g_new0 (Loop, n), g_new0 (GThread *, n) };
  guint started = 0;
  gboolean ok = TRUE;

  shared->executor_data = &le;
  for (guint i = 0; i < n; i++)
    {
      Loop *loop = &le.loops[i];

      loop->shared = shared;
      loop->index = i;
      loop->context = g_main_context_new ();
      loop->main_loop = g_main_loop_new (loop->context, FALSE);
      loop->in_flight = g_hash_table_new (NULL, NULL);
      loop->limit = shared->spec.concurrency > 0 ? shared->spec.concurrency : G_MAXUINT;
      loop->stats = &shared->loop_stats[i];
      if (shared->spec.kind == PX_KIND_FILE_IO)
        loop->helpers = g_thread_pool_new (helper_func, loop, MAX_HELPERS, FALSE, NULL);
    }
  for (; started < n; started++)
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
      g_hash_table_unref (loop->in_flight);
      g_main_loop_unref (loop->main_loop);
      g_main_context_unref (loop->context);
    }
  g_free (le.loops);
  g_free (le.threads);
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
