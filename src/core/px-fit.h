/* px-fit.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The scaling laws a worker sweep is fitted to, each on throughput X(N)
 * at N workers, with λ the throughput of one worker:
 *
 *   Amdahl      X = λ N / (1 + f (N − 1))             f: serial fraction
 *   Gustafson   X = λ (N − α (N − 1))                 α: serial fraction
 *   USL         X = λ N / (1 + σ (N − 1) + κ N (N − 1))
 *                                         σ: contention, κ: coherency
 */
typedef enum
{
  PX_FIT_AMDAHL,
  PX_FIT_GUSTAFSON,
  PX_FIT_USL,
  PX_FIT_N_MODELS
} PxFitModel;

#define PX_FIT_MAX_PARAMS 3

typedef struct
{
  PxFitModel model;
  guint      n_params;
  /* λ first, then f, α, or σ and κ. */
  double     params[PX_FIT_MAX_PARAMS];
  /* Standard errors, NaN when the points leave no degree of freedom. */
  double     errors[PX_FIT_MAX_PARAMS];
  double     r2;
  /* USL: the workers where throughput peaks, N* = √((1 − σ) / κ), and
   * the throughput there; +∞ and NaN when κ ≤ 0 (no peak). */
  double     peak_n;
  double     peak_value;
} PxFit;

const char *px_fit_model_name   (PxFitModel    model);
gboolean    px_fit_throughput   (PxFitModel    model,
                                 const double *workers,
                                 const double *throughput,
                                 guint         n_points,
                                 PxFit        *fit,
                                 GError      **error);
double      px_fit_predict      (const PxFit  *fit,
                                 double        workers);
double      px_fit_speedup      (const PxFit  *fit,
                                 double        workers);
double      px_karp_flatt       (double        workers,
                                 double        speedup);

G_END_DECLS
