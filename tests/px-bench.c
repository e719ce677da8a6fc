/* px-bench.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "px-bench.h"
#include "px-test-helpers.h"

/**
 * px_bench_interleave:
 *
 * Runs each subject once a round, @rounds times, starting each round one
 * subject further on, so that a machine growing busier or quieter falls
 * on all of them alike; keeps each one's median, least and most. A
 * subject that could not be measured has a negative median.
 */
void
px_bench_interleave (PxBenchSubject *subjects,
                     guint           n_subjects,
                     guint           rounds)
{
  g_autofree double *readings = g_new0 (double, n_subjects * rounds);
  g_autofree guint *counts = g_new0 (guint, n_subjects);

  for (guint r = 0; r < rounds; r++)
    for (guint k = 0; k < n_subjects; k++)
      {
        guint s = (r + k) % n_subjects;
        double reading = subjects[s].run (subjects[s].data);

        g_test_message ("round %u: %s %.4g", r + 1, subjects[s].name, reading);
        if (reading >= 0)
          readings[s * rounds + counts[s]++] = reading;
      }

  for (guint s = 0; s < n_subjects; s++)
    {
      double *mine = readings + s * rounds;

      if (counts[s] == 0)
        {
          subjects[s].median = subjects[s].min = subjects[s].max = -1;
          continue;
        }
      subjects[s].median = px_test_median (mine, counts[s]);
      subjects[s].min = mine[0];
      subjects[s].max = mine[counts[s] - 1];
    }
}

/**
 * px_bench_targetf:
 *
 * px_bench_target() for a figure against a fixed target rather than a
 * baseline: what was measured, formatted, and whether the target was met.
 */
gboolean
px_bench_targetf (const char *figure,
                  gboolean    met,
                  double      ratio,
                  const char *target,
                  const char *ours_format,
                  ...)
{
  g_autofree char *ours = NULL;
  va_list args;

  va_start (args, ours_format);
  ours = g_strdup_vprintf (ours_format, args);
  va_end (args);
  return px_bench_target (figure, ours, "-", ratio, target, met);
}

/**
 * px_bench_target:
 *
 * Prints one figure — ours, the baseline's, their ratio and the target —
 * and adds it to the table named by $PX_BENCH_TABLE, if set. A target
 * missed fails the benchmark without stopping it: the figures after it
 * are printed all the same.
 *
 * Returns: @met
 */
gboolean
px_bench_target (const char *figure,
                 const char *ours,
                 const char *baseline,
                 double      ratio,
                 const char *target,
                 gboolean    met)
{
  const char *table = g_getenv ("PX_BENCH_TABLE");

  g_test_message ("%s: ours %s, baseline %s: %.2fx (target %s)%s", figure, ours, baseline,
                  ratio, target, met ? "" : " MISSED");
  if (table != NULL && *table != '\0')
    {
      FILE *f = fopen (table, "a");

      if (f != NULL)
        {
          fprintf (f, "%s\t%s\t%s\t%.2fx\t%s\t%s\n", figure, ours, baseline, ratio, target,
                   met ? "met" : "MISSED");
          fclose (f);
        }
    }
  if (!met)
    g_test_fail ();
  return met;
}
