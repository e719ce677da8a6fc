/* test-signal.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kind=event and kind=condition on threads and worker processes: worker
 * 0 signals, the others wait, and the wait is its own state (signal
 * wait) that burns no CPU by the kernel's account; an event set every N
 * tasks lets each waiter through once a setting, a start gate once for
 * all; notify_all wakes the herd that notify does not; nobody waits for a
 * signal that cannot come (the queue drained, worker 0 dead, a cancel);
 * the figures survive a report read back, and a report without them
 * still loads.
 */

#include "config.h"

#include <string.h>

#include "px-report.h"
#include "px-sampler.h"
#include "px-summary.h"
#include "px-test-helpers.h"

static char *test_tmpdir;
/* The fault worker's links, apart from what runs must leave empty. */
static char *fault_dir;

static const PxExecutorKind executors[] = { PX_EXECUTOR_THREADS, PX_EXECUTOR_PROCESSES };

static PxRun *
run_spec (PxSpec     *spec,
          const char *worker_path)
{
  g_autoptr(GError) error = NULL;
  PxRun *run = px_run_new (spec);

  px_spec_clear (spec);
  if (worker_path != NULL)
    px_run_set_worker_path (run, worker_path);
  g_assert_true (px_run_execute (run, &error));
  g_assert_no_error (error);
  px_test_assert_all_accounted (run, test_tmpdir);
  return run;
}

/* The signal waits of worker @worker's tasks, as each task measured them. */
static gint64
records_signal_wait (PxRun *run,
                     guint  worker)
{
  const PxTaskRecord *records;
  gint64 sum = 0;
  guint n;

  records = px_run_get_records (run, &n);
  for (guint i = 0; i < n; i++)
    if (records[i].worker == worker)
      sum += px_run_get_task_waits (run)[i].signal_wait_us;
  return sum;
}

/* A waiter's signal wait, read two ways (its state's clock, and its
 * tasks' own measures), agrees; the wait burns no CPU: the kernel's
 * count of the worker's CPU time stays within the time it was not
 * waiting (for a thread, the time its tasks were not waiting; a worker
 * process's count covers its whole life, so the run's wall time). */
static void
assert_waits_are_sleeps (PxRun    *run,
                         guint     worker,
                         gboolean  must_wait)
{
  PxWorkerSnapshot w;
  PxRunCounters c;
  gint64 by_tasks = records_signal_wait (run, worker);
  gint64 by_state, not_waiting;
  double cpu_us;

  px_run_get_worker (run, worker, &w);
  px_run_get_counters (run, &c);
  by_state = w.time_us[PX_WORKER_SIGNAL_WAIT];
  cpu_us = w.cpu_ns / 1e3;
  not_waiting = px_run_get_spec (run)->executor == PX_EXECUTOR_THREADS
                ? w.busy_us - by_tasks : c.elapsed_us - by_tasks;
  g_test_message ("worker %u: signal wait %.1f ms by its state, %.1f ms by its tasks; CPU "
                  "%.1f ms of %.1f ms not waiting", worker, by_state / 1e3, by_tasks / 1e3,
                  cpu_us / 1e3, not_waiting / 1e3);
  /* Worker processes start one by one, slowly on a busy machine or under
   * a sanitizer: worker 0 may have signalled all there was before a
   * waiter started, and then nobody waited. */
  if (must_wait)
    g_assert_cmpint (by_tasks, >, 0);
  g_assert_cmpint (ABS (by_state - by_tasks), <=, 10000 + by_tasks / 10);
  g_assert_cmpfloat (cpu_us, <=, (double)not_waiting + 20000);
}

/* Worker 0 sets the event every 3 of its tasks; each of the others runs
 * a task a setting, waits in between, and the waits are sleeps. */
static void
test_event_executors (void)
{
  for (guint e = 0; e < G_N_ELEMENTS (executors); e++)
    {
      g_autoptr(PxRun) run = NULL;
      g_autofree char *reading = NULL;
      PxSignalStats s;
      PxWorkerSnapshot setter;
      PxRunCounters c;
      PxSpec spec;

      px_test_spec (&spec, executors[e], PX_KIND_EVENT, 3, 60, 4);
      spec.event_every = 3;
      spec.event_clear = TRUE;
      run = run_spec (&spec, NULL);
      px_run_get_counters (run, &c);
      g_assert_cmpuint (c.done, ==, 60);
      px_run_get_signal_stats (run, &s);
      px_run_get_worker (run, 0, &setter);
      g_test_message ("%s: the setter ran %" G_GUINT64_FORMAT " tasks and set the event %"
                      G_GUINT64_FORMAT " times", px_executor_kind_name (executors[e]),
                      setter.tasks_done, s.event_sets);
      g_assert_cmpuint (s.event_sets, ==, setter.tasks_done / 3);
      g_assert_cmpint (records_signal_wait (run, 0), ==, 0);
      if (executors[e] == PX_EXECUTOR_THREADS)
        g_assert_cmpuint (s.event_waits, >, 0);
      for (guint w = 1; w < 3; w++)
        {
          PxWorkerSnapshot waiter;

          px_run_get_worker (run, w, &waiter);
          /* A task a setting, and the last one or two once the setter
           * has nothing left (threads hold one task at a time). */
          if (executors[e] == PX_EXECUTOR_THREADS)
            g_assert_cmpuint (waiter.tasks_done, <=, s.event_sets + 2);
          assert_waits_are_sleeps (run, w, executors[e] == PX_EXECUTOR_THREADS);
        }
      reading = px_run_dup_signal_reading (run);
      g_assert_nonnull (strstr (reading, "Event: set "));
    }
}

/* A start gate (event-clear=false): set once, it stays set; each waiter
 * blocks once at most, at the start. */
static void
test_event_gate (void)
{
  g_autoptr(PxRun) run = NULL;
  PxSignalStats s;
  PxRunCounters c;
  PxSpec spec;

  px_test_spec (&spec, PX_EXECUTOR_THREADS, PX_KIND_EVENT, 3, 60, 3);
  spec.event_every = 5;
  spec.event_clear = FALSE;
  run = run_spec (&spec, NULL);
  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.done, ==, 60);
  px_run_get_signal_stats (run, &s);
  g_assert_cmpuint (s.event_sets, >=, 1);
  g_assert_cmpuint (s.event_waits, <=, 2);
}

/* notify wakes one consumer an item; notify_all wakes them all, and most
 * find the item gone: the thundering herd, counted as futile wakeups. */
static void
test_condition_herd (void)
{
  guint64 futile[2] = { 0 };

  for (guint all = 0; all < 2; all++)
    {
      g_autoptr(PxRun) run = NULL;
      g_autofree char *reading = NULL;
      PxWorkerSnapshot producer;
      PxSignalStats s;
      PxRunCounters c;
      PxSpec spec;

      px_test_spec (&spec, PX_EXECUTOR_THREADS, PX_KIND_CONDITION, 6, 120, 3);
      spec.notify_all = all;
      run = run_spec (&spec, NULL);
      px_run_get_counters (run, &c);
      g_assert_cmpuint (c.done, ==, 120);
      px_run_get_signal_stats (run, &s);
      px_run_get_worker (run, 0, &producer);
      reading = px_run_dup_signal_reading (run);
      g_test_message ("%s", reading);
      /* An item a task of worker 0's; every consumer's task took one,
       * but for the last few, once worker 0 had nothing left. */
      g_assert_cmpuint (s.items, ==, producer.tasks_done);
      g_assert_cmpuint (s.notifies, ==, s.items);
      g_assert_cmpuint (c.done - producer.tasks_done, <=, s.items - s.items_left + 5);
      g_assert_cmpuint (s.wakeups, >, 0);
      futile[all] = s.futile_wakeups;
      assert_waits_are_sleeps (run, 1, TRUE);
      g_assert_nonnull (strstr (reading, all ? "notify_all" : "notify;"));
    }
  g_assert_cmpuint (futile[1], >, futile[0]);
  g_assert_cmpuint (futile[1], >=, 30);
}

/* Worker processes share the condition through the run's memory. */
static void
test_condition_processes (void)
{
  g_autoptr(PxRun) run = NULL;
  PxWorkerSnapshot producer;
  PxSignalStats s;
  PxRunCounters c;
  PxSpec spec;

  px_test_spec (&spec, PX_EXECUTOR_PROCESSES, PX_KIND_CONDITION, 4, 60, 3);
  spec.notify_all = TRUE;
  run = run_spec (&spec, NULL);
  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.done, ==, 60);
  px_run_get_signal_stats (run, &s);
  px_run_get_worker (run, 0, &producer);
  g_assert_cmpuint (s.items, ==, producer.tasks_done);
  /* Every consumer's task took an item, but for the last few. */
  g_assert_cmpuint (c.done - producer.tasks_done, <=, s.items - s.items_left + 3);
  assert_waits_are_sleeps (run, 2, FALSE);
}

/* Worker 0 dies every few tasks (all workers do, as they run the same
 * binary): the waiters are let go while it is gone, its replacement
 * signals again, and the run ends with every task accounted for. */
static void
test_signaller_lost (void)
{
  for (guint k = 0; k < 2; k++)
    {
      g_autofree char *worker = px_test_fault_worker (fault_dir, "crash", 4);
      g_autoptr(PxRun) run = NULL;
      PxRunCounters c;
      PxSpec spec;

      px_test_spec (&spec, PX_EXECUTOR_PROCESSES, k == 0 ? PX_KIND_EVENT : PX_KIND_CONDITION,
                    3, 24, 2);
      spec.event_every = 2;
      spec.retries = 3;
      spec.worker_timeout = 5;
      run = run_spec (&spec, worker);
      px_run_get_counters (run, &c);
      g_test_message ("%s: %u done, %u failed, %u workers lost",
                      px_task_kind_name (px_run_get_spec (run)->kind), c.done, c.failed,
                      c.workers_lost);
      g_assert_cmpuint (c.done + c.failed, ==, 24);
      g_assert_cmpuint (c.workers_lost, >=, 1);
    }
}

/* A cancel lets every waiter go, on either executor, at once. */
static void
test_signal_cancel (void)
{
  for (guint e = 0; e < G_N_ELEMENTS (executors); e++)
    {
      g_autoptr(PxRun) run = NULL;
      PxRunCounters c;
      PxSpec spec;

      /* The setter sets once in 1,000 tasks of 20 ms: the others wait. */
      px_test_spec (&spec, executors[e], PX_KIND_EVENT, 3, 3000, 20);
      spec.event_every = 1000;
      run = px_run_new (&spec);
      px_spec_clear (&spec);
      g_assert_cmpint (px_test_cancel_in_flight (run, 3), <, 5 * G_USEC_PER_SEC);
      px_run_get_counters (run, &c);
      g_assert_cmpuint (c.done + c.failed + c.cancelled, ==, 3000);
      px_test_assert_all_accounted (run, test_tmpdir);
    }
}

/* A report keeps the signals' figures and each task's signal wait; one
 * written before they existed still loads, with none. */
static void
test_signal_report (void)
{
  g_autoptr(PxRun) run = NULL;
  g_autoptr(PxRun) loaded = NULL;
  g_autoptr(PxRun) old = NULL;
  g_autoptr(PxSampler) sampler = NULL;
  g_autoptr(PxSampler) loaded_sampler = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (test_tmpdir, "condition.json", NULL);
  g_autofree char *old_path = g_build_filename (test_tmpdir, "old.json", NULL);
  g_autofree char *text = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autoptr(GRegex) members = NULL;
  g_autofree char *stripped = NULL;
  const PxTaskWaits *wa, *wb;
  guint na, nb;
  PxSpec spec;

  px_test_spec (&spec, PX_EXECUTOR_THREADS, PX_KIND_CONDITION, 4, 40, 2);
  run = run_spec (&spec, NULL);
  sampler = px_sampler_new (run);
  px_sampler_sample (sampler);
  g_assert_true (px_report_write (run, sampler, NULL, PX_REPORT_JSON, path, &error));
  g_assert_no_error (error);
  g_assert_true (px_report_read (path, &loaded, &loaded_sampler, NULL, &error));
  g_assert_no_error (error);

  a = px_run_dup_signal_reading (run);
  b = px_run_dup_signal_reading (loaded);
  g_assert_cmpstr (a, ==, b);
  px_run_get_records (run, &na);
  px_run_get_records (loaded, &nb);
  wa = px_run_get_task_waits (run);
  wb = px_run_get_task_waits (loaded);
  g_assert_cmpuint (na, ==, nb);
  for (guint i = 0; i < na; i++)
    g_assert_cmpuint (wa[i].signal_wait_us, ==, wb[i].signal_wait_us);

  /* Without the members a report of an earlier version lacks. */
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  members = g_regex_new (",\\s*\"signals\"\\s*:\\s*\\{[^}]*\\}|"
                         ",\\s*\"signal-wait(-us)?\"\\s*:\\s*[0-9]+", 0, 0, NULL);
  stripped = g_regex_replace_literal (members, text, -1, 0, "", 0, NULL);
  g_assert_null (strstr (stripped, "signal"));
  g_assert_true (g_file_set_contents (old_path, stripped, -1, NULL));
  g_clear_object (&loaded_sampler);
  g_assert_true (px_report_read (old_path, &old, &loaded_sampler, NULL, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  fault_dir = px_test_make_dir ("px-signal-fault");
  test_tmpdir = px_test_private_tmpdir ("px-signal");

  g_test_add_func ("/signal/event", test_event_executors);
  g_test_add_func ("/signal/event-gate", test_event_gate);
  g_test_add_func ("/signal/condition-herd", test_condition_herd);
  g_test_add_func ("/signal/condition-processes", test_condition_processes);
  g_test_add_func ("/signal/signaller-lost", test_signaller_lost);
  g_test_add_func ("/signal/cancel", test_signal_cancel);
  g_test_add_func ("/signal/report", test_signal_report);

  status = g_test_run ();
  px_test_remove_dir (test_tmpdir);
  px_test_remove_dir (fault_dir);
  g_free (test_tmpdir);
  g_free (fault_dir);
  return status;
}
