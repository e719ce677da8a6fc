/* px-graph-pointer.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A graph under the pointer: hovering moves the cursor every graph of
 * the time view reads at, a drag selects a range to zoom into, a double
 * click shows the whole run again, and a click gives the graph the
 * keyboard and goes to the topmost layer that takes it (a legend's
 * key).
 */

#include "config.h"

#include <math.h>

#include "px-graph-private.h"

#define MIN_SELECTION 4.0

static gboolean
same_time (double a,
           double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

static double
time_at_x (PxGraph *self,
           double   x)
{
  PxChartFrame f = { 0 };

  f.x = PX_CHART_PAD;
  f.w = gtk_widget_get_width (GTK_WIDGET (self)) - 2 * PX_CHART_PAD;
  _px_graph_compute_view (self, &f.t0, &f.t1);
  return px_chart_frame_time_at_x (&f, x);
}

static void
pointer_moved_cb (GtkEventControllerMotion *controller,
                  double                    x,
                  double                    y,
                  PxGraph                  *self)
{
  double t = time_at_x (self, x);
  double width = gtk_widget_get_width (GTK_WIDGET (self));

  self->hovering = TRUE;
  self->pointer_x = x;
  if (self->pointer_y != y)
    {
      /* Layers that read by height (the timeline's lanes) read again,
       * into the cursor's node. */
      self->pointer_y = y;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  if (x < PX_CHART_PAD || x > width - PX_CHART_PAD)
    t = NAN;
  if (same_time (t, px_time_view_get_cursor (self->view)))
    return;
  g_signal_emit_by_name (self, "cursor-moved", t);
}

static void
pointer_left_cb (GtkEventControllerMotion *controller,
                 PxGraph                  *self)
{
  self->hovering = FALSE;
  _px_graph_redraw (self);
  g_signal_emit_by_name (self, "cursor-moved", NAN);
}

static void
drag_began_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               PxGraph        *self)
{
  self->selecting = TRUE;
  self->select_from = self->select_to = x;
}

static void
drag_updated_cb (GtkGestureDrag *gesture,
                 double          dx,
                 double          dy,
                 PxGraph        *self)
{
  self->select_to = self->select_from + dx;
  _px_graph_redraw (self);
}

static void
drag_ended_cb (GtkGestureDrag *gesture,
               double          dx,
               double          dy,
               PxGraph        *self)
{
  double from = MIN (self->select_from, self->select_from + dx);
  double to = MAX (self->select_from, self->select_from + dx);
  double start = time_at_x (self, from);
  double end = time_at_x (self, to);

  self->selecting = FALSE;
  _px_graph_redraw (self);
  if (fabs (dx) > MIN_SELECTION && end > start)
    g_signal_emit_by_name (self, "range-selected", start, end);
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            PxGraph         *self)
{
  /* A click gives the keys to the graph, as Tab does. */
  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (n_press == 2)
    {
      g_signal_emit_by_name (self, "range-selected", NAN, NAN);
      return;
    }

  /* The topmost layer that takes the click has it. */
  for (guint i = self->layers->len; i-- > 0;)
    if (px_chart_layer_pressed (g_ptr_array_index (self->layers, i), &self->last, x, y))
      return;
}

/* Makes @self answer the pointer as above. */
void
_px_graph_init_pointer (PxGraph *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  g_signal_connect (motion, "enter", G_CALLBACK (pointer_moved_cb), self);
  g_signal_connect (motion, "motion", G_CALLBACK (pointer_moved_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (pointer_left_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_began_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_updated_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_ended_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}
