/* px-frame-sync.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Frame sync on X11 only while a window manager can use it.
 *
 * GTK on X11 syncs a window's frames with a compositing window manager
 * that says it supports _NET_WM_FRAME_DRAWN. To know, GTK 4.8 asks the X
 * server at every frame, twice, while no window manager runs: it notes
 * the time of its check only when it finds one (GTK 3 asked once in
 * 15 s). A window of charts redrawn ten times a second then waits for
 * twenty round trips a second to the X server (a bare X server, a
 * virtual display), for nothing: without that window manager GTK does
 * not sync frames. Here the window asks itself, at most once in 15 s,
 * after a frame, and keeps frame sync on only while the answer is yes.
 */

#include "config.h"

#include "px-frame-sync.h"

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

/* As GTK 3 did. */
#define CHECK_EVERY_US (15 * G_USEC_PER_SEC)

#ifdef GDK_WINDOWING_X11

#define NEXT_CHECK_KEY "px-frame-sync-next-check"

static void
after_paint_cb (GdkFrameClock *clock,
                GdkSurface    *surface)
{
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  gint64 *next = g_object_get_data (G_OBJECT (surface), NEXT_CHECK_KEY);
  GdkDisplay *display = gdk_surface_get_display (surface);
  gboolean drawn;

  if (next == NULL)
    {
      next = g_new0 (gint64, 1);
      g_object_set_data_full (G_OBJECT (surface), NEXT_CHECK_KEY, next, g_free);
    }
  if (now < *next)
    return;
  *next = now + CHECK_EVERY_US;
  drawn = gdk_x11_screen_supports_net_wm_hint (gdk_x11_display_get_screen (display),
                                               g_intern_static_string ("_NET_WM_FRAME_DRAWN"));
  gdk_x11_surface_set_frame_sync_enabled (surface, drawn);
}

static void
realize_cb (GtkWidget *widget)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (widget));

  if (surface == NULL || !GDK_IS_X11_SURFACE (surface))
    return;
  g_signal_connect_object (gdk_surface_get_frame_clock (surface), "after-paint",
                           G_CALLBACK (after_paint_cb), surface, 0);
}

#endif

/* Follows @window's window manager from when it is realized. */
void
px_frame_sync_follow (GtkWindow *window)
{
  g_return_if_fail (GTK_IS_WINDOW (window));

#ifdef GDK_WINDOWING_X11
  g_signal_connect (window, "realize", G_CALLBACK (realize_cb), NULL);
  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    realize_cb (GTK_WIDGET (window));
#endif
}
