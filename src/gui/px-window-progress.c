/* px-window-progress.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's status line and progress bar while a run goes on.
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "px-window-private.h"

void
_px_window_set_status (PxWindow   *self,
                       const char *status)
{
  px_cell_text_set_text (self->status_label, status);
}

/* A new fraction for @bar, if it moves the bar by half a pixel or more:
 * each change lays the whole window out again, which a run of 100,000
 * tasks would otherwise do four times a second to move it by nothing. */
static void
set_fraction (GtkProgressBar *bar,
              double          fraction)
{
  double width = gtk_widget_get_width (GTK_WIDGET (bar));
  double shown = gtk_progress_bar_get_fraction (bar);

  if (fraction != shown &&
      (width <= 0 || fraction == 0 || fraction == 1 || fabs (fraction - shown) * width >= 0.5))
    gtk_progress_bar_set_fraction (bar, fraction);
}

/* The status line and the progress bar, for the run going on; a toast
 * when a worker was lost since the last time. */
void
_px_window_update_progress (PxWindow *self)
{
  PxRunCounters c;
  PxRun *run;
  g_autofree char *elapsed = NULL;
  g_autofree char *text = NULL;
  g_autofree char *stage = NULL;
  g_autofree char *rep = NULL;

  if (self->session == NULL || px_session_get_run (self->session) == NULL)
    return;

  run = px_session_get_run (self->session);
  px_run_get_counters (run, &c);
  elapsed = px_format_duration (c.elapsed_us);
  stage = px_session_dup_stage (self->session);
  /* Translators: the stage of a run with repetitions, before its progress */
  rep = stage != NULL ? g_strdup_printf (_("%s · "), stage) : NULL;

  if (px_session_get_stopping (self->session))
    text = g_strdup (_("Stopping…"));
  else if (c.done + c.failed > 0 && c.done + c.failed < c.total)
    {
      double per_task = (double)c.elapsed_us / (c.done + c.failed);
      g_autofree char *left = px_format_estimate (per_task * (c.total - c.done - c.failed));

      text = g_strdup_printf (_("%sRunning: %u of %u tasks done, %u waiting · %s elapsed · "
                                "about %s left"),
                              rep ? rep : "", c.done, c.total, c.waiting, elapsed, left);
    }
  else
    text = g_strdup_printf (_("%sRunning: %u of %u tasks done, %u waiting · %s elapsed"),
                            rep ? rep : "", c.done, c.total, c.waiting, elapsed);

  _px_window_set_status (self, text);
  set_fraction (self->progress_bar, c.total ? (double)(c.done + c.failed) / c.total : 0);

  if (c.workers_lost > self->workers_lost_seen)
    {
      g_auto(GStrv) events = px_run_dup_events (run);
      guint n = events ? g_strv_length (events) : 0;
      g_autofree char *message = NULL;

      if (n > 0)
        message = g_strdup_printf (_("A worker was lost: %s"), events[n - 1]);
      else
        message = g_strdup (_("A worker was lost"));
      _px_window_toast (self, message);
      self->workers_lost_seen = c.workers_lost;
    }
}
