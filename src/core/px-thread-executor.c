/* px-thread-executor.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs tasks on an exclusive GThreadPool of exactly `workers` threads,
 * each a worker slot with a stable index. The run's thread watches them:
 * a thread cannot be killed, so one that does not end its task within
 * task-timeout (a system call that never returns, say) is left behind —
 * its task fails, a new thread takes its slot, and the run goes on. On
 * cancel, threads that do not stop within a second are left behind too,
 * so cancelling always returns promptly. A thread left behind holds a
 * reference on the run and its state until it returns, and then exits
 * without touching anything of the run.
 */

#include "config.h"

#include <pthread.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "px-run-private.h"

#define MAX_CHUNK 4096
/* How often the run's thread looks at its workers. */
#define WATCH_US (50 * 1000)
/* Threads stop their own task at task-timeout; one that has not this much
 * later is left behind. */
#define TASK_TIMEOUT_GRACE_US (2 * G_USEC_PER_SEC)
/* How long threads have to stop after a cancel before they are left. */
#define CANCEL_GRACE_US (1 * G_USEC_PER_SEC)
/* A gap this long between two looks means the watcher itself was stopped
 * (Ctrl-Z) or starved. */
#define WATCH_GAP_US    (2 * G_USEC_PER_SEC)

/* Threads left behind in one run before it gives up. */
#define MAX_LEFT_BEHIND 64

/* A slot's `running` word: the start time of the task under way, or: */
#define SLOT_IDLE      0
#define SLOT_ABANDONED 1

/* A job's kernel context, on the heap so that the watcher can turn the
 * writes of a thread it left behind to a live record of their own: the
 * slot's record is its replacement's. */
typedef struct _JobContext
{
  PxWorkerLive    scratch;
  PxKernelContext ctx;
} JobContext;

/* A worker slot, on cache lines of its own. `ended` counts the tasks its threads finished and
 * `reported` those told to the queue; both are written by the slot's
 * thread only, or by the watcher once it has left that thread behind. */
typedef struct __attribute__ ((aligned (64)))
{
  gint64           running;
  guint32          task_id;
  guint            attempt;
  guint32         *ids;
  guint            pos;
  guint            n;
  guint            ended;
  guint            reported;
  struct _JobContext *job;
} Slot;

typedef struct
{
  PxRunShared *shared;
  GObject     *run;
  GThreadPool *pool;
  GMutex       lock;
  GCond        cond;
  guint        active;
  guint        threads;
  guint        left_behind;
  guint        generations;
  gint64       resumed_us;
  GError      *error;
  Slot        *slots;
} ThreadExec;

typedef struct
{
  ThreadExec *te;
  guint       index;
  guint       generation;
} Job;



typedef struct
{
  PxKernelContext *ctx;
  guint32          task_id;
  PxTaskOutcome   *out;
  PxTaskStatus     status;
  guint64          cpu_ns;
} SpawnedTask;

static void
thread_exec_free (gpointer data)
{
  ThreadExec *te = data;

  for (guint i = 0; i < te->shared->spec.workers; i++)
    g_free (te->slots[i].ids);
  g_aligned_free (te->slots);
  g_mutex_clear (&te->lock);
  g_cond_clear (&te->cond);
  g_clear_error (&te->error);
  /* May be the run's last reference, held by a thread left behind. */
  g_object_unref (te->run);
}

static void
thread_exec_unref (ThreadExec *te)
{
  g_atomic_rc_box_release_full (te, thread_exec_free);
}

static gpointer
spawned_task_thread (gpointer data)
{
  SpawnedTask *st = data;

  st->status = px_kernel_run (st->ctx, st->task_id, st->out);
  st->cpu_ns = _px_thread_cpu_ns ();
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

/* Tells the queue what this slot finished since it last did. */
static void
flush_ended (ThreadExec *te,
             Slot       *slot)
{
  guint ended = __atomic_load_n (&slot->ended, __ATOMIC_ACQUIRE);

  px_queue_finished (te->shared->queue, ended - slot->reported);
  slot->reported = ended;
}

/* One writer: a plain store, atomic only so the watcher reads it whole. */
static void
count_ended (Slot *slot)
{
  __atomic_store_n (&slot->ended, slot->ended + 1, __ATOMIC_RELEASE);
}

static void
job_done (ThreadExec *te,
          gboolean    counted)
{
  g_mutex_lock (&te->lock);
  if (counted)
    te->active--;
  g_cond_signal (&te->cond);
  g_mutex_unlock (&te->lock);
}

static void
worker_func (gpointer data,
             gpointer user_data)
{
  Job *job = data;
  ThreadExec *te = job->te;
  PxRunShared *shared = te->shared;
  guint index = job->index;
  guint generation = job->generation;
  Slot *slot = &te->slots[index];
  PxWorkerInfo *info = &shared->workers[index];
  JobContext *jc = g_aligned_alloc0 (1, sizeof (JobContext), 64);
  PxKernelContext *ctx = &jc->ctx;
  g_autofree guint8 *payload = g_malloc (MAX (shared->spec.payload_bytes, 1));
  PxTaskKind kind = shared->spec.kind;
  gboolean abandoned = FALSE;
  /* When the last task ended: the next phase begins there. */
  gint64 last_end = 0;

  slot->job = jc;
  g_free (job);

  ctx->spec = &shared->spec;
  ctx->iters_per_ms = shared->iters_per_ms;
  ctx->sync = shared->sync;
  ctx->gil = shared->gil;
  ctx->worker = index;
  ctx->tmpdir = shared->tmpdir;
  ctx->net_port = shared->net_port;
  ctx->generation = generation;
  ctx->live = px_sync_get_live (shared->sync, index);
  ctx->run_job = _px_run_shared_run_job;
  ctx->job_data = shared;
  px_live_start (ctx->live);

  _px_run_shared_worker_thread_begin (shared, index);

  px_kernel_context_prepare (ctx);
  px_sync_join (shared->sync, kind, index);

  while (!abandoned)
    {
      guint chunk = MIN (_px_run_shared_chunk (shared), MAX_CHUNK);
      guint n = 0;
      PxClaim claim;

      /* Idle from when the last task ended (one clock read for both). */
      if (last_end > 0)
        px_live_enter_at (ctx->live, PX_WORKER_IDLE, last_end);
      else
        px_live_enter (ctx->live, PX_WORKER_IDLE);
      claim = px_queue_claim (shared->queue, chunk, slot->ids, &n, FALSE);

      if (claim == PX_CLAIM_EMPTY)
        {
          /* Before waiting, tell the queue what ended: it is how the last
           * worker to finish learns that nothing more will come. */
          flush_ended (te, slot);
          /* Waiting for work: do not hold the barrier shut, nor others
           * waiting for a signal from this worker, meanwhile. */
          px_sync_set_drained (shared->sync, TRUE);
          px_sync_leave (shared->sync, kind, index);
          claim = px_queue_claim (shared->queue, chunk, slot->ids, &n, TRUE);
          if (claim == PX_CLAIM_GOT)
            {
              /* A task tried again: back at the barrier, signalling. */
              px_sync_set_drained (shared->sync, FALSE);
              px_sync_join (shared->sync, kind, index);
            }
        }
      if (claim == PX_CLAIM_DONE)
        break;

      _px_run_shared_claimed (shared, index, n);
      slot->n = n;

      for (guint i = 0; i < n && !abandoned; i++)
        {
          PxTaskOutcome out;
          PxTaskStatus status;
          gboolean payload_ok = TRUE;
          const char *reason = NULL;
          guint32 id = slot->ids[i];
          guint attempt = _px_run_shared_next_attempt (shared, id);
          gint64 start = g_get_monotonic_time ();
          gint64 end;
          guint64 spawned_cpu_ns = 0;
          gint64 payload_us = 0;

          if (_px_run_shared_cancelled (shared))
            {
              px_task_outcome_clear (&out);
              if (_px_run_shared_complete (shared, index, id, attempt, PX_TASK_CANCELLED,
                                           start, start, &out, NULL))
                count_ended (slot);
              continue;
            }

          /* Computing from its start, with the clock already read (the
           * kernel's own entry is then nothing to do). */
          px_live_enter_at (ctx->live, PX_WORKER_COMPUTING, start);

          /* Published last: the watcher reads the rest once it sees it. */
          slot->pos = i;
          slot->task_id = id;
          slot->attempt = attempt;
          __atomic_store_n (&slot->running, MAX (start, SLOT_ABANDONED + 1), __ATOMIC_RELEASE);

          if (G_UNLIKELY (shared->test_stall_us > 0 && id == shared->test_stall_task &&
                          attempt == 0))
            {
              gint64 until = g_get_monotonic_time () + shared->test_stall_us;

              while (!g_atomic_int_get (&shared->test_stall_released) &&
                     g_get_monotonic_time () < until)
                g_usleep (1000);
            }

          if (shared->spec.payload_bytes > 0)
            {
              gint64 payload_start = g_get_monotonic_time ();

              px_live_enter (ctx->live, PX_WORKER_IPC);
              run_payload (shared, payload, id, &payload_ok);
              payload_us = g_get_monotonic_time () - payload_start;
            }

          if (shared->spec.spawn == PX_SPAWN_PER_TASK)
            {
              SpawnedTask st = { ctx, id, &out, PX_TASK_FAILED, 0 };
              GThread *thread = g_thread_new ("px-task", spawned_task_thread, &st);

              g_thread_join (thread);
              status = st.status;
              spawned_cpu_ns = st.cpu_ns;
            }
          else
            {
              status = px_kernel_run (ctx, id, &out);
            }
          /* The kernel starts its outcome afresh: the payload's time joins
           * it after. */
          out.ipc_us += payload_us;

          /* The watcher may have given up on this task meanwhile: then the
           * slot is no longer this thread's to write. */
          {
            gint64 expected = MAX (start, SLOT_ABANDONED + 1);

            if (!__atomic_compare_exchange_n (&slot->running, &expected, SLOT_IDLE, FALSE,
                                              __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
              {
                abandoned = TRUE;
                break;
              }
          }

          /* The task's own thread ran it: its CPU time counts here, once
           * the slot is known to be this thread's still. */
          if (shared->spec.spawn == PX_SPAWN_PER_TASK)
            __atomic_add_fetch (&info->cpu_ns_base, spawned_cpu_ns, __ATOMIC_RELAXED);

          if (status == PX_TASK_FAILED)
            reason = out.reason;
          else if (status == PX_TASK_DONE && !payload_ok)
            {
              status = PX_TASK_FAILED;
              reason = "payload came back changed";
            }

          end = g_get_monotonic_time ();
          last_end = end;
          if (_px_run_shared_complete (shared, index, id, attempt, status, start, end, &out,
                                       reason))
            count_ended (slot);
        }
    }

  px_kernel_context_clear (ctx);
  g_aligned_free (jc);

  if (!abandoned)
    {
      flush_ended (te, slot);
      px_sync_leave (shared->sync, kind, index);
      px_live_enter (px_sync_get_live (shared->sync, index), PX_WORKER_IDLE);

      _px_run_shared_worker_thread_end (shared, index);
    }

  job_done (te, !abandoned);
  thread_exec_unref (te);
}

static void
start_job (ThreadExec *te,
           guint       index)
{
  Job *job = g_new0 (Job, 1);

  job->te = g_atomic_rc_box_acquire (te);
  job->index = index;
  job->generation = te->generations++;
  te->active++;
  g_thread_pool_push (te->pool, job, NULL);
}

/* Gives up on the thread of @index, which holds the task under way: the
 * task ends as @status, what the thread had claimed and not begun goes
 * back to the queue, and the slot is free for a new thread. Returns
 * FALSE if the thread ended its task in the meantime. */
static gboolean
leave_behind (ThreadExec   *te,
              guint         index,
              gint64        running,
              PxTaskStatus  status,
              const char   *reason,
              guint32      *task_id)
{
  PxRunShared *shared = te->shared;
  PxWorkerInfo *info = &shared->workers[index];
  Slot *slot = &te->slots[index];
  gint64 now = g_get_monotonic_time ();
  guint64 cpu_ns;

  if (!__atomic_compare_exchange_n (&slot->running, &running, SLOT_ABANDONED, FALSE,
                                    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
    return FALSE;

  /* From here the thread writes nothing of the slot's: its live record
   * goes to a scratch one. What it holds (a semaphore permit, a place at
   * the barrier) it gives back itself when its task returns. */
  __atomic_store_n (&slot->job->ctx.live, &slot->job->scratch, __ATOMIC_RELEASE);
  *task_id = slot->task_id;

  /* What the thread spent until now stays counted for the slot. */
  if (__atomic_load_n (&info->has_clock, __ATOMIC_ACQUIRE) &&
      px_clock_read_ns (info->cpu_clock, &cpu_ns) && cpu_ns >= info->cpu_ns_origin)
    __atomic_add_fetch (&info->cpu_ns_base, cpu_ns - info->cpu_ns_origin, __ATOMIC_RELAXED);
  __atomic_store_n (&info->has_clock, FALSE, __ATOMIC_RELEASE);
  __atomic_store_n (&info->cpu_ns_last, 0, __ATOMIC_RELAXED);

  if (_px_run_shared_complete (shared, index, slot->task_id, slot->attempt, status, running, now,
                               NULL, reason))
    count_ended (slot);
  for (guint i = slot->pos + 1; i < slot->n; i++)
    _px_run_shared_unclaim (shared, index, slot->ids[i]);
  flush_ended (te, slot);

  __atomic_store_n (&slot->running, SLOT_IDLE, __ATOMIC_RELEASE);
  te->active--;
  te->left_behind++;
  return TRUE;
}

/* Called with te->lock held. */
static void
watch_threads (ThreadExec *te,
               gint64      now)
{
  PxRunShared *shared = te->shared;
  gint64 limit = (gint64)(shared->spec.task_timeout * G_USEC_PER_SEC) + TASK_TIMEOUT_GRACE_US;

  /* A job ends itself at its timeout, its group given kill-grace to go. */
  if (shared->spec.kind == PX_KIND_COMMAND)
    limit += (gint64)(shared->spec.kill_grace * G_USEC_PER_SEC);
  char seconds[G_ASCII_DTOSTR_BUF_SIZE];

  for (guint i = 0; i < shared->spec.workers && te->error == NULL; i++)
    {
      gint64 running = __atomic_load_n (&te->slots[i].running, __ATOMIC_ACQUIRE);
      g_autofree char *reason = NULL;
      guint32 task_id;

      /* A watcher that was itself stopped or starved judges from when it
       * came back, as the threads do. */
      if (running <= SLOT_ABANDONED || now - MAX (running, te->resumed_us) <= limit)
        continue;

      px_format_seconds (seconds, sizeof seconds, shared->spec.task_timeout);
      reason = g_strdup_printf (_("did not stop at task-timeout=%s s; its thread was "
                                  "left to finish and a new one took its place"), seconds);
      if (!leave_behind (te, i, running, PX_TASK_FAILED, reason, &task_id))
        continue;

      _px_run_shared_event (shared, _("worker %u (tid %d) did not stop task %u at "
                                      "task-timeout=%s s; the thread was left to finish and "
                                      "replaced"),
                            i, __atomic_load_n (&shared->workers[i].tid, __ATOMIC_RELAXED),
                            task_id, seconds);
      g_atomic_int_inc (&shared->workers_lost);
      __atomic_add_fetch (&shared->workers[i].restarts, 1, __ATOMIC_RELAXED);

      if (te->left_behind >= MAX_LEFT_BEHIND)
        {
          g_set_error (&te->error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("%u threads did not stop at task-timeout=%s s and were left behind; "
                         "the run stops"),
                       te->left_behind, seconds);
          _px_run_shared_fail (shared);
          break;
        }

      /* A thread more, since the one left behind still counts. */
      te->threads++;
      g_thread_pool_set_max_threads (te->pool, te->threads, NULL);
      start_job (te, i);
    }
}

/* After a cancel, threads still inside a task a second later are left
 * behind, their tasks cancelled. Called with te->lock held. */
static void
leave_stuck_threads (ThreadExec *te)
{
  PxRunShared *shared = te->shared;

  for (guint i = 0; i < shared->spec.workers; i++)
    {
      gint64 running = __atomic_load_n (&te->slots[i].running, __ATOMIC_ACQUIRE);

      guint32 task_id;

      if (running > SLOT_ABANDONED &&
          leave_behind (te, i, running, PX_TASK_CANCELLED, NULL, &task_id))
        _px_run_shared_event (shared, _("worker %u did not stop when the run was cancelled; its "
                                        "thread was left to finish"), i);
    }
}

static gboolean
thread_executor_run (PxRunShared  *shared,
                     GError      **error)
{
  ThreadExec *te = g_atomic_rc_box_new0 (ThreadExec);
  gint64 cancel_seen = 0, last_watch = 0;
  gboolean left_behind, ok;

  te->shared = shared;
  te->run = g_object_ref (shared->owner);
  g_mutex_init (&te->lock);
  g_cond_init (&te->cond);
  /* A cache line each: the slots' threads write them for every task. */
  te->slots = g_aligned_alloc0 (shared->spec.workers, sizeof (Slot), 64);
  for (guint i = 0; i < shared->spec.workers; i++)
    te->slots[i].ids = g_new (guint32, MIN (_px_run_shared_chunk_max (&shared->spec), MAX_CHUNK));

  /* Exclusive: exactly `workers` threads, started now and kept. An
   * exclusive pool is returned even when a thread could not start. */
  te->threads = shared->spec.workers;
  te->pool = g_thread_pool_new (worker_func, NULL, te->threads, TRUE, &te->error);
  if (te->error != NULL)
    {
      if (te->pool != NULL)
        g_thread_pool_free (te->pool, TRUE, TRUE);
      g_propagate_error (error, g_steal_pointer (&te->error));
      thread_exec_unref (te);
      return FALSE;
    }

  g_mutex_lock (&te->lock);
  for (guint i = 0; i < shared->spec.workers; i++)
    start_job (te, i);

  while (te->active > 0)
    {
      gint64 now;

      g_cond_wait_until (&te->cond, &te->lock, g_get_monotonic_time () + WATCH_US);
      now = g_get_monotonic_time ();
      if (last_watch > 0 && now - last_watch > WATCH_GAP_US)
        te->resumed_us = now;
      last_watch = now;

      if (_px_run_shared_cancelled (shared))
        {
          if (cancel_seen == 0)
            cancel_seen = now;
          else if (now - cancel_seen > CANCEL_GRACE_US)
            leave_stuck_threads (te);
        }
      else if (shared->spec.task_timeout > 0)
        {
          watch_threads (te, now);
        }
    }
  left_behind = te->left_behind > 0;
  g_mutex_unlock (&te->lock);

  /* Threads left behind are not waited for: the idle ones end now, the
   * pool goes when the last left behind does (if ever). */
  g_thread_pool_free (te->pool, left_behind, !left_behind);
  ok = te->error == NULL;
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&te->error));
  thread_exec_unref (te);
  return ok;
}

static void
thread_executor_cancel (PxRunShared *shared)
{
  /* Workers see the flag between slices of work and in every wait; the
   * run's thread watches for those that do not. */
}

const PxExecutor px_thread_executor = {
  thread_executor_run,
  thread_executor_cancel,
};
