/* px-kernels.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
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

#define LCG_A 6364136223846793005ull
#define LCG_C 1442695040888963407ull

/* Work between checks for cancellation and GIL hand-over. */
#define SLICE_ITERATIONS 65536
/* CPython's default switch interval. */
#define GIL_SWITCH_US 5000
#define SLEEP_SLICE_US 20000

static guint64
mix64 (guint64 x)
{
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  x ^= x >> 31;
  return x;
}

guint64
px_task_seed (guint64 seed,
              guint32 task_id)
{
  return mix64 (seed * 0x9e3779b97f4a7c15ull + task_id + 1);
}

guint64
px_cpu_compute (guint64 state,
                guint64 iterations)
{
  for (guint64 i = 0; i < iterations; i++)
    state = state * LCG_A + LCG_C;
  return state;
}

/* The same result as px_cpu_compute() in O(log n): how a result is checked
 * without doing the work again. */
guint64
px_cpu_jump (guint64 state,
             guint64 iterations)
{
  guint64 acc_mult = 1, acc_plus = 0;
  guint64 cur_mult = LCG_A, cur_plus = LCG_C;

  while (iterations > 0)
    {
      if (iterations & 1)
        {
          acc_mult *= cur_mult;
          acc_plus = acc_plus * cur_mult + cur_plus;
        }
      cur_plus = (cur_mult + 1) * cur_plus;
      cur_mult *= cur_mult;
      iterations >>= 1;
    }

  return acc_mult * state + acc_plus;
}

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

static double
jitter_factor (const PxSpec *spec,
               guint32       task_id)
{
  double u = (double)(mix64 (px_task_seed (spec->seed, task_id) ^ 0x5bd1e995) >> 11) /
             (double)(1ull << 53);

  switch (spec->jitter)
    {
    case PX_JITTER_UNIFORM:
      return 0.5 + u;
    case PX_JITTER_EXPONENTIAL:
      return MIN (-log1p (-u), 20.0);
    case PX_JITTER_NONE:
    default:
      return 1.0;
    }
}

/**
 * px_task_amount:
 *
 * Returns the size of a task in its kind's unit: iterations for compute
 * kinds, microseconds for sleep and semaphore (and the server's latency
 * for net), bytes for file-io and memory. Deterministic in the seed and
 * the task id, so the parent and a worker process agree on it.
 */
guint64
px_task_amount (const PxSpec *spec,
                double        iters_per_ms,
                guint32       task_id)
{
  switch (spec->kind)
    {
    case PX_KIND_SLEEP:
    case PX_KIND_SEMAPHORE:
      return (guint64)llround (spec->task_ms * 1000.0 * jitter_factor (spec, task_id));
    case PX_KIND_NET:
      return (guint64)llround (spec->server_latency_ms * 1000.0 * jitter_factor (spec, task_id));
    case PX_KIND_FILE_IO:
      return MAX ((guint64)llround (spec->file_bytes * jitter_factor (spec, task_id)), 1);
    case PX_KIND_MEMORY:
      return MAX ((guint64)llround (spec->memory_bytes * jitter_factor (spec, task_id)), 1);
    case PX_KIND_CPU:
    case PX_KIND_LOCK:
    case PX_KIND_BARRIER:
    case PX_KIND_SHARED_UPDATE:
    case PX_KIND_MIXED:
    default:
      if (spec->task_iterations > 0)
        return (guint64)llround ((double)spec->task_iterations * jitter_factor (spec, task_id));
      /* Empty tasks, as dispatch is measured with: none whatever the
       * jitter, and the parent asks for each one's expected result. */
      if (spec->task_ms == 0)
        return 0;
      return (guint64)llround (spec->task_ms * iters_per_ms * jitter_factor (spec, task_id));
    }
}

/* kind=sleep with block-every: whether task @task_id computes for its
 * length instead of waiting (on an event loop, it blocks the loop). */
static gboolean
sleep_blocks (const PxSpec *spec,
              guint32       task_id)
{
  return spec->kind == PX_KIND_SLEEP && spec->block_every > 0 &&
         task_id % spec->block_every == spec->block_every - 1;
}

/* The iterations that take @us on this machine. */
static guint64
iterations_for_us (double  iters_per_ms,
                   guint64 us)
{
  return (guint64)llround ((double)us / 1000.0 * iters_per_ms);
}

/* A mixed task computes cpu-fraction of its size and waits the rest. */
static guint64
mixed_compute_iterations (const PxSpec *spec,
                          guint64       amount)
{
  return (guint64)llround ((double)amount * spec->cpu_fraction);
}

static guint64
mixed_wait_us (const PxSpec *spec,
               double        iters_per_ms,
               guint64       amount,
               guint64       busy)
{
  if (iters_per_ms <= 0)
    return 0;
  return (guint64)llround ((double)(amount - busy) / iters_per_ms * 1000.0);
}

guint64
px_task_expected_result (const PxSpec *spec,
                         double        iters_per_ms,
                         guint32       task_id)
{
  guint64 state = px_task_seed (spec->seed, task_id);

  if (spec->kind == PX_KIND_MIXED)
    return px_cpu_jump (state, mixed_compute_iterations (spec, px_task_amount (spec, iters_per_ms,
                                                                                task_id)));
  if (px_kind_is_compute (spec->kind))
    return px_cpu_jump (state, px_task_amount (spec, iters_per_ms, task_id));

  return state;
}

void
px_payload_fill (guint8  *buf,
                 gsize    n,
                 guint64  seed,
                 guint32  task_id)
{
  guint64 x = px_task_seed (seed, task_id);

  px_payload_stream (buf, n, &x);
}

/**
 * px_payload_stream:
 * @state: (inout): the generator, px_task_seed() at the start
 *
 * The next @n bytes of a task's data, in pieces: pieces whose sizes are
 * multiples of 8 (but the last) give what px_payload_fill() gives whole.
 */
void
px_payload_stream (guint8  *buf,
                   gsize    n,
                   guint64 *state)
{
  guint64 x = *state;
  gsize i = 0;

  for (; i + 8 <= n; i += 8)
    {
      x = x * LCG_A + LCG_C;
      for (guint k = 0; k < 8; k++)
        buf[i + k] = (guint8)(x >> (8 * k));
    }
  if (i < n)
    {
      x = x * LCG_A + LCG_C;
      for (; i < n; i++)
        buf[i] = (guint8)(x >> (8 * (i & 7)));
    }
  *state = x;
}

/**
 * px_payload_verify:
 * @state: (inout): the generator, px_task_seed() at the start
 * @offset: where @buf starts in the task's data
 *
 * Whether @buf is the task's data from @offset on, for data that comes
 * in pieces of any size (a socket's reads).
 */
gboolean
px_payload_verify (const guint8 *buf,
                   gsize         n,
                   guint64      *state,
                   guint64       offset)
{
  guint64 x = *state;
  gboolean same = TRUE;

  for (gsize i = 0; i < n; i++, offset++)
    {
      if ((offset & 7) == 0)
        x = x * LCG_A + LCG_C;
      same &= buf[i] == (guint8)(x >> (8 * (offset & 7)));
    }
  *state = x;
  return same;
}

void
px_payload_transform (guint8 *buf,
                      gsize   n)
{
  for (gsize i = 0; i < n; i++)
    buf[i] ^= 0xa5;
}

gboolean
px_payload_check (const guint8 *buf,
                  gsize         n,
                  guint64       seed,
                  guint32       task_id)
{
  g_autofree guint8 *expect = NULL;

  if (n == 0)
    return TRUE;
  expect = g_malloc (n);
  px_payload_fill (expect, n, seed, task_id);
  px_payload_transform (expect, n);
  return memcmp (expect, buf, n) == 0;
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

  memset (out, 0, sizeof *out);
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
      if (sleep_blocks (spec, task_id))
        {
          state = compute (ctx, state, iterations_for_us (ctx->iters_per_ms, amount), out);
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
        guint64 busy = mixed_compute_iterations (spec, amount);

        state = compute (ctx, state, busy, out);
        if (ctx->gil)
          px_gil_release (ctx->gil);
        io_sleep (ctx, mixed_wait_us (spec, ctx->iters_per_ms, amount, busy), out);
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

/**
 * px_task_split:
 * @compute_iterations: (out): the iterations computed on the caller's
 *   thread
 * @wait_us: (out): the microseconds then waited
 *
 * Task @task_id as an executor that awaits (the event loop) runs it: a
 * part computed, then a part waited. A cpu task only computes, a sleep
 * only waits; a mixed one does both, as px_kernel_run() would.
 */
void
px_task_split (const PxSpec *spec,
               double        iters_per_ms,
               guint32       task_id,
               guint64      *compute_iterations,
               guint64      *wait_us)
{
  guint64 amount = px_task_amount (spec, iters_per_ms, task_id);

  *compute_iterations = 0;
  *wait_us = 0;
  switch (spec->kind)
    {
    case PX_KIND_CPU:
      *compute_iterations = amount;
      break;
    case PX_KIND_SLEEP:
      if (sleep_blocks (spec, task_id))
        *compute_iterations = iterations_for_us (iters_per_ms, amount);
      else
        *wait_us = amount;
      break;
    case PX_KIND_MIXED:
      *compute_iterations = mixed_compute_iterations (spec, amount);
      *wait_us = mixed_wait_us (spec, iters_per_ms, amount, *compute_iterations);
      break;
    default:
      break;
    }
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
