/* px-loop-lag.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How long an event loop is held. Each loop has a probe due every
 * LAG_INTERVAL_US; how late it runs is how long the loop was held, its
 * lag. A task that holds its loop longer than slow-callback-ms is a
 * slow callback, as in asyncio's debug mode: counted, and listed among
 * the run's events with the task that did it. The probe also keeps the
 * loop's busy time, as its states tell it.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "px-loop-private.h"

/* How often each loop's lag is probed. */
#define LAG_INTERVAL_US (10 * 1000)
/* Slow callbacks listed among the run's events, per loop. */
#define MAX_SLOW_LISTED 10

/* Whether the task held its loop too long: a slow callback, counted and
 * told with the task that did it. */
void
_px_loop_check_slow (Loop   *loop,
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

/* How late the probe runs (or would run, at the end) is how long the
 * loop was held. */
void
_px_loop_note_lag (Loop   *loop,
                   gint64  now)
{
  gint64 lag = MAX (now - loop->probe_due_us, 0);
  PxLoopStats *stats = loop->stats;

  __atomic_store_n (&stats->lag_us, lag, __ATOMIC_RELAXED);
  if (lag > __atomic_load_n (&stats->lag_max_us, __ATOMIC_RELAXED))
    __atomic_store_n (&stats->lag_max_us, lag, __ATOMIC_RELAXED);
  __atomic_add_fetch (&stats->lag_sum_us, lag, __ATOMIC_RELAXED);
  if (lag > __atomic_load_n (&stats->lag_peak_us, __ATOMIC_RELAXED))
    __atomic_store_n (&stats->lag_peak_us, lag, __ATOMIC_RELAXED);
  __atomic_add_fetch (&stats->probes, 1, __ATOMIC_RELAXED);
}

/* The loop's time, as its states tell it: busy while it has tasks in
 * flight, computing or awaiting. Tasks overlap, so the sum of their
 * times says nothing of the loop's. */
void
_px_loop_account (Loop   *loop,
                  gint64  now)
{
  PxWorkerInfo *info = &loop->shared->workers[loop->index];
  PxLiveReading r;
  gint64 busy = 0;

  px_live_read (loop->ctx.live, now, &r);
  for (guint s = 0; s < PX_WORKER_N_STATES; s++)
    if (s != PX_WORKER_IDLE)
      busy += r.time_us[s];
  __atomic_store_n (&info->busy_us, busy, __ATOMIC_RELAXED);
  __atomic_store_n (&info->io_wait_us, r.time_us[PX_WORKER_IO_WAIT], __ATOMIC_RELAXED);
  __atomic_store_n (&info->lock_wait_us, r.time_us[PX_WORKER_LOCK_WAIT], __ATOMIC_RELAXED);
}

/* The probe is due LAG_INTERVAL_US from @now. */
void
_px_loop_restart_probe (Loop   *loop,
                        gint64  now)
{
  loop->probe_due_us = now + LAG_INTERVAL_US;
  __atomic_store_n (&loop->stats->probe_due_us, loop->probe_due_us, __ATOMIC_RELAXED);
  g_source_set_ready_time (loop->probe, loop->probe_due_us);
}

gboolean
_px_loop_probe_cb (gpointer data)
{
  Loop *loop = data;
  gint64 now = g_get_monotonic_time ();

  _px_loop_note_lag (loop, now);
  _px_loop_account (loop, now);
  _px_loop_restart_probe (loop, now);
  return G_SOURCE_CONTINUE;
}
