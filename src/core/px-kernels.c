/* px-kernels.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Running a task: each kind's work (computing in slices under a GIL,
 * sleeping, a request to the run's server, files, memory, the locks and
 * barriers of px-sync), on whatever thread or process runs it, with its
 * waits measured and its time limit kept. What each task is (its size,
 * split, result and payload) is px-task-plan.c's.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "px-kernels.h"
#include "px-net.h"

/* Work between checks for cancellation and GIL hand-over. */
#define SLICE_ITERATIONS 65536
/* CPython's default switch interval. */
#define GIL_SWITCH_US 5000
#define SLEEP_SLICE_US 20000

/* Reads a CPU or wall clock in nanoseconds; FALSE if it is gone (an
 * exited thread or a reaped process). */
gboolean
px_clock_read_ns (clockid_t  clock,
                  guint64   *ns)
{
  struct timespec ts;

  if (clock_gettime (clock, &ts) != 0)
    return FALSE;
  *ns = (guint64)ts.tv_sec * 1000000000u + ts.tv_nsec;
  return TRUE;
}

double
px_kernels_calibrate (void)
{
  double best = 0;
  guint64 sink = 1;

  /* Best of a few short trials: the fastest is the least disturbed. */
  for (guint trial = 0; trial < 5; trial++)
    {
      guint64 n = 2000000;
      gint64 start = g_get_monotonic_time ();
      gint64 elapsed;
      double rate;

      sink = px_cpu_compute (sink, n);
      elapsed = MAX (g_get_monotonic_time () - start, 1);
      rate = (double)n / ((double)elapsed / 1000.0);
      best = MAX (best, rate);
    }

  /* Keep the loop from being optimised away. */
  if (sink == 0)
    best += 1;

  return best;
}

/* Seconds as a profile writes them, whatever the locale: "0.5", not
 * "0,5". */
const char *
px_format_seconds (char   *buffer,
                   gsize   size,
                   double  seconds)
{
  return g_ascii_formatd (buffer, size, "%g", seconds);
}

/* The reason given to a task that ran past its task-timeout. */
void
px_format_task_timeout (char   *reason,
                        gsize   size,
                        double  timeout_s)
{
  char seconds[G_ASCII_DTOSTR_BUF_SIZE];

  g_snprintf (reason, size, _("ran longer than task-timeout=%s s"),
              px_format_seconds (seconds, sizeof seconds, timeout_s));
}

/* A thread executor may turn a context it gave up on to a record of its
 * own while the task runs: read the pointer each time. */
static inline PxWorkerLive *
live_of (PxKernelContext *ctx)
{
  return __atomic_load_n (&ctx->live, __ATOMIC_ACQUIRE);
}

static gint64
gil_acquire (PxKernelContext *ctx)
{
  gint64 waited;

  px_live_enter (live_of (ctx), PX_WORKER_LOCK_WAIT);
  waited = px_gil_acquire (ctx->gil);
  return waited;
}

static gboolean
is_cancelled (PxKernelContext *ctx)
{
  return ctx->sync != NULL && px_sync_is_cancelled (ctx->sync);
}

/* Checked between slices of work: the run was cancelled, or the task ran
 * past its task-timeout. */
static gboolean
should_stop (PxKernelContext *ctx)
{
  if (is_cancelled (ctx))
    return TRUE;
  if (ctx->deadline_us > 0 && g_get_monotonic_time () >= ctx->deadline_us)
    {
      ctx->timed_out = TRUE;
      return TRUE;
    }
  return FALSE;
}

/* Computes in slices; under a GIL, hands it over every switch interval
 * when another thread waits, as CPython does. */
static guint64
compute (PxKernelContext *ctx,
         guint64          state,
         guint64          iterations,
         PxTaskOutcome   *out)
{
  gint64 held_since = g_get_monotonic_time ();

  px_live_enter (live_of (ctx), PX_WORKER_COMPUTING);
  while (iterations > 0)
    {
      guint64 n = MIN (iterations, SLICE_ITERATIONS);

      state = px_cpu_compute (state, n);
      iterations -= n;

      if (should_stop (ctx))
        break;

      if (ctx->gil != NULL && iterations > 0)
        {
          gint64 now = g_get_monotonic_time ();

          if (now - held_since >= GIL_SWITCH_US && px_gil_has_waiters (ctx->gil))
            {
              px_gil_release (ctx->gil);
              out->gil_wait_us += gil_acquire (ctx);
              px_live_enter (live_of (ctx), PX_WORKER_COMPUTING);
              held_since = g_get_monotonic_time ();
            }
        }
    }

  return state;
}

static void
io_sleep (PxKernelContext *ctx,
          guint64          usec,
          PxTaskOutcome   *out)
{
  gint64 start = g_get_monotonic_time ();
  gint64 end = start + (gint64)usec;

  px_live_enter (live_of (ctx), PX_WORKER_IO_WAIT);
  for (gint64 now = start; now < end && !should_stop (ctx); now = g_get_monotonic_time ())
    g_usleep (MIN (end - now, SLEEP_SLICE_US));

  out->io_wait_us += g_get_monotonic_time () - start;
}

static gboolean
net_stop (gpointer data)
{
  return should_stop (data);
}

/* A request to the run's server, waiting without the GIL: a blocking
 * socket call, as Python's. The whole request is IO wait. */
static gboolean
run_net (PxKernelContext *ctx,
         guint32          task_id,
         PxTaskOutcome   *out)
{
  gint64 start = g_get_monotonic_time ();
  gboolean ok;

  if (ctx->net_port == 0)
    {
      g_strlcpy (out->reason, _("kind=net has no server to ask"), sizeof out->reason);
      return FALSE;
    }
  px_live_enter (live_of (ctx), PX_WORKER_IO_WAIT);
  ok = px_net_request (ctx->net_port, ctx->spec, task_id, net_stop, ctx, &out->connect_us,
                       &out->net_bytes, out->reason, sizeof out->reason);
  out->io_wait_us += g_get_monotonic_time () - start;
  return ok;
}

static gboolean
run_file_io (PxKernelContext *ctx,
             guint32          task_id,
             guint64          bytes,
             PxTaskOutcome   *out)
{
  g_autofree char *path = NULL;
  const char *dir;
  g_autofree guint8 *block = NULL;
  g_autofree guint8 *back = NULL;
  gint64 start = g_get_monotonic_time ();
  gsize block_size = MIN (bytes, 1 << 16);
  gboolean ok = FALSE;
  int fd;

  px_live_enter (live_of (ctx), PX_WORKER_IO_WAIT);
  block = g_malloc (block_size);
  back = g_malloc (block_size);
  px_payload_fill (block, block_size, ctx->spec->seed, task_id);

  /* A file without a name where the file system allows: nothing can be
   * left behind, whatever happens to the worker. Otherwise a name no
   * other worker, replacement or attempt shares. */
  dir = ctx->tmpdir ? ctx->tmpdir : g_get_tmp_dir ();
  fd = open (dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      path = g_strdup_printf ("%s/w%u-g%u-t%u.dat", dir, ctx->worker, ctx->generation, task_id);
      fd = open (path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    }
  if (fd < 0)
    {
      g_snprintf (out->reason, sizeof out->reason, "open: %s", g_strerror (errno));
      goto done;
    }

  for (guint64 done = 0; done < bytes && !should_stop (ctx);)
    {
      gsize n = MIN (block_size, bytes - done);
      gssize w = write (fd, block, n);

      if (w < 0 && errno == EINTR)
        continue;
      if (w <= 0)
        {
          g_snprintf (out->reason, sizeof out->reason, "write: %s",
                      w < 0 ? g_strerror (errno) : "short write");
          goto done;
        }
      done += w;
    }

  if (fsync (fd) != 0)
    {
      g_snprintf (out->reason, sizeof out->reason, "fsync: %s", g_strerror (errno));
      goto done;
    }

  if (lseek (fd, 0, SEEK_SET) != 0)
    goto done;

  for (guint64 done = 0; done < bytes && !should_stop (ctx);)
    {
      gsize n = MIN (block_size, bytes - done);
      gssize r = read (fd, back, n);

      if (r < 0 && errno == EINTR)
        continue;
      if (r <= 0 || memcmp (back, block, r) != 0)
        {
          g_snprintf (out->reason, sizeof out->reason, "%s",
                      r < 0 ? g_strerror (errno) : "read back differs from what was written");
          goto done;
        }
      done += r;
    }

  ok = TRUE;

done:
  if (fd >= 0)
    close (fd);
  if (path != NULL)
    unlink (path);
  out->io_wait_us += g_get_monotonic_time () - start;
  return ok;
}

/* Grows the buffers of the memory kind; FALSE when memory runs out (the
 * task fails, the worker and the run go on). */
static gboolean
ensure_memory (PxKernelContext *ctx,
               gsize            bytes)
{
  if (ctx->mem_size >= bytes)
    return TRUE;

  g_clear_pointer (&ctx->mem_src, g_free);
  g_clear_pointer (&ctx->mem_dst, g_free);
  ctx->mem_size = 0;
  ctx->mem_src = g_try_malloc (bytes);
  ctx->mem_dst = g_try_malloc (bytes);
  if (ctx->mem_src == NULL || ctx->mem_dst == NULL)
    {
      g_clear_pointer (&ctx->mem_src, g_free);
      g_clear_pointer (&ctx->mem_dst, g_free);
      return FALSE;
    }
  ctx->mem_size = bytes;
  /* Touch every page now, not during the first copy. */
  memset (ctx->mem_src, 0x5a, bytes);
  memset (ctx->mem_dst, 0, bytes);
  return TRUE;
}

/**
 * px_kernel_context_prepare:
 *
 * Sets up what a worker needs before its first task (the buffers of the
 * memory kind), so the first task costs what the others do.
 */
void
px_kernel_context_prepare (PxKernelContext *ctx)
{
  const PxSpec *spec = ctx->spec;

  if (spec->kind == PX_KIND_MEMORY)
    {
      /* The largest uniform task; the rare exponential outlier (up to 20×)
       * grows the buffers when it comes rather than reserving 20× here. */
      double f = spec->jitter == PX_JITTER_UNIFORM ? 1.5 : 1.0;
      if (!ensure_memory (ctx, (gsize)(spec->memory_bytes * f) + 1))
        g_debug ("could not reserve the memory kind's buffers ahead");
    }
}

static gboolean
run_memory (PxKernelContext *ctx,
            guint32          task_id,
            guint64          bytes,
            PxTaskOutcome   *out)
{
  if (!ensure_memory (ctx, bytes))
    {
      g_autofree char *size = g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);

      g_snprintf (out->reason, sizeof out->reason, _("could not allocate 2 buffers of %s"),
                  size);
      return FALSE;
    }
  px_live_enter (live_of (ctx), PX_WORKER_COMPUTING);

  /* Stamp the task into the source so every copy is checked. */
  memcpy (ctx->mem_src, &task_id, MIN (bytes, sizeof task_id));
  memcpy (ctx->mem_dst, ctx->mem_src, bytes);

  if (memcmp (ctx->mem_dst, &task_id, MIN (bytes, sizeof task_id)) != 0)
    {
      g_snprintf (out->reason, sizeof out->reason, "copy differs from its source");
      return FALSE;
    }

  return TRUE;
}

/**
 * px_kernel_run:
 * @ctx: the worker's context
 * @task_id: the task
 * @out: (out caller-allocates): result, waits and a failure reason
 *
 * Runs one task of the profile's kind. Returns %PX_TASK_DONE,
 * %PX_TASK_FAILED with @out->reason set, or %PX_TASK_CANCELLED.
 */
PxTaskStatus
px_kernel_run (PxKernelContext *ctx,
               guint32          task_id,
               PxTaskOutcome   *out)
{
  const PxSpec *spec = ctx->spec;
  guint64 amount = px_task_amount (spec, ctx->iters_per_ms, task_id);
  guint64 state = px_task_seed (spec->seed, task_id);
  gboolean ok = TRUE;

  px_task_outcome_clear (out);
  ctx->timed_out = FALSE;
  ctx->deadline_us = 0;
  if (live_of (ctx) != NULL)
    __atomic_add_fetch (&live_of (ctx)->started, 1, __ATOMIC_RELAXED);
  /* Only a task with a time limit reads the clock here: for tasks of a
   * microsecond, a clock read is a cost worth saving. */
  if (spec->task_timeout > 0)
    {
      gint64 start = g_get_monotonic_time ();

      ctx->deadline_us = start + (gint64)(spec->task_timeout * G_USEC_PER_SEC);
      if (live_of (ctx) != NULL)
        __atomic_store_n (&live_of (ctx)->task_start_us, start, __ATOMIC_RELEASE);
    }

  /* A user's command is a job of its own; its timeout is the job's. */
  if (spec->kind == PX_KIND_COMMAND)
    {
      PxTaskStatus status = PX_TASK_FAILED;

      if (ctx->run_job != NULL)
        status = ctx->run_job (ctx->job_data, ctx->worker, task_id, out);
      else
        g_strlcpy (out->reason, "commands run on threads only", sizeof out->reason);
      if (live_of (ctx) != NULL && ctx->deadline_us > 0)
        __atomic_store_n (&live_of (ctx)->task_start_us, 0, __ATOMIC_RELEASE);
      return status;
    }

  if (ctx->gil != NULL)
    out->gil_wait_us += gil_acquire (ctx);

  switch (spec->kind)
    {
    case PX_KIND_CPU:
      state = compute (ctx, state, amount, out);
      break;

    case PX_KIND_SLEEP:
      if (px_task_sleep_blocks (spec, task_id))
        {
          guint64 busy, wait_us;

          px_task_split (spec, ctx->iters_per_ms, task_id, &busy, &wait_us);
          state = compute (ctx, state, busy, out);
          break;
        }
      if (ctx->gil)
        px_gil_release (ctx->gil);
      io_sleep (ctx, amount, out);
      if (ctx->gil)
        out->gil_wait_us += gil_acquire (ctx);
      break;

    case PX_KIND_FILE_IO:
      if (ctx->gil)
        px_gil_release (ctx->gil);
      ok = run_file_io (ctx, task_id, amount, out);
      if (ctx->gil)
        out->gil_wait_us += gil_acquire (ctx);
      break;

    case PX_KIND_MEMORY:
      ok = run_memory (ctx, task_id, amount, out);
      break;

    case PX_KIND_NET:
      if (ctx->gil)
        px_gil_release (ctx->gil);
      ok = run_net (ctx, task_id, out);
      if (ctx->gil)
        out->gil_wait_us += gil_acquire (ctx);
      break;

    case PX_KIND_LOCK:
      {
        guint64 inside = (guint64)llround ((double)amount * spec->lock_fraction);

        state = compute (ctx, state, amount - inside, out);
        /* Never block on the lock while holding the GIL. */
        if (ctx->gil)
          px_gil_release (ctx->gil);
        px_live_enter (live_of (ctx), PX_WORKER_LOCK_WAIT);
        out->lock_wait_us += px_sync_lock (ctx->sync, ctx->worker);
        if (ctx->gil)
          out->gil_wait_us += gil_acquire (ctx);
        state = compute (ctx, state, inside, out);
        px_sync_unlock (ctx->sync, ctx->worker);
      }
      break;

    case PX_KIND_SEMAPHORE:
      if (ctx->gil)
        px_gil_release (ctx->gil);
      px_live_enter (live_of (ctx), PX_WORKER_LOCK_WAIT);
      out->lock_wait_us += px_sync_sem_acquire (ctx->sync, ctx->worker);
      io_sleep (ctx, amount, out);
      px_sync_sem_release (ctx->sync, ctx->worker);
      if (ctx->gil)
        out->gil_wait_us += gil_acquire (ctx);
      break;

    case PX_KIND_BARRIER:
      state = compute (ctx, state, amount, out);
      ctx->tasks_run++;
      if (ctx->tasks_run % spec->barrier_every == 0)
        {
          if (ctx->gil)
            px_gil_release (ctx->gil);
          px_live_enter (live_of (ctx), PX_WORKER_LOCK_WAIT);
          out->lock_wait_us += px_sync_barrier_arrive (ctx->sync, ctx->worker);
          if (ctx->gil)
            out->gil_wait_us += gil_acquire (ctx);
        }
      break;

    case PX_KIND_EVENT:
      /* Worker 0 sets the event every event-every tasks of its own; the
       * others wait for it before each task. */
      if (ctx->worker == 0)
        {
          state = compute (ctx, state, amount, out);
          if (++ctx->tasks_run % spec->event_every == 0)
            px_sync_event_set (ctx->sync);
          break;
        }
      if (ctx->gil)
        px_gil_release (ctx->gil);
      px_live_enter (live_of (ctx), PX_WORKER_SIGNAL_WAIT);
      out->signal_wait_us += px_sync_event_wait (ctx->sync, &ctx->event_seen, spec->event_clear);
      if (ctx->gil)
        out->gil_wait_us += gil_acquire (ctx);
      state = compute (ctx, state, amount, out);
      break;

    case PX_KIND_CONDITION:
      /* Worker 0 produces an item a task; the others wait for one, take
       * it and work on it. */
      if (ctx->worker == 0)
        {
          state = compute (ctx, state, amount, out);
          if (ctx->gil)
            px_gil_release (ctx->gil);
          px_live_enter (live_of (ctx), PX_WORKER_LOCK_WAIT);
          px_sync_cond_put (ctx->sync, spec->notify_all, &out->lock_wait_us);
          if (ctx->gil)
            out->gil_wait_us += gil_acquire (ctx);
          break;
        }
      if (ctx->gil)
        px_gil_release (ctx->gil);
      px_sync_cond_take (ctx->sync, live_of (ctx), &out->lock_wait_us, &out->signal_wait_us);
      if (ctx->gil)
        out->gil_wait_us += gil_acquire (ctx);
      state = compute (ctx, state, amount, out);
      break;

    case PX_KIND_SHARED_UPDATE:
      state = compute (ctx, state, amount, out);
      if (ctx->gil)
        px_gil_release (ctx->gil);
      /* A worker process makes a round trip to the parent (IPC); threads
       * contend on the lock that guards the shared state. */
      px_live_enter (live_of (ctx), ctx->update ? PX_WORKER_IPC : PX_WORKER_LOCK_WAIT);
      for (guint i = 0; i < spec->updates && !should_stop (ctx); i++)
        {
          if (ctx->update != NULL)
            ctx->update (ctx->update_data, 1, &out->ipc_us);
          else
            px_sync_shared_add (ctx->sync, ctx->worker, 1, &out->lock_wait_us);
        }
      if (ctx->gil)
        out->gil_wait_us += gil_acquire (ctx);
      break;

    case PX_KIND_MIXED:
      {
        guint64 busy, wait_us;

        px_task_split (spec, ctx->iters_per_ms, task_id, &busy, &wait_us);
        state = compute (ctx, state, busy, out);
        if (ctx->gil)
          px_gil_release (ctx->gil);
        io_sleep (ctx, wait_us, out);
        if (ctx->gil)
          out->gil_wait_us += gil_acquire (ctx);
      }
      break;

    default:
      g_assert_not_reached ();
    }

  if (ctx->gil != NULL)
    px_gil_release (ctx->gil);

  out->result ^= state;
  if (live_of (ctx) != NULL && ctx->deadline_us > 0)
    __atomic_store_n (&live_of (ctx)->task_start_us, 0, __ATOMIC_RELEASE);

  if (is_cancelled (ctx))
    return PX_TASK_CANCELLED;
  /* A wait on other workers (a lock, a barrier) is not cut short: a task
   * that ended late fails as one that was stopped does. */
  if (ctx->timed_out || (ctx->deadline_us > 0 && g_get_monotonic_time () > ctx->deadline_us))
    {
      px_format_task_timeout (out->reason, sizeof out->reason, spec->task_timeout);
      return PX_TASK_FAILED;
    }
  if (!ok)
    return PX_TASK_FAILED;

  return PX_TASK_DONE;
}

/* Computes @iterations of task @task_id on this thread, into @out's
 * result as px_kernel_run() would. */
void
px_kernel_compute (PxKernelContext *ctx,
                   guint32          task_id,
                   guint64          iterations,
                   PxTaskOutcome   *out)
{
  guint64 state = px_task_seed (ctx->spec->seed, task_id);

  out->result ^= compute (ctx, state, iterations, out);
}

/* Computes @iterations on from *@state (px_task_seed() at first), as
 * px_kernel_run() computes a task in parts; the task's result is the
 * state after its last part. */
void
px_kernel_compute_on (PxKernelContext *ctx,
                      guint64         *state,
                      guint64          iterations,
                      PxTaskOutcome   *out)
{
  *state = compute (ctx, *state, iterations, out);
}

void
px_kernel_context_clear (PxKernelContext *ctx)
{
  g_clear_pointer (&ctx->mem_src, g_free);
  g_clear_pointer (&ctx->mem_dst, g_free);
  ctx->mem_size = 0;
}
