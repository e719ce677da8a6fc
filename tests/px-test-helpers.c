/* px-test-helpers.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the tests and benchmarks share.
 */

#include "config.h"

#include "px-profile.h"
#include "px-test-helpers.h"

/* A profile's defaults with the given workload; files and buffers small. */
void
px_test_spec (PxSpec         *spec,
              PxExecutorKind  executor,
              PxTaskKind      kind,
              guint           workers,
              guint           tasks,
              double          task_ms)
{
  g_autoptr(PxProfile) profile = px_profile_new ();

  px_spec_copy (spec, px_profile_get_spec (profile));
  spec->executor = executor;
  spec->kind = kind;
  spec->workers = workers;
  spec->tasks = tasks;
  spec->task_ms = task_ms;
  spec->file_bytes = 32768;
  spec->memory_bytes = 65536;
}

/* For a test that needs a display: TRUE if @have_display; otherwise the
 * test is skipped, or fails where PX_REQUIRE_DISPLAY says GUI tests must
 * run (as build-aux/dev test and CI do). */
gboolean
px_test_require_display (gboolean have_display)
{
  if (have_display)
    return TRUE;
  if (g_getenv ("PX_REQUIRE_DISPLAY") != NULL)
    g_test_fail_printf ("no display, but PX_REQUIRE_DISPLAY is set: GUI tests must run");
  else
    g_test_skip ("no display: run the GUI tests under xvfb-run (build-aux/dev test does)");
  return FALSE;
}

/* Waits until a run started with px_run_execute_async() has ended, then
 * lets its completion run on the main context. */
void
px_test_wait (PxRun *run)
{
  PxRunState state;

  while ((state = px_run_get_state (run)) == PX_RUN_READY || state == PX_RUN_RUNNING)
    g_usleep (1000);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Waits until @n tasks of a running run are done; fails after a minute. */
void
px_test_wait_for_done (PxRun *run,
                       guint  n)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  PxRunCounters c;

  for (;;)
    {
      px_run_get_counters (run, &c);
      if (c.done >= n)
        return;
      if (g_get_monotonic_time () > deadline)
        g_error ("only %u of %u tasks done after a minute", c.done, n);
      g_usleep (2000);
    }
}
