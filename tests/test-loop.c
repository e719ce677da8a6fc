/* test-loop.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The event-loop executor: a thousand sleeps await together on one
 * loop; a task that computes blocks its loop, which its lag shows and
 * which is called a slow callback; concurrency caps the tasks in
 * flight; file IO runs on helper threads; a cancel ends the awaiting
 * tasks at once; kinds that cannot await are refused by name.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "px-profile.h"
#include "px-report.h"
#include "px-sampler.h"
#include "px-summary.h"
#include "px-test-helpers.h"

static char *test_tmpdir;

static PxRun *
run_loop (PxSpec *spec)
{
  g_autoptr(GError) error = NULL;
  PxRun *run;

  spec->executor = PX_EXECUTOR_EVENT_LOOP;
  run = px_run_new (spec);
  g_assert_true (px_run_execute (run, &error));
  g_assert_no_error (error);
  px_test_assert_all_accounted (run, test_tmpdir);
  px_spec_clear (spec);
  return run;
}

/* 1,000 sleeps of 100 ms on one loop end together, in about 100 ms:
 * all in flight at once. The bound on the time is loose (one at a time
 * would take 100 s), so that a busy machine holding the test a second
 * does not fail it. */
static void
test_loop_sleeps (void)
{
  g_autoptr(PxRun) run = NULL;
  PxRunCounters c;
  PxLoopStats stats;
  PxSpec spec;

  px_test_spec (&spec, PX_EXECUTOR_EVENT_LOOP, PX_KIND_SLEEP, 1, 1000, 100);
  run = run_loop (&spec);
  px_run_get_counters (run, &c);
  g_test_message ("1000 sleeps of 100 ms on one loop: %.1f ms", c.elapsed_us / 1e3);
  g_assert_cmpuint (c.done, ==, 1000);
  g_assert_cmpuint (c.failed, ==, 0);
  g_assert_cmpint (c.elapsed_us, >=, 100000);
  g_assert_cmpint (c.elapsed_us, <=, 10 * G_USEC_PER_SEC);
  g_assert_true (px_run_get_loop_stats (run, 0, &stats));
  g_assert_cmpuint (stats.in_flight_max, ==, 1000);
  g_assert_cmpuint (stats.slow_callbacks, ==, 0);
  g_assert_cmpuint (stats.in_flight, ==, 0);
}

/* A task that computes holds its loop as long as it runs: the lag probe
 * due meanwhile runs that much late, and each is a slow callback. */
static void
test_loop_blocking (void)
{
  g_autoptr(PxRun) run = NULL;
  g_auto(GStrv) events = NULL;
  const PxTaskRecord *records;
  PxRunCounters c;
  PxLoopStats stats;
  PxSpec spec;
  gint64 longest = 0;
  guint n, slow = 0;

  px_test_spec (&spec, PX_EXECUTOR_EVENT_LOOP, PX_KIND_CPU, 1, 5, 40);
  spec.slow_callback_ms = 10;
  run = run_loop (&spec);
  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.done, ==, 5);
  records = px_run_get_records (run, &n);
  for (guint i = 0; i < n; i++)
    longest = MAX (longest, records[i].end_us - records[i].start_us);
  g_assert_true (px_run_get_loop_stats (run, 0, &stats));
  g_test_message ("longest task %.1f ms, loop lag at most %.1f ms, %u slow callbacks",
                  longest / 1e3, stats.lag_max_us / 1e3, stats.slow_callbacks);
  /* The probe due while the longest task ran waited for all of it but
   * the part before it was due: at most one interval (10 ms). */
  g_assert_cmpint (stats.lag_max_us, >=, longest - 10000 - 1000);
  g_assert_cmpuint (stats.slow_callbacks, ==, 5);
  events = px_run_dup_events (run);
  for (guint i = 0; events[i] != NULL; i++)
    if (strstr (events[i], "(slow callback)") != NULL)
      slow++;
  g_assert_cmpuint (slow, ==, 5);
  {
    g_autofree char *reading = px_run_dup_loop_reading (run);

    g_assert_nonnull (strstr (reading, "5 slow callbacks over 10"));
  }
}

/* The loop's lag as a live series: sleeps of which every 50th computes
 * for its length (block-every) hold the loop; the series sampled while
 * the run goes reaches the most lag the loop's own probes found, which
 * covers the longest blocking task; tasks in flight are sampled too. A
 * report keeps both series; a run on threads samples neither and its
 * report has none. */
static void
test_loop_live_lag (void)
{
  g_autoptr(PxRun) run = NULL;
  g_autoptr(PxSampler) sampler = NULL;
  g_autoptr(PxRun) loaded = NULL;
  g_autoptr(PxSampler) loaded_sampler = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (test_tmpdir, "lag.json", NULL);
  const PxTaskRecord *records;
  PxHistory *lag, *in_flight;
  PxLoopStats stats;
  double lag_max = 0, in_flight_max = 0;
  gint64 longest = 0;
  guint n;
  PxSpec spec;

  px_test_spec (&spec, PX_EXECUTOR_EVENT_LOOP, PX_KIND_SLEEP, 1, 200, 60);
  spec.block_every = 50;
  run = px_run_new (&spec);
  px_spec_clear (&spec);
  sampler = px_sampler_new (run);
  px_run_execute_async (run, NULL, NULL, NULL);
  for (guint i = 0; i < 1000 && px_run_get_end_time (run) == 0; i++)
    {
      px_sampler_sample (sampler);
      g_usleep (20 * 1000);
    }
  px_test_wait (run);
  px_sampler_sample (sampler);

  records = px_run_get_records (run, &n);
  for (guint i = 49; i < n; i += 50)
    longest = MAX (longest, records[i].end_us - records[i].start_us);
  lag = px_sampler_get_worker_series (sampler, 0, PX_WORKER_SERIES_LOOP_LAG);
  in_flight = px_sampler_get_worker_series (sampler, 0, PX_WORKER_SERIES_LOOP_IN_FLIGHT);
  g_assert_cmpuint (px_history_get_length (lag), ==,
                    px_history_get_length (px_sampler_get_time (sampler)));
  for (guint i = 0; i < px_history_get_length (lag); i++)
    {
      lag_max = MAX (lag_max, px_history_get (lag, i));
      in_flight_max = MAX (in_flight_max, px_history_get (in_flight, i));
    }
  g_assert_true (px_run_get_loop_stats (run, 0, &stats));
  g_test_message ("longest blocking task %.1f ms; lag at most %.1f ms by the probes, %.1f ms "
                  "in the live series; %.0f tasks in flight at most", longest / 1e3,
                  stats.lag_max_us / 1e3, lag_max * 1e3, in_flight_max);
  g_assert_cmpint (stats.lag_max_us, >=, longest - 10000 - 1000);
  g_assert_cmpfloat (lag_max * 1e6, >=, stats.lag_max_us - 1);
  g_assert_cmpfloat (in_flight_max, >, 0);
  g_assert_cmpfloat (in_flight_max, <=, 200);

  g_assert_true (px_report_write (run, sampler, NULL, PX_REPORT_JSON, path, &error));
  g_assert_no_error (error);
  g_assert_true (px_report_read (path, &loaded, &loaded_sampler, NULL, &error));
  g_assert_no_error (error);
  {
    PxHistory *back = px_sampler_get_worker_series (loaded_sampler, 0,
                                                    PX_WORKER_SERIES_LOOP_LAG);

    g_assert_cmpuint (px_history_get_length (back), ==, px_history_get_length (lag));
    for (guint i = 0; i < px_history_get_length (lag); i++)
      g_assert_cmpfloat (fabs (px_history_get (back, i) - px_history_get (lag, i)), <, 1e-3);
  }

  /* Threads have no loop: nothing sampled, nothing written. */
  {
    g_autoptr(PxRun) threads = NULL;
    g_autoptr(PxSampler) threads_sampler = NULL;
    g_autofree char *text = NULL;

    px_test_spec (&spec, PX_EXECUTOR_THREADS, PX_KIND_SLEEP, 2, 4, 5);
    threads = px_run_new (&spec);
    px_spec_clear (&spec);
    g_assert_true (px_run_execute (threads, &error));
    threads_sampler = px_sampler_new (threads);
    px_sampler_sample (threads_sampler);
    g_assert_cmpuint (px_history_get_length (px_sampler_get_worker_series (
                        threads_sampler, 0, PX_WORKER_SERIES_LOOP_LAG)), ==, 0);
    g_assert_true (px_report_write (threads, threads_sampler, NULL, PX_REPORT_JSON, path,
                                    &error));
    g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
    g_assert_null (strstr (text, "loop-lag-s"));
    g_assert_null (strstr (text, "server-queue"));
    g_clear_object (&loaded);
    g_clear_object (&loaded_sampler);
    g_assert_true (px_report_read (path, &loaded, &loaded_sampler, NULL, &error));
    g_assert_no_error (error);
  }
  g_unlink (path);
}

/* asyncio.Lock across two loops: with the whole task inside the lock no
 * two tasks compute at once, so the run lasts at least as long as the
 * loops' threads computed, by the kernel's count of their CPU time; the
 * waits are the tasks' (lock waits in their records), and each task's
 * result is checked as on threads. */
static void
test_loop_lock (void)
{
  g_autoptr(PxRun) run = NULL;
  const PxTaskWaits *waits;
  PxRunCounters c;
  gint64 waited = 0;
  double cpu_us = 0;
  guint n;
  PxSpec spec;

  px_test_spec (&spec, PX_EXECUTOR_EVENT_LOOP, PX_KIND_LOCK, 2, 30, 4);
  spec.lock_fraction = 1.0;
  run = run_loop (&spec);
  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.done, ==, 30);
  g_assert_cmpuint (c.failed, ==, 0);
  px_run_get_records (run, &n);
  waits = px_run_get_task_waits (run);
  for (guint i = 0; i < n; i++)
    waited += waits[i].lock_wait_us;
  for (guint w = 0; w < 2; w++)
    {
      PxWorkerSnapshot snapshot;

      px_run_get_worker (run, w, &snapshot);
      cpu_us += snapshot.cpu_ns / 1e3;
    }
  g_test_message ("30 tasks of 4 ms in one lock on 2 loops: %.1f ms, the loops computed "
                  "%.1f ms, %.1f ms of lock waits", c.elapsed_us / 1e3, cpu_us / 1e3,
                  waited / 1e3);
  g_assert_cmpint (waited, >, 0);
  g_assert_cmpfloat (c.elapsed_us, >=, 0.9 * cpu_us);
}

/* asyncio.Semaphore: 40 waits of 200 ms on one loop, 4 at a time, take
 * ten rounds; with 40 permits, one. */
static void
test_loop_semaphore (void)
{
  double elapsed[2];

  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(PxRun) run = NULL;
      const PxTaskWaits *waits;
      PxRunCounters c;
      gint64 waited = 0;
      guint n;
      PxSpec spec;

      px_test_spec (&spec, PX_EXECUTOR_EVENT_LOOP, PX_KIND_SEMAPHORE, 1, 40, 200);
      spec.semaphore_limit = k == 0 ? 4 : 40;
      run = run_loop (&spec);
      px_run_get_counters (run, &c);
      g_assert_cmpuint (c.done, ==, 40);
      px_run_get_records (run, &n);
      waits = px_run_get_task_waits (run);
      for (guint i = 0; i < n; i++)
        waited += waits[i].lock_wait_us;
      elapsed[k] = c.elapsed_us / 1e3;
      g_test_message ("semaphore of %u: %.1f ms, %.1f ms of waits for a permit",
                      k == 0 ? 4 : 40, elapsed[k], waited / 1e3);
      if (k == 0)
        g_assert_cmpint (waited, >, 0);
      else
        g_assert_cmpint (waited, ==, 0);
    }
  /* Ten rounds of four against one of all forty: 2 s against 0.2 s,
   * far apart however busy the machine. */
  g_assert_cmpfloat (elapsed[0], >=, 10 * 200);
  g_assert_cmpfloat (elapsed[1], <, elapsed[0] / 2);
}

/* asyncio.Event and asyncio.Condition: a coroutine of loop 0 sets the
 * event (or produces an item) every interval; every task awaits it, then
 * works. On two loops: each task waited for its signal (its record's
 * signal wait), a set released them all, and notify_all wakes the herd
 * that notify does not. */
static void
test_loop_signals (void)
{
  guint64 futile[2] = { 0 };

  {
    g_autoptr(PxRun) run = NULL;
    const PxTaskWaits *waits;
    PxSignalStats s;
    PxRunCounters c;
    guint n, waited = 0;
    PxSpec spec;

    px_test_spec (&spec, PX_EXECUTOR_EVENT_LOOP, PX_KIND_EVENT, 2, 60, 1);
    spec.event_every = 20;
    run = run_loop (&spec);
    px_run_get_counters (run, &c);
    g_assert_cmpuint (c.done, ==, 60);
    px_run_get_signal_stats (run, &s);
    px_run_get_records (run, &n);
    waits = px_run_get_task_waits (run);
    for (guint i = 0; i < n; i++)
      waited += waits[i].signal_wait_us >= 15000;
    g_test_message ("event on 2 loops: set %" G_GUINT64_FORMAT " times, %u of 60 tasks waited "
                    "at least 15 ms", s.event_sets, waited);
    g_assert_cmpuint (s.event_sets, >=, 1);
    /* Every task began before the first set, 20 ms in: it waited. */
    g_assert_cmpuint (waited, >=, 30);
  }
  for (guint all = 0; all < 2; all++)
    {
      g_autoptr(PxRun) run = NULL;
      PxSignalStats s;
      PxRunCounters c;
      PxSpec spec;

      px_test_spec (&spec, PX_EXECUTOR_EVENT_LOOP, PX_KIND_CONDITION, 1, 40, 1);
      spec.notify_all = all;
      run = run_loop (&spec);
      px_run_get_counters (run, &c);
      g_assert_cmpuint (c.done, ==, 40);
      px_run_get_signal_stats (run, &s);
      g_test_message ("condition with %s: %" G_GUINT64_FORMAT " items, %" G_GUINT64_FORMAT
                      " wakeups, %" G_GUINT64_FORMAT " futile", all ? "notify_all" : "notify",
                      s.items, s.wakeups, s.futile_wakeups);
      /* An item a task: each took one. */
      g_assert_cmpuint (s.items, >=, 40);
      g_assert_cmpuint (s.items - s.items_left, ==, 40);
      futile[all] = s.futile_wakeups;
    }
  g_assert_cmpuint (futile[0], ==, 0);
  g_assert_cmpuint (futile[1], >, 40);
}

/* asyncio.Barrier: the tasks in flight (4 a loop on 2 loops) meet after
 * their work; with sizes spread, the quick ones wait for the slowest of
 * their round, which is their lock wait, and the last round, smaller,
 * does not wait for tasks that will not come. */
static void
test_loop_barrier (void)
{
  g_autoptr(PxRun) run = NULL;
  const PxTaskWaits *waits;
  PxRunCounters c;
  guint n, waited = 0;
  PxSpec spec;

  px_test_spec (&spec, PX_EXECUTOR_EVENT_LOOP, PX_KIND_BARRIER, 2, 42, 2);
  spec.concurrency = 4;
  spec.jitter = PX_JITTER_EXPONENTIAL;
  run = run_loop (&spec);
  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.done, ==, 42);
  px_run_get_records (run, &n);
  waits = px_run_get_task_waits (run);
  for (guint i = 0; i < n; i++)
    waited += waits[i].lock_wait_us > 0;
  g_test_message ("42 tasks meeting 8 at a time on 2 loops: %.1f ms, %u waited at the barrier",
                  c.elapsed_us / 1e3, waited);
  g_assert_cmpuint (waited, >=, 21);
}

/* A cancel ends at once the tasks awaiting a signal (a set once an
 * hour) or a permit (one for 40 tasks of a minute). All 40 are in flight
 * until the first ends: a minute, so that a test held a second or more
 * on a busy machine still sees them. */
static void
test_loop_waiters_cancel (void)
{
  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(PxRun) run = NULL;
      PxRunCounters c;
      PxSpec spec;

      px_test_spec (&spec, PX_EXECUTOR_EVENT_LOOP, k == 0 ? PX_KIND_EVENT : PX_KIND_SEMAPHORE, 2,
                    40, 60 * 1000);
      spec.event_every = 60;
      spec.semaphore_limit = 1;
      run = px_run_new (&spec);
      px_spec_clear (&spec);
      g_assert_cmpint (px_test_cancel_in_flight (run, 40), <, 5 * G_USEC_PER_SEC);
      px_run_get_counters (run, &c);
      g_assert_cmpuint (c.cancelled, ==, 40);
      px_test_assert_all_accounted (run, test_tmpdir);
    }
}

/* concurrency holds: never more tasks in flight, so the waits queue. */
static void
test_loop_concurrency (void)
{
  g_autoptr(PxRun) run = NULL;
  PxRunCounters c;
  PxLoopStats stats;
  PxSpec spec;

  px_test_spec (&spec, PX_EXECUTOR_EVENT_LOOP, PX_KIND_SLEEP, 2, 40, 20);
  spec.concurrency = 4;
  run = run_loop (&spec);
  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.done, ==, 40);
  /* 40 waits of 20 ms, 8 at a time: five rounds at least. */
  g_assert_cmpint (c.elapsed_us, >=, 5 * 20000);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (px_run_get_loop_stats (run, i, &stats));
      g_assert_cmpuint (stats.in_flight_max, <=, 4);
      g_assert_cmpuint (stats.in_flight_max, >=, 1);
    }
}

/* File IO on the loops' helper threads, and mixed tasks: all done, all
 * correct. */
static void
test_loop_kinds (void)
{
  PxTaskKind kinds[] = { PX_KIND_FILE_IO, PX_KIND_MIXED };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(PxRun) run = NULL;
      PxRunCounters c;
      PxSpec spec;

      px_test_spec (&spec, PX_EXECUTOR_EVENT_LOOP, kinds[k], 2, 30, 2);
      spec.concurrency = 8;
      run = run_loop (&spec);
      px_run_get_counters (run, &c);
      g_assert_cmpuint (c.done, ==, 30);
      g_assert_cmpuint (c.failed, ==, 0);
    }
}

/* task-timeout cuts an await, as asyncio.wait_for does; and the loops
 * share the tasks. */
static void
test_loop_timeout_and_sharing (void)
{
  g_autoptr(PxRun) run = NULL;
  g_autoptr(PxRun) shared_run = NULL;
  const PxTaskRecord *records;
  PxRunCounters c;
  PxSpec spec;
  guint n, per_loop[2] = { 0, 0 };

  /* Awaits of a minute cut at 0.1 s. */
  px_test_spec (&spec, PX_EXECUTOR_EVENT_LOOP, PX_KIND_SLEEP, 1, 20, 60000);
  spec.task_timeout = 0.1;
  run = run_loop (&spec);
  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.failed, ==, 20);
  g_assert_cmpint (c.elapsed_us, <, 30 * G_USEC_PER_SEC);

  /* Sleeps of 2 s: the first loop takes its share and awaits them, and
   * the second, however late a busy machine starts it, finds the rest. */
  px_test_spec (&spec, PX_EXECUTOR_EVENT_LOOP, PX_KIND_SLEEP, 2, 2000, 2000);
  shared_run = run_loop (&spec);
  records = px_run_get_records (shared_run, &n);
  for (guint i = 0; i < n; i++)
    per_loop[records[i].worker]++;
  g_test_message ("tasks on each loop: %u and %u", per_loop[0], per_loop[1]);
  g_assert_cmpuint (per_loop[0] + per_loop[1], ==, 2000);
  g_assert_cmpuint (per_loop[0], >, 0);
  g_assert_cmpuint (per_loop[1], >, 0);
}

/* A cancel ends every awaiting task at once. */
static void
test_loop_cancel (void)
{
  g_autoptr(PxRun) run = NULL;
  PxRunCounters c;
  PxSpec spec;
  gint64 start;

  px_test_spec (&spec, PX_EXECUTOR_EVENT_LOOP, PX_KIND_SLEEP, 2, 100, 30000);
  spec.executor = PX_EXECUTOR_EVENT_LOOP;
  run = px_run_new (&spec);
  px_spec_clear (&spec);
  px_run_execute_async (run, NULL, NULL, NULL);
  g_usleep (300 * 1000);
  start = g_get_monotonic_time ();
  px_run_cancel (run);
  px_test_wait (run);
  g_test_message ("cancelled in %.1f ms", (g_get_monotonic_time () - start) / 1e3);
  /* At once: a few ms here; the bound leaves room for a busy machine,
   * far below the tasks' 30 s. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.done, ==, 0);
  g_assert_cmpuint (c.cancelled, ==, 100);
}

/* What cannot await is refused, naming what can. */
static void
test_loop_refused (void)
{
  g_autoptr(PxProfile) profile = px_profile_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (px_profile_set_value (profile, "executor", "event-loop", NULL));
  g_assert_true (px_profile_set_value (profile, "kind", "shared-update", NULL));
  g_assert_false (px_profile_check (profile, &error));
  g_assert_nonnull (strstr (error->message, "kind=shared-update does not run on "
                                            "executor=event-loop; accepted there: sleep, cpu, "
                                            "mixed, file-io, net, lock, semaphore, barrier, "
                                            "event, condition"));
  g_clear_error (&error);
  g_assert_true (px_profile_set_value (profile, "kind", "sleep", NULL));
  g_assert_true (px_profile_check (profile, NULL));
  g_assert_false (px_profile_set_value (profile, "concurrency", "-1", &error));
  g_assert_nonnull (error);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  test_tmpdir = px_test_private_tmpdir ("px-loop");

  g_test_add_func ("/loop/sleeps", test_loop_sleeps);
  g_test_add_func ("/loop/blocking", test_loop_blocking);
  g_test_add_func ("/loop/live-lag", test_loop_live_lag);
  g_test_add_func ("/loop/lock", test_loop_lock);
  g_test_add_func ("/loop/semaphore", test_loop_semaphore);
  g_test_add_func ("/loop/waiters-cancel", test_loop_waiters_cancel);
  g_test_add_func ("/loop/signals", test_loop_signals);
  g_test_add_func ("/loop/barrier", test_loop_barrier);
  g_test_add_func ("/loop/concurrency", test_loop_concurrency);
  g_test_add_func ("/loop/kinds", test_loop_kinds);
  g_test_add_func ("/loop/timeout-and-sharing", test_loop_timeout_and_sharing);
  g_test_add_func ("/loop/cancel", test_loop_cancel);
  g_test_add_func ("/loop/refused", test_loop_refused);

  status = g_test_run ();
  px_test_remove_dir (test_tmpdir);
  g_free (test_tmpdir);
  return status;
}
