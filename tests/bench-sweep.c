/* bench-sweep.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The time between the points of a sweep: setting up and tearing down a
 * run (a pool of 8 threads, or of 8 worker processes) around each point.
 * Against a baseline measured in this same run: the same runs started
 * one after the other by hand, as a script would, through PxSession.
 * Subject and baseline alternate, five rounds each, and the medians are
 * judged; every figure is printed, even after a miss.
 * `meson test -C _build --benchmark -v bench-sweep`.
 */

#include "config.h"

#include "px-session.h"
#include "px-sweep.h"
#include "px-bench.h"
#include "px-test-helpers.h"

#define POINTS 8
#define ROUNDS 5

static PxProfile *
profile_for (const char *executor)
{
  PxProfile *profile = px_profile_new ();

  g_assert_true (px_profile_set_value (profile, "executor", executor, NULL));
  g_assert_true (px_profile_set_value (profile, "workers", "8", NULL));
  g_assert_true (px_profile_set_value (profile, "kind", "sleep", NULL));
  g_assert_true (px_profile_set_value (profile, "tasks", "8", NULL));
  g_assert_true (px_profile_set_value (profile, "task-ms", "2", NULL));
  return profile;
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(gboolean *)user_data = TRUE;
}

/* The mean time outside the points' runs, per point, in ms. */
static double
measure_sweep (const char *executor)
{
  g_autoptr(PxProfile) profile = profile_for (executor);
  g_autoptr(PxSweep) sweep = px_sweep_new (profile);
  gboolean done = FALSE;
  double inside = 0;
  gint64 start;

  /* The same settings at every point: chunk-size 1, eight times. */
  g_assert_true (px_sweep_add_axis (sweep, "chunk-size=1,1,1,1,1,1,1,1", NULL));
  start = g_get_monotonic_time ();
  px_sweep_run_async (sweep, done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < POINTS; i++)
    inside += px_sweep_get_point (sweep, i)->summary.wall_us;
  return (g_get_monotonic_time () - start - inside) / POINTS / 1000.0;
}

static void
session_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_assert_true (px_session_run_finish (PX_SESSION (source), result, NULL));
  *(gboolean *)user_data = TRUE;
}

/* The same, each run started by hand when the last has ended. */
static double
measure_baseline (const char *executor)
{
  g_autoptr(PxProfile) profile = profile_for (executor);
  double inside = 0;
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < POINTS; i++)
    {
      g_autoptr(PxSession) session = px_session_new (px_profile_get_spec (profile));
      gboolean done = FALSE;
      PxSummary s;

      px_session_run_async (session, NULL, session_done_cb, &done);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
      px_summary_compute (px_session_get_run (session), &s);
      inside += s.wall_us;
    }
  return (g_get_monotonic_time () - start - inside) / POINTS / 1000.0;
}

static void
bench (const char *executor,
       double      target_ms)
{
  double subject[ROUNDS], baseline[ROUNDS];
  double median_subject, median_baseline;

  for (guint r = 0; r < ROUNDS; r++)
    {
      subject[r] = measure_sweep (executor);
      baseline[r] = measure_baseline (executor);
      g_test_message ("%s round %u: %.2f ms between sweep points, %.2f ms between runs by hand",
                      executor, r + 1, subject[r], baseline[r]);
    }
  median_subject = px_test_median (subject, ROUNDS);
  median_baseline = px_test_median (baseline, ROUNDS);
  g_test_message ("%s, 8 workers: median %.2f ms between points (target %.0f ms), %.2f ms by "
                  "hand, ratio %.2f", executor, median_subject, target_ms, median_baseline,
                  median_subject / MAX (median_baseline, 0.01));
  /* The sweep adds little to what a run's set-up costs anyway. */
  {
    g_autofree char *figure = g_strdup_printf ("%s, 8 workers: time between sweep points "
                                               "(by hand / ours)", executor);
    g_autofree char *ours = g_strdup_printf ("%.2f ms", median_subject);
    g_autofree char *base = g_strdup_printf ("by hand %.2f ms", median_baseline);
    g_autofree char *target = g_strdup_printf ("≤ 1.5x + 2 ms, ≤ %.0f ms", target_ms);

    px_bench_target (figure, ours, base, median_baseline / MAX (median_subject, 0.01), target,
                     median_subject <= 1.5 * median_baseline + 2.0 &&
                     median_subject <= target_ms);
  }
}

static void
test_threads (void)
{
  bench ("threads", 20);
}

static void
test_processes (void)
{
  bench ("processes", 60);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bench/sweep/threads", test_threads);
  g_test_add_func ("/bench/sweep/processes", test_processes);

  return g_test_run ();
}
