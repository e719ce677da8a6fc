/* px-history.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "px-history.h"

/* The buffer grows as samples come, up to the capacity, so a short run
 * (or a finished one kept for comparison) holds only what it sampled.
 * It grows only when full and not yet wrapped, so the values stay in
 * order and the ring needs no reshuffling. */
#define FIRST_ALLOCATION 64

struct _PxHistory
{
  /* Shared by what samples it and what draws it. */
  grefcount ref_count;
  guint    capacity;
  guint    allocated;
  guint    head;
  guint    length;
  guint64  pushed;
  guint64  dropped;
  double  *values;
};

PxHistory *
px_history_new (guint capacity)
{
  PxHistory *history;

  g_return_val_if_fail (capacity > 0, NULL);

  history = g_new0 (PxHistory, 1);
  g_ref_count_init (&history->ref_count);
  history->capacity = capacity;
  return history;
}

PxHistory *
px_history_ref (PxHistory *history)
{
  g_return_val_if_fail (history != NULL, NULL);

  g_ref_count_inc (&history->ref_count);
  return history;
}

void
px_history_unref (PxHistory *history)
{
  if (history == NULL || !g_ref_count_dec (&history->ref_count))
    return;
  g_free (history->values);
  g_free (history);
}

void
px_history_push (PxHistory *history,
                 double     value)
{
  if (history->length == history->allocated && history->allocated < history->capacity)
    {
      /* Full and never wrapped: the head is back at 0 and the values are
       * in order, so the new room simply follows them. */
      guint allocated = MIN (history->capacity, MAX (FIRST_ALLOCATION, history->allocated * 2));

      history->values = g_renew (double, history->values, allocated);
      history->head = history->allocated;
      history->allocated = allocated;
    }

  history->values[history->head] = value;
  history->head = (history->head + 1) % history->allocated;
  if (history->length < history->allocated)
    history->length++;
  else
    history->dropped++;
  history->pushed++;
}

guint
px_history_get_length (PxHistory *history)
{
  return history->length;
}

guint64
px_history_get_pushed (PxHistory *history)
{
  return history->pushed;
}

/* @index 0 is the oldest value kept. */
double
px_history_get (PxHistory *history,
                guint      index)
{
  guint start;

  if (index >= history->length)
    return NAN;
  start = (history->head + history->allocated - history->length) % history->allocated;
  return history->values[(start + index) % history->allocated];
}

double
px_history_get_last (PxHistory *history)
{
  if (history->length == 0)
    return NAN;
  return history->values[(history->head + history->allocated - 1) % history->allocated];
}

/* The values, oldest first, as at most two runs of the ring: @first
 * holds @n_first values, then @second holds @n_second. For readers of
 * many values, who would otherwise pay two divisions a value. */
void
px_history_get_runs (PxHistory     *history,
                     const double **first,
                     guint         *n_first,
                     const double **second,
                     guint         *n_second)
{
  guint start;

  if (history->length == 0)
    {
      *first = *second = history->values;
      *n_first = *n_second = 0;
      return;
    }
  start = (history->head + history->allocated - history->length) % history->allocated;
  *first = history->values + start;
  *n_first = MIN (history->length, history->allocated - start);
  *second = history->values;
  *n_second = history->length - *n_first;
}

/* Values overwritten by newer ones since the history was made. */
guint64
px_history_get_dropped (PxHistory *history)
{
  return history->dropped;
}

/* Merges the values in pairs, oldest first, halving the length: each pair
 * becomes its mean (NAN only if both are), or its later value with
 * @keep_last. An odd last value stays as it is. Nothing is dropped: the
 * history then covers the same span at half the resolution. */
void
px_history_halve (PxHistory *history,
                  gboolean   keep_last)
{
  const double *first, *second;
  guint n_first, n_second;
  g_autofree double *linear = NULL;
  guint n = history->length;
  guint halved = (n + 1) / 2;

  if (n < 2)
    return;

  px_history_get_runs (history, &first, &n_first, &second, &n_second);
  linear = g_new (double, n);
  memcpy (linear, first, n_first * sizeof (double));
  memcpy (linear + n_first, second, n_second * sizeof (double));

  for (guint k = 0; k < halved; k++)
    {
      double a = linear[2 * k];
      double b = 2 * k + 1 < n ? linear[2 * k + 1] : NAN;

      if (2 * k + 1 >= n || (!keep_last && isnan (b)))
        history->values[k] = a;
      else if (keep_last || isnan (a))
        history->values[k] = b;
      else
        history->values[k] = (a + b) / 2;
    }

  history->length = halved;
  history->head = halved % history->allocated;
}
