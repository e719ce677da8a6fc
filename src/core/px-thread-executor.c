/* px-thread-executor.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <pthread.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "px-run-private.h"

#define MAX_CHUNK 4096

typedef struct
{
  PxKernelContext *ctx;
  guint32          task_id;
  PxTaskOutcome   *out;
  PxTaskStatus     status;
  guint64          cpu_ns;
} SpawnedTask;

static guint64
thread_cpu_ns (void)
{
  guint64 ns = 0;

  px_clock_read_ns (CLOCK_THREAD_CPUTIME_ID, &ns);
  return ns;
}

static gpointer
spawned_task_thread (gpointer data)
{
  SpawnedTask *st = data;

  st->status = px_kernel_run (st->ctx, st->task_id, st->out);
  st->cpu_ns = thread_cpu_ns ();
  return NULL;
}

static void
run_payload (PxRunShared *shared,
             guint8      *payload,
             guint32      task_id,
             gboolean    *ok)
{
  gsize n = shared->spec.payload_bytes;

  /* Threads share memory: the payload is handed over by pointer, not
   * copied through a pipe. */
  px_payload_fill (payload, n, shared->spec.seed, task_id);
  px_payload_transform (payload, n);
  if (!px_payload_check (payload, n, shared->spec.seed, task_id))
    *ok = FALSE;
}

static void
worker_func (gpointer data,
             gpointer user_data)
{
  PxRunShared *shared = user_data;
  guint index = GPOINTER_TO_UINT (data) - 1;
  PxWorkerInfo *info = &shared->workers[index];
  PxKernelContext ctx = { 0 };
  guint chunk = MIN (shared->spec.chunk_size, MAX_CHUNK);
  g_autofree guint32 *ids = g_new (guint32, chunk);
  g_autofree guint8 *payload = g_malloc (MAX (shared->spec.payload_bytes, 1));
  gboolean barrier = shared->spec.kind == PX_KIND_BARRIER;
  guint ended = 0;
  clockid_t clock;

  ctx.spec = &shared->spec;
  ctx.iters_per_ms = shared->iters_per_ms;
  ctx.sync = shared->sync;
  ctx.gil = shared->gil;
  ctx.worker = index;
  ctx.tmpdir = shared->tmpdir;
  ctx.live = px_sync_get_live (shared->sync, index);
  px_live_start (ctx.live);

  info->pid = getpid ();
  info->tid = gettid ();
  /* GLib may hand us a thread that already ran: count from here. */
  info->cpu_ns_origin = thread_cpu_ns ();
  if (pthread_getcpuclockid (pthread_self (), &clock) == 0)
    {
      info->cpu_clock = clock;
      __atomic_store_n (&info->has_clock, TRUE, __ATOMIC_RELEASE);
    }

  px_kernel_context_prepare (&ctx);
  if (barrier)
    px_sync_barrier_join (shared->sync, index);

  for (;;)
    {
      guint n = 0;
      PxClaim claim;

      px_live_enter (ctx.live, PX_WORKER_IDLE);
      claim = px_queue_claim (shared->queue, chunk, ids, &n, FALSE);

      if (claim == PX_CLAIM_EMPTY)
        {
          /* Before waiting, tell the queue what ended: it is how the last
           * worker to finish learns that nothing more will come. */
          px_queue_finished (shared->queue, ended);
          ended = 0;
          /* Waiting for work: do not hold the barrier shut meanwhile. */
          if (barrier)
            px_sync_barrier_leave (shared->sync, index);
          claim = px_queue_claim (shared->queue, chunk, ids, &n, TRUE);
        }
      if (claim == PX_CLAIM_DONE)
        break;

      _px_run_shared_claimed (shared, index, n);

      for (guint i = 0; i < n; i++)
        {
          PxTaskOutcome out;
          PxTaskStatus status;
          gboolean payload_ok = TRUE;
          const char *reason = NULL;
          gint64 start = g_get_monotonic_time ();
          guint attempt = _px_run_shared_next_attempt (shared, ids[i]);

          if (_px_run_shared_cancelled (shared))
            {
              memset (&out, 0, sizeof out);
              ended += _px_run_shared_complete (shared, index, ids[i], attempt, PX_TASK_CANCELLED,
                                                start, start, &out, NULL);
              continue;
            }

          if (shared->spec.payload_bytes > 0)
            {
              px_live_enter (ctx.live, PX_WORKER_IPC);
              run_payload (shared, payload, ids[i], &payload_ok);
            }

          if (shared->spec.spawn == PX_SPAWN_PER_TASK)
            {
              SpawnedTask st = { &ctx, ids[i], &out, PX_TASK_FAILED, 0 };
              GThread *thread = g_thread_new ("px-task", spawned_task_thread, &st);

              g_thread_join (thread);
              status = st.status;
              __atomic_add_fetch (&info->cpu_ns_base, st.cpu_ns, __ATOMIC_RELAXED);
            }
          else
            {
              status = px_kernel_run (&ctx, ids[i], &out);
            }

          if (status == PX_TASK_FAILED)
            reason = out.reason;
          else if (status == PX_TASK_DONE && !payload_ok)
            {
              status = PX_TASK_FAILED;
              reason = "payload came back changed";
            }

          ended += _px_run_shared_complete (shared, index, ids[i], attempt, status,
                                            start, g_get_monotonic_time (), &out, reason);
        }
    }

  px_queue_finished (shared->queue, ended);
  if (barrier)
    px_sync_barrier_leave (shared->sync, index);
  px_live_enter (ctx.live, PX_WORKER_IDLE);

  __atomic_store_n (&info->cpu_ns_last, thread_cpu_ns () - info->cpu_ns_origin,
                    __ATOMIC_RELAXED);
  __atomic_store_n (&info->has_clock, FALSE, __ATOMIC_RELEASE);
  px_kernel_context_clear (&ctx);
}

static gboolean
thread_executor_run (PxRunShared  *shared,
                     GError      **error)
{
  GThreadPool *pool;

  /* Exclusive: exactly `workers` threads, started now and kept. */
  pool = g_thread_pool_new (worker_func, shared, shared->spec.workers, TRUE, error);
  if (pool == NULL)
    return FALSE;

  for (guint i = 0; i < shared->spec.workers; i++)
    g_thread_pool_push (pool, GUINT_TO_POINTER (i + 1), NULL);

  g_thread_pool_free (pool, FALSE, TRUE);
  return TRUE;
}

static void
thread_executor_cancel (PxRunShared *shared)
{
  /* Workers see the flag between slices of work and in every wait. */
}

const PxExecutor px_thread_executor = {
  thread_executor_run,
  thread_executor_cancel,
};
