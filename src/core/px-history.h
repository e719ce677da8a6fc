/* px-history.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A fixed-capacity ring of doubles: memory stays bounded however long a
 * run is; the oldest values are dropped. NAN marks a missing value.
 * Reference-counted: a graph keeps the series it draws alive. */
typedef struct _PxHistory PxHistory;

PxHistory *px_history_new          (guint      capacity);
PxHistory *px_history_ref          (PxHistory *history);
void       px_history_unref        (PxHistory *history);
void       px_history_push         (PxHistory *history,
                                    double     value);
guint      px_history_get_length   (PxHistory *history);
guint64    px_history_get_pushed   (PxHistory *history);
double     px_history_get          (PxHistory *history,
                                    guint      index);
double     px_history_get_last     (PxHistory *history);
guint64    px_history_get_dropped  (PxHistory *history);
void       px_history_halve        (PxHistory *history,
                                    gboolean   keep_last);
void       px_history_get_runs     (PxHistory     *history,
                                    const double **first,
                                    guint         *n_first,
                                    const double **second,
                                    guint         *n_second);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PxHistory, px_history_unref)

G_END_DECLS
