/* test-fit.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scaling laws recover the parameters of points made from them,
 * with a measurement's noise added: Amdahl's serial fraction to ±0.01,
 * the USL's σ and κ to 5 %, each with a standard error that covers the
 * truth; too few points or a point that is no measurement is an error
 * that says which.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <gio/gio.h>

#include "px-fit.h"

/* A noise of about ±@amount that the same index always gets, so a test
 * reads the same on every machine. */
static double
noise (guint  i,
       double amount)
{
  return 1 + amount * sin (i * 1.7 + 0.3);
}

static void
make_points (PxFitModel model,
             const double *truth,
             guint      n_points,
             double     amount,
             double    *workers,
             double    *throughput)
{
  PxFit fit = { .model = model };

  memcpy (fit.params, truth, sizeof fit.params);
  for (guint i = 0; i < n_points; i++)
    {
      workers[i] = i + 1;
      throughput[i] = px_fit_predict (&fit, workers[i]) * noise (i, amount);
    }
}

static void
assert_close (double value,
              double truth,
              double relative)
{
  g_test_message ("%g (truth %g)", value, truth);
  g_assert_cmpfloat (fabs (value - truth), <=, fabs (truth) * relative);
}

static void
test_amdahl (void)
{
  static const double truth[PX_FIT_MAX_PARAMS] = { 100, 0.1 };
  double workers[16], throughput[16];
  g_autoptr(GError) error = NULL;
  PxFit fit;

  make_points (PX_FIT_AMDAHL, truth, 16, 0.01, workers, throughput);
  g_assert_true (px_fit_throughput (PX_FIT_AMDAHL, workers, throughput, 16, &fit, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fit.n_params, ==, 2);
  g_assert_cmpfloat (fabs (fit.params[1] - 0.1), <=, 0.01);
  assert_close (fit.params[0], 100, 0.02);
  /* Its standard error is a measurement's, and covers the truth. */
  g_assert_true (isfinite (fit.errors[1]));
  g_assert_cmpfloat (fit.errors[1], <, 0.01);
  g_assert_cmpfloat (fabs (fit.params[1] - 0.1), <=, 3 * fit.errors[1] + 1e-9);
  g_assert_cmpfloat (fit.r2, >, 0.99);
  /* Speedup is throughput over one worker's: Amdahl's 1 / (f + (1-f)/N). */
  assert_close (px_fit_speedup (&fit, 8), 1 / (0.1 + 0.9 / 8), 0.05);
  /* No peak but the USL's. */
  g_assert_true (isnan (fit.peak_n));
}

static void
test_usl (void)
{
  static const double truth[PX_FIT_MAX_PARAMS] = { 50, 0.05, 0.002 };
  double workers[32], throughput[32];
  g_autoptr(GError) error = NULL;
  PxFit fit;

  make_points (PX_FIT_USL, truth, 32, 0.005, workers, throughput);
  g_assert_true (px_fit_throughput (PX_FIT_USL, workers, throughput, 32, &fit, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fit.n_params, ==, 3);
  assert_close (fit.params[1], 0.05, 0.05);
  assert_close (fit.params[2], 0.002, 0.05);
  for (guint k = 0; k < 3; k++)
    g_assert_true (isfinite (fit.errors[k]) && fit.errors[k] > 0);
  /* N* = √((1 − σ) / κ) = 21.8, and the throughput there. */
  assert_close (fit.peak_n, sqrt (0.95 / 0.002), 0.05);
  {
    PxFit exact = { .model = PX_FIT_USL, .params = { 50, 0.05, 0.002 } };

    assert_close (fit.peak_value, px_fit_predict (&exact, sqrt (0.95 / 0.002)), 0.02);
  }
  g_assert_cmpfloat (fit.r2, >, 0.99);
}

/* Perfect scaling: no contention, no coherency cost, and so no peak. */
static void
test_usl_linear (void)
{
  double workers[8], throughput[8];
  g_autoptr(GError) error = NULL;
  PxFit fit;

  for (guint i = 0; i < 8; i++)
    {
      workers[i] = i + 1;
      throughput[i] = 10.0 * (i + 1);
    }
  g_assert_true (px_fit_throughput (PX_FIT_USL, workers, throughput, 8, &fit, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (fabs (fit.params[1]), <, 1e-6);
  g_assert_cmpfloat (fabs (fit.params[2]), <, 1e-6);
  assert_close (px_fit_speedup (&fit, 16), 16, 0.01);
}

/* Better than linear (a cache that grows with the workers): σ and κ are
 * costs, held at 0 rather than read as gains. */
static void
test_usl_costs (void)
{
  double workers[8], throughput[8];
  g_autoptr(GError) error = NULL;
  PxFit fit;

  for (guint i = 0; i < 8; i++)
    {
      workers[i] = i + 1;
      throughput[i] = 10.0 * workers[i] * (1 + 0.03 * workers[i]);
    }
  g_assert_true (px_fit_throughput (PX_FIT_USL, workers, throughput, 8, &fit, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (fit.params[1], >=, 0);
  g_assert_cmpfloat (fit.params[2], >=, 0);
  g_assert_true (isnan (fit.errors[2]));
  g_assert_true (isinf (fit.peak_n));
}

static void
test_gustafson (void)
{
  static const double truth[PX_FIT_MAX_PARAMS] = { 20, 0.2 };
  double workers[12], throughput[12];
  g_autoptr(GError) error = NULL;
  PxFit fit;

  make_points (PX_FIT_GUSTAFSON, truth, 12, 0.01, workers, throughput);
  g_assert_true (px_fit_throughput (PX_FIT_GUSTAFSON, workers, throughput, 12, &fit, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (fabs (fit.params[1] - 0.2), <=, 0.02);
  /* Scaled speedup N − α (N − 1). */
  assert_close (px_fit_speedup (&fit, 10), 10 - 0.2 * 9, 0.05);
}

/* Karp–Flatt's serial fraction of exact Amdahl speedups is Amdahl's f
 * at every worker count. */
static void
test_karp_flatt (void)
{
  for (double n = 2; n <= 64; n *= 2)
    {
      double speedup = 1 / (0.15 + 0.85 / n);

      g_assert_cmpfloat (fabs (px_karp_flatt (n, speedup) - 0.15), <, 1e-12);
    }
  g_assert_true (isnan (px_karp_flatt (1, 1)));
  g_assert_true (isnan (px_karp_flatt (4, 0)));
}

static void
test_errors (void)
{
  double workers[] = { 1, 2, 3 };
  double throughput[] = { 10, 0, 30 };
  g_autoptr(GError) error = NULL;
  PxFit fit;

  g_assert_false (px_fit_throughput (PX_FIT_USL, workers, throughput, 2, &fit, &error));
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "USL needs 3 points or more; there are 2"));
  g_clear_error (&error);

  g_assert_false (px_fit_throughput (PX_FIT_AMDAHL, workers, throughput, 3, &fit, &error));
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "point 2 (2 workers, 0 tasks/s)"));
  g_clear_error (&error);

  workers[0] = NAN;
  throughput[1] = 20;
  g_assert_false (px_fit_throughput (PX_FIT_GUSTAFSON, workers, throughput, 3, &fit, &error));
  g_assert_nonnull (strstr (error->message, "point 1"));

  /* As many points as parameters: a fit, but no error bars. */
  workers[0] = 1;
  g_assert_true (px_fit_throughput (PX_FIT_AMDAHL, workers, throughput, 2, &fit, NULL));
  g_assert_true (isnan (fit.errors[0]));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fit/amdahl", test_amdahl);
  g_test_add_func ("/fit/usl", test_usl);
  g_test_add_func ("/fit/usl-linear", test_usl_linear);
  g_test_add_func ("/fit/usl-costs", test_usl_costs);
  g_test_add_func ("/fit/gustafson", test_gustafson);
  g_test_add_func ("/fit/karp-flatt", test_karp_flatt);
  g_test_add_func ("/fit/errors", test_errors);

  return g_test_run ();
}
