/* px-graph-keys.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A graph from the keyboard, once it has the focus (Tab, or a click):
 *
 *   Left, Right       move the cursor, whose readings every graph shows
 *                     (a fiftieth of the view; with Shift, a tenth)
 *   Home, End         the cursor to the start or the end of the view
 *   +, −              zoom in or out around the cursor, every graph alike
 *   0                 the whole run again
 *   1 … 9             hide or show the legend's first nine entries
 *   Escape            no cursor
 *
 * The focused graph shows its readings at the cursor as it does under
 * the pointer, and tells assistive technologies what they say
 * (px-graph-draw.c).
 */

#include "config.h"

#include <math.h>

#include "px-graph-private.h"

static void
move_cursor (PxGraph *self,
             double   time)
{
  g_signal_emit_by_name (self, "cursor-moved", time);
  _px_graph_redraw (self);
}

static void
zoom (PxGraph *self,
      double   factor)
{
  double t0, t1, e0, e1, cursor, span, start;

  _px_graph_compute_view (self, &t0, &t1);
  px_time_view_get_extent (self->view, &e0, &e1);
  cursor = px_time_view_get_cursor (self->view);
  if (isnan (cursor) || cursor < t0 || cursor > t1)
    cursor = (t0 + t1) / 2;
  span = (t1 - t0) * factor;
  if (!(e1 > e0) || span >= e1 - e0)
    {
      g_signal_emit_by_name (self, "range-selected", NAN, NAN);
      return;
    }
  /* Around the cursor, kept inside the run. */
  start = CLAMP (cursor - span * (cursor - t0) / (t1 - t0), e0, e1 - span);
  g_signal_emit_by_name (self, "range-selected", start, start + span);
}

/* Hides or shows the @n-th entry of the legend, counted over the layers
 * in the order the legend lists them. */
static gboolean
toggle_key (PxGraph *self,
            guint    n)
{
  for (guint i = 0; i < self->layers->len; i++)
    {
      PxChartLayer *layer = g_ptr_array_index (self->layers, i);
      guint keys = px_chart_layer_get_n_keys (layer);

      if (n < keys)
        {
          PxChartKey key;

          px_chart_layer_get_key (layer, n, &key);
          px_chart_layer_set_key_hidden (layer, n, !key.hidden);
          return TRUE;
        }
      n -= keys;
    }
  return FALSE;
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                PxGraph               *self)
{
  double t0, t1, cursor, step;

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;
  _px_graph_compute_view (self, &t0, &t1);
  if (!(t1 > t0))
    return FALSE;
  cursor = px_time_view_get_cursor (self->view);
  step = (t1 - t0) / ((state & GDK_SHIFT_MASK) ? 10 : 50);

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      if (isnan (cursor) || cursor < t0 || cursor > t1)
        cursor = (t0 + t1) / 2;
      else
        cursor += keyval == GDK_KEY_Left || keyval == GDK_KEY_KP_Left ? -step : step;
      move_cursor (self, CLAMP (cursor, t0, t1));
      return TRUE;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      move_cursor (self, t0);
      return TRUE;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      move_cursor (self, t1);
      return TRUE;
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      zoom (self, 0.5);
      return TRUE;
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      zoom (self, 2);
      return TRUE;
    case GDK_KEY_0:
    case GDK_KEY_KP_0:
      g_signal_emit_by_name (self, "range-selected", NAN, NAN);
      return TRUE;
    case GDK_KEY_Escape:
      if (isnan (cursor))
        return FALSE;
      move_cursor (self, NAN);
      return TRUE;
    default:
      if (keyval >= GDK_KEY_1 && keyval <= GDK_KEY_9)
        return toggle_key (self, keyval - GDK_KEY_1);
      if (keyval >= GDK_KEY_KP_1 && keyval <= GDK_KEY_KP_9)
        return toggle_key (self, keyval - GDK_KEY_KP_1);
      return FALSE;
    }
}

/* Makes @self take the focus and answer the keys above. */
void
_px_graph_init_keys (PxGraph *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  /* The readings at the cursor show while the graph has the keyboard. */
  g_signal_connect_swapped (focus, "enter", G_CALLBACK (_px_graph_redraw), self);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (_px_graph_redraw), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
}
