/* px-time-view.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What every graph of a window shows of time: the visible range (all of
 * the run when not zoomed, its extent set by the owner so that every
 * graph spans the same seconds), the cursor under the pointer and a
 * selected span. The graphs observe one shared view, so zooming or pointing at one
 * moves them all; nobody hands the state from graph to graph.
 */

#include "config.h"

#include <math.h>

#include "px-time-view.h"

struct _PxTimeView
{
  GObject parent_instance;

  double  start;
  double  end;
  double  extent_start;
  double  extent_end;
  double  cursor;
  double  selection_start;
  double  selection_end;
};

enum {
  PROP_0,
  PROP_ZOOMED,
  PROP_CURSOR,
  N_PROPS
};

enum {
  RANGE_CHANGED,
  SELECTION_CHANGED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (PxTimeView, px_time_view, G_TYPE_OBJECT)

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

/* Times equal, or both unset (NAN). */
static gboolean
same_time (double a,
           double b)
{
  return a == b || (isnan (a) && isnan (b));
}

static void
px_time_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PxTimeView *self = PX_TIME_VIEW (object);

  switch (prop_id)
    {
    case PROP_ZOOMED:
      g_value_set_boolean (value, px_time_view_get_zoomed (self));
      break;
    case PROP_CURSOR:
      g_value_set_double (value, self->cursor);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
px_time_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  PxTimeView *self = PX_TIME_VIEW (object);

  switch (prop_id)
    {
    case PROP_CURSOR:
      px_time_view_set_cursor (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
px_time_view_class_init (PxTimeViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = px_time_view_get_property;
  object_class->set_property = px_time_view_set_property;

  properties [PROP_ZOOMED] =
    g_param_spec_boolean ("zoomed", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* NAN: no cursor. */
  properties [PROP_CURSOR] =
    g_param_spec_double ("cursor", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PxTimeView::range-changed:
   *
   * The visible range changed: zoomed in, or back to the whole run.
   */
  signals [RANGE_CHANGED] = g_signal_new ("range-changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);
  signals [SELECTION_CHANGED] = g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass),
                                              G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                              G_TYPE_NONE, 0);
}

static void
px_time_view_init (PxTimeView *self)
{
  self->start = self->end = NAN;
  self->extent_start = self->extent_end = NAN;
  self->cursor = NAN;
  self->selection_start = self->selection_end = NAN;
}

PxTimeView *
px_time_view_new (void)
{
  return g_object_new (PX_TYPE_TIME_VIEW, NULL);
}

/* Shows @start to @end seconds; NAN and NAN show the whole run. */
void
px_time_view_set_range (PxTimeView *self,
                        double      start,
                        double      end)
{
  gboolean was_zoomed;

  g_return_if_fail (PX_IS_TIME_VIEW (self));

  if (isnan (start) || isnan (end))
    start = end = NAN;
  else if (!(end > start))
    {
      g_critical ("%s: empty range %g to %g", G_STRFUNC, start, end);
      return;
    }
  if (same_time (self->start, start) && same_time (self->end, end))
    return;

  was_zoomed = px_time_view_get_zoomed (self);
  self->start = start;
  self->end = end;
  g_signal_emit (self, signals [RANGE_CHANGED], 0);
  if (was_zoomed != px_time_view_get_zoomed (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ZOOMED]);
}

/* The range set, or NAN and NAN for the whole run. */
void
px_time_view_get_range (PxTimeView *self,
                        double     *start,
                        double     *end)
{
  g_return_if_fail (PX_IS_TIME_VIEW (self));

  if (start != NULL)
    *start = self->start;
  if (end != NULL)
    *end = self->end;
}

gboolean
px_time_view_get_zoomed (PxTimeView *self)
{
  g_return_val_if_fail (PX_IS_TIME_VIEW (self), FALSE);

  return !isnan (self->start);
}

/* The whole of what the graphs show when not zoomed, from @start to @end
 * seconds; NAN and NAN: each graph shows all of its own data. */
void
px_time_view_set_extent (PxTimeView *self,
                         double      start,
                         double      end)
{
  g_return_if_fail (PX_IS_TIME_VIEW (self));

  if (isnan (start) || isnan (end) || !(end > start))
    start = end = NAN;
  if (same_time (self->extent_start, start) && same_time (self->extent_end, end))
    return;
  self->extent_start = start;
  self->extent_end = end;
  if (!px_time_view_get_zoomed (self))
    g_signal_emit (self, signals [RANGE_CHANGED], 0);
}

/* The extent set, or NAN and NAN. */
void
px_time_view_get_extent (PxTimeView *self,
                         double     *start,
                         double     *end)
{
  g_return_if_fail (PX_IS_TIME_VIEW (self));

  if (start != NULL)
    *start = self->extent_start;
  if (end != NULL)
    *end = self->extent_end;
}

/* Puts the cursor at @time, in seconds; NAN hides it. */
void
px_time_view_set_cursor (PxTimeView *self,
                         double      time)
{
  g_return_if_fail (PX_IS_TIME_VIEW (self));

  if (same_time (self->cursor, time))
    return;
  self->cursor = time;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CURSOR]);
}

double
px_time_view_get_cursor (PxTimeView *self)
{
  g_return_val_if_fail (PX_IS_TIME_VIEW (self), NAN);

  return self->cursor;
}

/* Marks @start to @end (a task's span, say); NAN and NAN: nothing. */
void
px_time_view_set_selection (PxTimeView *self,
                            double      start,
                            double      end)
{
  g_return_if_fail (PX_IS_TIME_VIEW (self));

  if (isnan (start) || isnan (end))
    start = end = NAN;
  if (same_time (self->selection_start, start) && same_time (self->selection_end, end))
    return;
  self->selection_start = start;
  self->selection_end = end;
  g_signal_emit (self, signals [SELECTION_CHANGED], 0);
}

void
px_time_view_get_selection (PxTimeView *self,
                            double     *start,
                            double     *end)
{
  g_return_if_fail (PX_IS_TIME_VIEW (self));

  if (start != NULL)
    *start = self->selection_start;
  if (end != NULL)
    *end = self->selection_end;
}
