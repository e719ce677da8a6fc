/* test-session.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A session headless, as the window and the command line drive it:
 * warm-up runs, repetitions and their statistics, stopping, cancelling,
 * and a run that cannot be carried out.
 */

#include "config.h"

#include <string.h>

#include "px-session.h"
#include "px-test-helpers.h"

typedef struct
{
  GMainLoop *loop;
  GError    *error;
  gboolean   ok;
  guint      started;
  guint      ended;
  guint      measured;
  guint      finished;
  guint      stop_at;
  GPtrArray *runs;
  GString   *stages;
} Watch;

static void
run_started_cb (PxSession *session,
                PxRun     *run,
                PxSampler *sampler,
                Watch     *w)
{
  g_autofree char *stage = px_session_dup_stage (session);

  g_assert_true (px_session_get_run (session) == run);
  g_assert_true (px_session_get_sampler (session) == sampler);
  g_assert_true (px_session_get_running (session));
  g_assert_cmpuint (px_session_get_index (session), ==, w->started);
  g_assert_null (px_session_get_repetitions (session));
  g_string_append_printf (w->stages, "%s;", stage ? stage : "-");
  g_ptr_array_add (w->runs, g_object_ref (run));
  w->started++;
  if (w->stop_at > 0 && w->started == w->stop_at)
    px_session_stop (session);
}

static void
run_ended_cb (PxSession *session,
              PxRun     *run,
              PxSampler *sampler,
              gboolean   measured,
              Watch     *w)
{
  PxRunCounters c;

  g_assert_cmpint (px_run_get_state (run), !=, PX_RUN_RUNNING);
  px_run_get_counters (run, &c);
  if (measured)
    g_assert_cmpuint (c.done, ==, c.total);
  /* The sampler has stopped and holds the run's end. */
  g_assert_cmpuint (px_sampler_get_n_samples (sampler), >, 0);
  w->ended++;
  w->measured += measured;
}

static void
finished_cb (PxSession *session,
             Watch     *w)
{
  w->finished++;
}

static void
ran_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      data)
{
  Watch *w = data;

  g_assert_cmpuint (w->finished, ==, 1);
  w->ok = px_session_run_finish (PX_SESSION (object), result, &w->error);
  g_main_loop_quit (w->loop);
}

static void
watch_init (Watch     *w,
            PxSession *session)
{
  memset (w, 0, sizeof *w);
  w->loop = g_main_loop_new (NULL, FALSE);
  w->runs = g_ptr_array_new_with_free_func (g_object_unref);
  w->stages = g_string_new (NULL);
  g_signal_connect (session, "run-started", G_CALLBACK (run_started_cb), w);
  g_signal_connect (session, "run-ended", G_CALLBACK (run_ended_cb), w);
  g_signal_connect (session, "finished", G_CALLBACK (finished_cb), w);
}

static void
watch_clear (Watch *w)
{
  g_main_loop_unref (w->loop);
  g_ptr_array_unref (w->runs);
  g_string_free (w->stages, TRUE);
  g_clear_error (&w->error);
}

static void
run_session (PxSession    *session,
             Watch        *w,
             GCancellable *cancellable)
{
  px_session_run_async (session, cancellable, ran_cb, w);
  g_main_loop_run (w->loop);
  g_assert_false (px_session_get_running (session));
}

static void
test_session_repetitions (void)
{
  g_auto(PxSpec) spec = { 0 };
  g_autoptr(PxSession) session = NULL;
  const PxRepetitions *reps;
  Watch w;

  px_test_spec (&spec, PX_EXECUTOR_THREADS, PX_KIND_CPU, 2, 8, 2);
  spec.warmup = 1;
  spec.repetitions = 3;
  session = px_session_new (&spec);
  watch_init (&w, session);
  g_assert_cmpuint (px_session_get_n_runs (session), ==, 4);

  run_session (session, &w, NULL);

  g_assert_true (w.ok);
  g_assert_no_error (w.error);
  g_assert_cmpuint (w.started, ==, 4);
  g_assert_cmpuint (w.ended, ==, 4);
  g_assert_cmpuint (w.measured, ==, 3);
  g_assert_cmpstr (w.stages->str, ==, "Warm-up run 1 of 1, not measured;Measured run 1 of 3;Measured run 2 of 3;Measured run 3 of 3;");
  g_assert_true (px_session_get_all_done (session));
  /* Each run is its own; the session keeps the last. */
  g_assert_true (px_session_get_run (session) == g_ptr_array_index (w.runs, 3));
  g_assert_true (g_ptr_array_index (w.runs, 2) != g_ptr_array_index (w.runs, 3));

  reps = px_session_get_repetitions (session);
  g_assert_nonnull (reps);
  g_assert_cmpuint (reps->n, ==, 3);
  g_assert_cmpuint (reps->warmup, ==, 1);
  for (guint i = 0; i < 3; i++)
    {
      PxSummary s;

      /* Each measured run's figures, from its own records. */
      px_summary_compute (g_ptr_array_index (w.runs, i + 1), &s);
      g_assert_cmpfloat_with_epsilon (reps->wall_s[i], s.wall_us / 1e6, 1e-9);
      g_assert_cmpfloat_with_epsilon (reps->throughput[i], s.throughput, 1e-9);
      g_assert_cmpfloat (reps->wall_s[i], >, 0);
    }
  g_assert_cmpuint (reps->wall_stats.n, ==, 3);
  g_assert_cmpfloat (reps->wall_stats.min, <=, reps->wall_stats.mean);
  g_assert_cmpfloat (reps->wall_stats.mean, <=, reps->wall_stats.max);
  watch_clear (&w);
}

static void
test_session_single (void)
{
  g_auto(PxSpec) spec = { 0 };
  g_autoptr(PxSession) session = NULL;
  const PxRepetitions *reps;
  Watch w;

  px_test_spec (&spec, PX_EXECUTOR_PROCESSES, PX_KIND_SLEEP, 2, 6, 1);
  session = px_session_new (&spec);
  watch_init (&w, session);
  run_session (session, &w, NULL);

  g_assert_true (w.ok);
  g_assert_cmpuint (w.started, ==, 1);
  g_assert_cmpuint (w.measured, ==, 1);
  g_assert_cmpstr (w.stages->str, ==, "-;");
  reps = px_session_get_repetitions (session);
  g_assert_cmpuint (reps->n, ==, 1);
  g_assert_cmpuint (px_test_count_children (), ==, 0);
  watch_clear (&w);
}

/* Stopped during its second run: that run is not measured, and no third
 * starts. */
static void
test_session_stop (void)
{
  g_auto(PxSpec) spec = { 0 };
  g_autoptr(PxSession) session = NULL;
  PxRunCounters c;
  Watch w;

  px_test_spec (&spec, PX_EXECUTOR_PROCESSES, PX_KIND_SLEEP, 2, 400, 5);
  spec.repetitions = 3;
  spec.tasks = 4;
  session = px_session_new (&spec);
  watch_init (&w, session);
  w.stop_at = 2;
  run_session (session, &w, NULL);

  g_assert_true (w.ok);
  g_assert_cmpuint (w.started, ==, 2);
  g_assert_cmpuint (w.ended, ==, 2);
  g_assert_cmpuint (w.measured, ==, 1);
  g_assert_true (px_session_get_stopping (session));
  g_assert_false (px_session_get_all_done (session));
  g_assert_cmpuint (px_session_get_repetitions (session)->n, ==, 1);
  px_run_get_counters (px_session_get_run (session), &c);
  g_assert_cmpuint (c.cancelled, >, 0);
  g_assert_cmpuint (px_test_count_children (), ==, 0);
  watch_clear (&w);
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_session_cancellable (void)
{
  g_auto(PxSpec) spec = { 0 };
  g_autoptr(PxSession) session = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Watch w;

  /* Repetitions of 10 s each, cancelled 0.1 s into the first. */
  px_test_spec (&spec, PX_EXECUTOR_THREADS, PX_KIND_SLEEP, 2, 200, 100);
  spec.repetitions = 5;
  session = px_session_new (&spec);
  watch_init (&w, session);
  g_timeout_add (100, cancel_cb, cancellable);
  run_session (session, &w, cancellable);

  /* Cancelling is stopping: the session still ends well, its run
   * accounted for. */
  g_assert_true (w.ok);
  g_assert_no_error (w.error);
  g_assert_cmpuint (w.started, ==, 1);
  g_assert_cmpuint (w.measured, ==, 0);
  g_assert_false (px_session_get_all_done (session));
  watch_clear (&w);
}

static void
test_session_error (void)
{
  g_auto(PxSpec) spec = { 0 };
  g_autoptr(PxSession) session = NULL;
  Watch w;

  px_test_spec (&spec, PX_EXECUTOR_PROCESSES, PX_KIND_CPU, 2, 4, 1);
  spec.repetitions = 2;
  session = px_session_new (&spec);
  px_session_set_worker_path (session, "/nonexistent/parallax-worker");
  watch_init (&w, session);
  run_session (session, &w, NULL);

  g_assert_false (w.ok);
  g_assert_nonnull (w.error);
  g_test_message ("%s", w.error->message);
  g_assert_cmpuint (w.started, ==, 1);
  g_assert_cmpuint (w.ended, ==, 0);
  g_assert_cmpuint (w.finished, ==, 1);
  g_assert_null (px_session_get_repetitions (session));
  g_assert_cmpuint (px_test_count_children (), ==, 0);
  watch_clear (&w);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/session/repetitions", test_session_repetitions);
  g_test_add_func ("/session/single", test_session_single);
  g_test_add_func ("/session/stop", test_session_stop);
  g_test_add_func ("/session/cancellable", test_session_cancellable);
  g_test_add_func ("/session/error", test_session_error);

  return g_test_run ();
}
