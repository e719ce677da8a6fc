/* px-time-view.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PX_TYPE_TIME_VIEW (px_time_view_get_type ())

G_DECLARE_FINAL_TYPE (PxTimeView, px_time_view, PX, TIME_VIEW, GObject)

PxTimeView *px_time_view_new           (void);
void        px_time_view_set_range     (PxTimeView *self,
                                        double      start,
                                        double      end);
void        px_time_view_get_range     (PxTimeView *self,
                                        double     *start,
                                        double     *end);
gboolean    px_time_view_get_zoomed    (PxTimeView *self);
void        px_time_view_set_extent    (PxTimeView *self,
                                        double      start,
                                        double      end);
void        px_time_view_get_extent    (PxTimeView *self,
                                        double     *start,
                                        double     *end);
void        px_time_view_set_cursor    (PxTimeView *self,
                                        double      time);
double      px_time_view_get_cursor    (PxTimeView *self);
void        px_time_view_set_selection (PxTimeView *self,
                                        double      start,
                                        double      end);
void        px_time_view_get_selection (PxTimeView *self,
                                        double     *start,
                                        double     *end);

G_END_DECLS
