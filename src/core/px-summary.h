/* px-summary.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "px-run.h"

G_BEGIN_DECLS

typedef struct
{
  guint   n;
  double  mean;
  double  stddev;
  double  min;
  double  p50;
  double  p95;
  double  p99;
  double  max;
} PxStats;

typedef struct
{
  gint64   wall_us;
  guint    total;
  guint    done;
  guint    failed;
  guint    cancelled;
  guint    retried;
  guint    workers_lost;
  double   throughput;
  PxStats  run_us;
  PxStats  wait_us;
  double   cpu_s;
  double   parallelism;
} PxSummary;

void  px_stats_compute   (double    *values,
                          guint      n,
                          PxStats   *stats);
void  px_summary_compute (PxRun     *run,
                          PxSummary *summary);
char *px_format_duration (double     usec);

G_END_DECLS
