/* px-fit.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Scaling laws fitted to a worker sweep: Amdahl, Gustafson and the
 * Universal Scalability Law, by nonlinear least squares on throughput
 * (GSL's gsl_multifit_nlinear, Levenberg–Marquardt with a trust region
 * and the models' own Jacobians), with each parameter's standard error
 * and the fit's R². Fitting throughput rather than speedup keeps one
 * noisy single-worker run from tilting every point: λ, one worker's
 * throughput, is fitted with the rest.
 */

#include "config.h"

#include <math.h>

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multifit_nlinear.h>

#include "px-fit.h"

typedef struct
{
  PxFitModel    model;
  const double *workers;
  const double *throughput;
  guint         n;
  /* The parameters held at 0, a bit each (σ 1 << 1, κ 1 << 2). */
  guint         fixed;
} Data;

static const guint n_params[PX_FIT_N_MODELS] = { 2, 2, 3 };

/* The model's parameters from the solver's, the one held at 0 put in. */
static void
expand (const Data   *d,
        const double *x,
        double       *p)
{
  for (guint k = 0, j = 0; k < n_params[d->model]; k++)
    p[k] = d->fixed & (1u << k) ? 0 : x[j++];
}

const char *
px_fit_model_name (PxFitModel model)
{
  switch (model)
    {
    case PX_FIT_AMDAHL:
      return "Amdahl";
    case PX_FIT_GUSTAFSON:
      return "Gustafson";
    case PX_FIT_USL:
      return "USL";
    case PX_FIT_N_MODELS:
    default:
      return "?";
    }
}

/* The model's throughput at @n workers, and its derivatives by each
 * parameter into @grad (if not NULL). */
static double
model_eval (PxFitModel    model,
            const double *p,
            double        n,
            double       *grad)
{
  double lambda = p[0];
  double d, x;

  switch (model)
    {
    case PX_FIT_AMDAHL:
      d = 1 + p[1] * (n - 1);
      x = lambda * n / d;
      if (grad != NULL)
        {
          grad[0] = n / d;
          grad[1] = -lambda * n * (n - 1) / (d * d);
        }
      return x;

    case PX_FIT_GUSTAFSON:
      x = lambda * (n - p[1] * (n - 1));
      if (grad != NULL)
        {
          grad[0] = n - p[1] * (n - 1);
          grad[1] = -lambda * (n - 1);
        }
      return x;

    case PX_FIT_USL:
      d = 1 + p[1] * (n - 1) + p[2] * n * (n - 1);
      x = lambda * n / d;
      if (grad != NULL)
        {
          grad[0] = n / d;
          grad[1] = -lambda * n * (n - 1) / (d * d);
          grad[2] = -lambda * n * n * (n - 1) / (d * d);
        }
      return x;

    case PX_FIT_N_MODELS:
    default:
      g_return_val_if_reached (NAN);
    }
}

static int
residuals_cb (const gsl_vector *x,
              void             *data,
              gsl_vector       *f)
{
  const Data *d = data;
  double p[PX_FIT_MAX_PARAMS];

  expand (d, x->data, p);
  for (guint i = 0; i < d->n; i++)
    gsl_vector_set (f, i, model_eval (d->model, p, d->workers[i], NULL) - d->throughput[i]);
  return GSL_SUCCESS;
}

static int
jacobian_cb (const gsl_vector *x,
             void             *data,
             gsl_matrix       *jacobian)
{
  const Data *d = data;
  double p[PX_FIT_MAX_PARAMS];

  expand (d, x->data, p);
  for (guint i = 0; i < d->n; i++)
    {
      double grad[PX_FIT_MAX_PARAMS];

      model_eval (d->model, p, d->workers[i], grad);
      for (guint k = 0, j = 0; k < n_params[d->model]; k++)
        if (!(d->fixed & (1u << k)))
          gsl_matrix_set (jacobian, i, j++, grad[k]);
    }
  return GSL_SUCCESS;
}

static gpointer
quiet_gsl (gpointer data)
{
  /* Errors come back as statuses, never as an abort. */
  gsl_set_error_handler_off ();
  return NULL;
}

/* Fits @d's model from @x0 with the parameters @d holds at 0 left
 * out; fills @fit's parameters, their errors and R². */
static gboolean
solve (const Data   *d,
       const double *x0,
       PxFit        *fit,
       GError      **error)
{
  gsl_multifit_nlinear_parameters parameters = gsl_multifit_nlinear_default_parameters ();
  gsl_multifit_nlinear_fdf fdf = { 0 };
  gsl_multifit_nlinear_workspace *workspace;
  gsl_matrix *covariance;
  gsl_vector_view start;
  double x[PX_FIT_MAX_PARAMS], errors[PX_FIT_MAX_PARAMS];
  double chisq = 0, mean = 0, total = 0;
  guint p = 0;
  int status, info = 0;

  for (guint k = 0; k < n_params[d->model]; k++)
    if (!(d->fixed & (1u << k)))
      x[p++] = x0[k];

  fdf.f = residuals_cb;
  fdf.df = jacobian_cb;
  fdf.n = d->n;
  fdf.p = p;
  fdf.params = (gpointer)d;
  workspace = gsl_multifit_nlinear_alloc (gsl_multifit_nlinear_trust, &parameters, d->n, p);
  start = gsl_vector_view_array (x, p);
  gsl_multifit_nlinear_init (&start.vector, &fdf, workspace);
  status = gsl_multifit_nlinear_driver (500, 1e-12, 1e-12, 0.0, NULL, NULL, &info, workspace);
  if (status != GSL_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("the fit of %s did not converge: %s"),
                   px_fit_model_name (d->model), gsl_strerror (status));
      gsl_multifit_nlinear_free (workspace);
      return FALSE;
    }

  covariance = gsl_matrix_alloc (p, p);
  gsl_multifit_nlinear_covar (gsl_multifit_nlinear_jac (workspace), 0.0, covariance);
  gsl_blas_ddot (gsl_multifit_nlinear_residual (workspace),
                 gsl_multifit_nlinear_residual (workspace), &chisq);
  for (guint j = 0; j < p; j++)
    {
      x[j] = gsl_vector_get (gsl_multifit_nlinear_position (workspace), j);
      errors[j] = d->n > p ? sqrt (gsl_matrix_get (covariance, j, j) * chisq / (d->n - p)) : NAN;
    }
  gsl_matrix_free (covariance);
  gsl_multifit_nlinear_free (workspace);

  /* A parameter held at 0 has no error of its own. */
  expand (d, x, fit->params);
  for (guint k = 0, j = 0; k < n_params[d->model]; k++)
    fit->errors[k] = d->fixed & (1u << k) ? NAN : errors[j++];

  for (guint i = 0; i < d->n; i++)
    mean += d->throughput[i] / d->n;
  for (guint i = 0; i < d->n; i++)
    total += (d->throughput[i] - mean) * (d->throughput[i] - mean);
  fit->r2 = total > 0 ? 1 - chisq / total : (chisq == 0 ? 1 : 0);
  return TRUE;
}

/**
 * px_fit_throughput:
 * @workers: the workers of each point, each at least 1
 * @throughput: the throughput measured there, each above 0
 *
 * Fits @model to the points by least squares. The USL's σ and κ are
 * costs, never gains: one that comes out below 0 is held at 0 and the
 * rest fitted again (with κ at 0 the USL is Amdahl's law). Fails, naming
 * why, when the points are too few or not numbers, or the fit does not
 * converge.
 */
gboolean
px_fit_throughput (PxFitModel    model,
                   const double *workers,
                   const double *throughput,
                   guint         n_points,
                   PxFit        *fit,
                   GError      **error)
{
  static GOnce quiet = G_ONCE_INIT;
  guint p = n_params[model];
  double x0[PX_FIT_MAX_PARAMS] = { 0 };
  Data data = { model, workers, throughput, n_points, 0 };
  double smallest = INFINITY;

  g_return_val_if_fail (model < PX_FIT_N_MODELS, FALSE);
  g_return_val_if_fail (fit != NULL, FALSE);

  g_once (&quiet, quiet_gsl, NULL);
  *fit = (PxFit) { .model = model, .n_params = p, .r2 = NAN, .peak_n = NAN, .peak_value = NAN };

  if (n_points < p)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   ngettext ("a fit of %s needs %u points or more; there is %u",
                             "a fit of %s needs %u points or more; there are %u", n_points),
                   px_fit_model_name (model), p, n_points);
      return FALSE;
    }
  for (guint i = 0; i < n_points; i++)
    {
      if (!isfinite (workers[i]) || workers[i] < 1 || !isfinite (throughput[i]) ||
          throughput[i] <= 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("point %u (%g workers, %g tasks/s) cannot be fitted: workers must be "
                         "1 or more and throughput above 0"), i + 1, workers[i], throughput[i]);
          return FALSE;
        }
      if (workers[i] < smallest)
        {
          smallest = workers[i];
          /* One worker's throughput, as the fewest workers measured
           * had it. */
          x0[0] = throughput[i] / workers[i];
        }
    }
  /* Small serial parts and costs to start from. */
  x0[1] = 0.05;
  x0[2] = 1e-4;

  if (!solve (&data, x0, fit, error))
    return FALSE;
  if (model == PX_FIT_USL && (fit->params[1] < 0 || fit->params[2] < 0))
    {
      data.fixed = fit->params[2] < 0 ? 1u << 2 : 1u << 1;
      if (!solve (&data, x0, fit, error))
        return FALSE;
      if (fit->params[1] < 0 || fit->params[2] < 0)
        {
          data.fixed = 1u << 1 | 1u << 2;
          if (!solve (&data, x0, fit, error))
            return FALSE;
        }
    }

  if (model == PX_FIT_USL)
    {
      double sigma = fit->params[1], kappa = fit->params[2];

      if (kappa > 0 && sigma < 1)
        {
          fit->peak_n = sqrt ((1 - sigma) / kappa);
          fit->peak_value = px_fit_predict (fit, fit->peak_n);
        }
      else
        fit->peak_n = INFINITY;
    }
  return TRUE;
}

/* The fitted throughput at @workers. */
double
px_fit_predict (const PxFit *fit,
                double       workers)
{
  g_return_val_if_fail (fit != NULL && fit->model < PX_FIT_N_MODELS, NAN);

  return model_eval (fit->model, fit->params, workers, NULL);
}

/* The fitted speedup at @workers: throughput over one worker's, λ. */
double
px_fit_speedup (const PxFit *fit,
                double       workers)
{
  g_return_val_if_fail (fit != NULL, NAN);

  return fit->params[0] > 0 ? px_fit_predict (fit, workers) / fit->params[0] : NAN;
}

/**
 * px_karp_flatt:
 *
 * Returns: the experimentally determined serial fraction of a speedup
 *   measured at @workers, e = (1/S − 1/N) / (1 − 1/N); NaN for one
 *   worker or no speedup
 */
double
px_karp_flatt (double workers,
               double speedup)
{
  if (!(workers > 1) || !(speedup > 0))
    return NAN;
  return (1 / speedup - 1 / workers) / (1 - 1 / workers);
}
