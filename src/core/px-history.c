/* px-history.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "px-history.h"

struct _PxHistory
{
  guint    capacity;
  guint    head;
  guint    length;
  guint64  pushed;
  double   values[];
};

PxHistory *
px_history_new (guint capacity)
{
  PxHistory *history;

  g_return_val_if_fail (capacity > 0, NULL);

  history = g_malloc0 (sizeof (PxHistory) + capacity * sizeof (double));
  history->capacity = capacity;
  return history;
}

void
px_history_free (PxHistory *history)
{
  g_free (history);
}

void
px_history_push (PxHistory *history,
                 double     value)
{
  history->values[history->head] = value;
  history->head = (history->head + 1) % history->capacity;
  if (history->length < history->capacity)
    history->length++;
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
  start = (history->head + history->capacity - history->length) % history->capacity;
  return history->values[(start + index) % history->capacity];
}

double
px_history_get_last (PxHistory *history)
{
  if (history->length == 0)
    return NAN;
  return history->values[(history->head + history->capacity - 1) % history->capacity];
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
  guint start = (history->head + history->capacity - history->length) % history->capacity;

  *first = history->values + start;
  *n_first = MIN (history->length, history->capacity - start);
  *second = history->values;
  *n_second = history->length - *n_first;
}
