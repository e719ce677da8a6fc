/* px-task-plan.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What each task is, the same in the parent and in every worker: its
 * seed, its size in its kind's unit (jitter included), how it splits
 * into computing and waiting, the result it must give, and the payload
 * it carries. All of it follows from the profile's seed and the task's
 * id, so a worker process needs no more than the id, and the parent
 * checks a result without running the task again. Running a task is
 * px-kernels.c's.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "px-kernels.h"

#define LCG_A 6364136223846793005ull
#define LCG_C 1442695040888963407ull

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
gboolean
px_task_sleep_blocks (const PxSpec *spec,
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
      if (px_task_sleep_blocks (spec, task_id))
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
