/* px-median.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A running median, for limits that follow what finished so far (a
 * task-timeout-percent of the median job).
 */

#include "config.h"

#include "px-median.h"

#define AT(heap, i) g_array_index ((heap), gint64, (i))

/* Whether @a belongs above @b in the heap: the larger of the two in the
 * lower half's heap, the smaller in the upper half's. */
static inline gboolean
before (gboolean max_heap,
        gint64   a,
        gint64   b)
{
  return max_heap ? a > b : a < b;
}

static void
heap_push (GArray   *heap,
           gboolean  max_heap,
           gint64    value)
{
  guint i = heap->len;

  g_array_append_val (heap, value);
  while (i > 0 && before (max_heap, value, AT (heap, (i - 1) / 2)))
    {
      AT (heap, i) = AT (heap, (i - 1) / 2);
      i = (i - 1) / 2;
    }
  AT (heap, i) = value;
}

static gint64
heap_pop (GArray   *heap,
          gboolean  max_heap)
{
  gint64 top = AT (heap, 0);
  gint64 last = AT (heap, heap->len - 1);
  guint n = heap->len - 1;
  guint i = 0;

  g_array_set_size (heap, n);
  if (n == 0)
    return top;
  for (;;)
    {
      guint child = 2 * i + 1;

      if (child >= n)
        break;
      if (child + 1 < n && before (max_heap, AT (heap, child + 1), AT (heap, child)))
        child++;
      if (!before (max_heap, AT (heap, child), last))
        break;
      AT (heap, i) = AT (heap, child);
      i = child;
    }
  AT (heap, i) = last;
  return top;
}

void
px_median_init (PxMedian *median)
{
  median->low = g_array_new (FALSE, FALSE, sizeof (gint64));
  median->high = g_array_new (FALSE, FALSE, sizeof (gint64));
}

void
px_median_clear (PxMedian *median)
{
  g_clear_pointer (&median->low, g_array_unref);
  g_clear_pointer (&median->high, g_array_unref);
}

void
px_median_add (PxMedian *median,
               gint64    value)
{
  if (median->low->len == 0 || value <= AT (median->low, 0))
    heap_push (median->low, TRUE, value);
  else
    heap_push (median->high, FALSE, value);

  /* The lower half holds as many values as the upper, or one more. */
  if (median->low->len > median->high->len + 1)
    heap_push (median->high, FALSE, heap_pop (median->low, TRUE));
  else if (median->high->len > median->low->len)
    heap_push (median->low, TRUE, heap_pop (median->high, FALSE));
}

guint
px_median_count (const PxMedian *median)
{
  return median->low->len + median->high->len;
}

/* The median of what was added; 0 before anything was. */
double
px_median_get (const PxMedian *median)
{
  if (median->low->len == 0)
    return 0;
  if (median->low->len > median->high->len)
    return (double)AT (median->low, 0);
  return ((double)AT (median->low, 0) + (double)AT (median->high, 0)) / 2;
}
