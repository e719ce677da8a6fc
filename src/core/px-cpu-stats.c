/* px-cpu-stats.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "px-cpu-stats.h"

/**
 * px_cpu_percent:
 *
 * CPU use between two readings of a CPU clock, where 100 is one full
 * core. NAN when no wall time passed; a clock that went backwards (a
 * replaced worker process) reads 0.
 */
double
px_cpu_percent (guint64 prev_cpu_ns,
                guint64 cpu_ns,
                gint64  prev_wall_us,
                gint64  wall_us)
{
  if (wall_us <= prev_wall_us)
    return NAN;
  if (cpu_ns < prev_cpu_ns)
    return 0;
  return (double)(cpu_ns - prev_cpu_ns) / 10.0 / (double)(wall_us - prev_wall_us);
}

/* Busy share of one core between two readings of its tick counters. */
double
px_core_percent (guint64 prev_busy,
                 guint64 prev_total,
                 guint64 busy,
                 guint64 total)
{
  if (total <= prev_total || busy < prev_busy)
    return NAN;
  return 100.0 * (double)(busy - prev_busy) / (double)(total - prev_total);
}
