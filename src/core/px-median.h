/* px-median.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The exact median of values that keep coming: the lower half in a heap
 * whose top is its largest, the upper half in one whose top is its
 * smallest. Adding costs O(log n); reading, nothing. */
typedef struct
{
  GArray *low;
  GArray *high;
} PxMedian;

void    px_median_init  (PxMedian *median);
void    px_median_clear (PxMedian *median);
void    px_median_add   (PxMedian *median,
                         gint64    value);
guint   px_median_count (const PxMedian *median);
double  px_median_get   (const PxMedian *median);

G_END_DECLS
