/* px-calibrate-window.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Calibrate This Machine, as "parallax calibrate" does it: every way of
 * running tasks timed at task sizes from 1 µs to 100 ms, with progress
 * and a stop; efficiency against task size drawn as it grows, a line
 * for each way and the 90 % it must reach; then each way's per-task
 * overhead and smallest task worth it, in words. A calibration run to
 * its end is kept for this machine, and every window's editor warns of
 * tasks below it.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "px-calibrate-window.h"
#include "px-gui-parts.h"
#include "px-summary.h"
#include "px-window-private.h"

struct _PxCalibrateWindow
{
  AdwWindow       parent_instance;

  GtkWidget      *run_button;
  GtkWidget      *stop_button;
  GtkProgressBar *progress;
  GtkLabel       *status;
  PxPlotView     *plot;
  GtkLabel       *readings;
  GtkLabel       *table;

  PxCalibration  *calibration;
  gboolean        running;
  guint           step;
  gint64          started_us;
  GError         *failure;
};

G_DEFINE_FINAL_TYPE (PxCalibrateWindow, px_calibrate_window, ADW_TYPE_WINDOW)

static void
update_sensitivity (PxCalibrateWindow *self)
{
  gtk_widget_set_visible (self->run_button, !self->running);
  gtk_widget_set_visible (self->stop_button, self->running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "calibrate.run", !self->running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "calibrate.stop", self->running);
}

/* The readings: a line for each way, what a task costs and the
 * smallest worth it. */
static void
update_results (PxCalibrateWindow *self)
{
  g_autofree char *table = px_calibration_dup_table (self->calibration, FALSE);
  char *readings = strstr (table, "\n\n");

  px_plot_view_set_plot (self->plot, px_calibration_new_plot (self->calibration));
  if (readings != NULL)
    {
      *readings = '\0';
      g_strchomp (readings + 2);
      gtk_label_set_text (self->readings, readings + 2);
    }
  gtk_label_set_text (self->table, table);
}

static void
step_started_cb (PxCalibration     *calibration,
                 guint              config,
                 guint              index,
                 PxCalibrateWindow *self)
{
  guint n = px_calibration_get_n_steps (calibration);
  guint n_sizes;
  const double *sizes = px_calibration_get_sizes (calibration, &n_sizes);
  g_autofree char *text = NULL;

  if (self->step > 0)
    {
      double per_step = (double)(g_get_monotonic_time () - self->started_us) / self->step;
      g_autofree char *left = px_format_estimate (per_step * (n - self->step));

      /* Translators: calibration's progress: the step, how many, the
       * way of running, the task size in µs, the time left */
      text = g_strdup_printf (_("Step %u of %u: %s, tasks of %g µs · about %s left"),
                              self->step + 1, n, px_calibrate_config_label (config),
                              sizes[index], left);
    }
  else
    text = g_strdup_printf (_("Step %u of %u: %s, tasks of %g µs"), self->step + 1, n,
                            px_calibrate_config_label (config), sizes[index]);
  gtk_progress_bar_set_text (self->progress, text);
  gtk_progress_bar_set_fraction (self->progress, (double)self->step / MAX (n, 1));
  self->step++;
}

static void
step_finished_cb (PxCalibration     *calibration,
                  guint              config,
                  guint              index,
                  PxCalibrateWindow *self)
{
  update_results (self);
}

/* Every window's editor says again what the calibration kept means for
 * its profile. */
static void
refresh_editors (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (PX_IS_WINDOW (window))
        px_profile_editor_refresh_advice (PX_WINDOW (window)->editor);
    }
}

static void
ran_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(PxCalibrateWindow) self = user_data;
  PxCalibration *calibration = PX_CALIBRATION (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_clear_error (&self->failure);
  px_calibration_run_finish (calibration, result, &self->failure);
  if (calibration != self->calibration)
    return;
  self->running = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->progress), FALSE);
  update_results (self);
  if (self->failure != NULL)
    text = g_strdup_printf (_("The calibration stopped at an error: %s"), self->failure->message);
  else if (px_calibration_get_stopped (calibration))
    text = g_strdup (_("Stopped: nothing is kept for this machine"));
  else if (!px_calibration_save (calibration, &error))
    text = g_strdup_printf (_("The calibration could not be kept: %s"), error->message);
  else
    {
      g_autofree char *path = px_calibration_dup_cache_path ();

      text = g_strdup_printf (_("Kept for this machine in %s: the editor warns of tasks below "
                                "these sizes."), path);
      refresh_editors ();
    }
  gtk_label_set_text (self->status, text);
  update_sensitivity (self);
}

gboolean
px_calibrate_window_start (PxCalibrateWindow *self)
{
  g_return_val_if_fail (PX_IS_CALIBRATE_WINDOW (self), FALSE);

  if (self->running)
    return FALSE;
  self->running = TRUE;
  self->step = 0;
  self->started_us = g_get_monotonic_time ();
  gtk_widget_set_visible (GTK_WIDGET (self->progress), TRUE);
  gtk_progress_bar_set_fraction (self->progress, 0);
  gtk_label_set_text (self->status, _("Calibrating… Other work on this machine slows the "
                                      "tasks and lowers the figures."));
  update_sensitivity (self);
  px_calibration_run_async (self->calibration, ran_cb, g_object_ref (self));
  update_results (self);
  return TRUE;
}

void
px_calibrate_window_stop (PxCalibrateWindow *self)
{
  g_return_if_fail (PX_IS_CALIBRATE_WINDOW (self));

  if (!self->running)
    return;
  px_calibration_stop (self->calibration);
  gtk_progress_bar_set_text (self->progress, _("Stopping…"));
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  px_calibrate_window_start (PX_CALIBRATE_WINDOW (widget));
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  px_calibrate_window_stop (PX_CALIBRATE_WINDOW (widget));
}

static gboolean
px_calibrate_window_close_request (GtkWindow *window)
{
  px_calibrate_window_stop (PX_CALIBRATE_WINDOW (window));
  return GTK_WINDOW_CLASS (px_calibrate_window_parent_class)->close_request (window);
}

static void
build (PxCalibrateWindow *self)
{
  GtkWidget *header = adw_header_bar_new ();
  GtkBox *box;
  GtkLabel *intro;

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new (_("Calibrate This Machine"),
                                                         _("the smallest task worth "
                                                           "parallelising")));
  self->run_button = _px_parts_button (_("_Calibrate"), "suggested-action", "calibrate.run",
                                       _("Time every way at every size (Ctrl+R)"));
  self->stop_button = _px_parts_button (_("_Stop"), "destructive-action", "calibrate.stop",
                                        _("Stop; nothing is kept (Escape)"));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->run_button);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->stop_button);
  box = GTK_BOX (_px_parts_page (ADW_WINDOW (self), header, 1000));

  intro = _px_parts_label (box, NULL, TRUE, FALSE);
  gtk_label_set_text (intro, _("How small can a task be and still be worth running in parallel? "
                               "Calibration runs CPU tasks from 1 µs to 100 ms, one worker per "
                               "core, on threads, on worker processes (handed one task at a "
                               "time, and in chunks as Python's Pool.map hands them), with a "
                               "process started for each task, and with a command run for each. "
                               "Efficiency is the tasks' work over the workers' time; below "
                               "90 %, the cost of handing out tasks eats the gain. It takes "
                               "about a minute; close other programs first."));
  self->progress = _px_parts_progress (box);
  self->status = _px_parts_label (box, "dim-label", TRUE, FALSE);
  self->readings = _px_parts_label (box, "heading", TRUE, TRUE);
  self->plot = PX_PLOT_VIEW (px_plot_view_new ());
  gtk_widget_set_size_request (GTK_WIDGET (self->plot), -1, 340);
  gtk_box_append (box, GTK_WIDGET (self->plot));
  self->table = _px_parts_label (box, "monospace", FALSE, TRUE);
}

static void
px_calibrate_window_dispose (GObject *object)
{
  PxCalibrateWindow *self = PX_CALIBRATE_WINDOW (object);

  if (self->calibration != NULL)
    g_signal_handlers_disconnect_by_data (self->calibration, self);
  g_clear_object (&self->calibration);

  G_OBJECT_CLASS (px_calibrate_window_parent_class)->dispose (object);
}

static void
px_calibrate_window_finalize (GObject *object)
{
  PxCalibrateWindow *self = PX_CALIBRATE_WINDOW (object);

  g_clear_error (&self->failure);

  G_OBJECT_CLASS (px_calibrate_window_parent_class)->finalize (object);
}

static void
px_calibrate_window_class_init (PxCalibrateWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = px_calibrate_window_dispose;
  object_class->finalize = px_calibrate_window_finalize;
  window_class->close_request = px_calibrate_window_close_request;

  gtk_widget_class_install_action (widget_class, "calibrate.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "calibrate.stop", NULL, stop_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "calibrate.run", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "calibrate.run", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "calibrate.stop", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
px_calibrate_window_init (PxCalibrateWindow *self)
{
  build (self);
  gtk_window_set_title (GTK_WINDOW (self), _("Calibrate This Machine"));
  gtk_window_set_default_size (GTK_WINDOW (self), 900, 760);
  px_calibrate_window_set_calibration (self, px_calibration_new (0));
  g_object_unref (self->calibration);
}

PxCalibrateWindow *
px_calibrate_window_new (GtkWindow *parent)
{
  PxCalibrateWindow *self;
  double minimums[PX_CALIBRATE_N_CONFIGS];
  g_autofree char *date = NULL;

  self = g_object_new (PX_TYPE_CALIBRATE_WINDOW,
                       "application", parent != NULL ? gtk_window_get_application (parent)
                                                     : NULL, NULL);
  /* What an earlier calibration kept, said until this one runs. */
  if (px_calibration_load_minimums (minimums, NULL, &date))
    {
      g_autofree char *text = g_strdup_printf (_("This machine was last calibrated on %s; "
                                                 "calibrate again after a change of hardware "
                                                 "or system."), date);

      gtk_label_set_text (self->status, text);
    }
  else
    gtk_label_set_text (self->status, _("This machine has not been calibrated yet."));
  update_sensitivity (self);
  return self;
}

PxCalibration *
px_calibrate_window_get_calibration (PxCalibrateWindow *self)
{
  g_return_val_if_fail (PX_IS_CALIBRATE_WINDOW (self), NULL);

  return self->calibration;
}

/* For tests: a calibration set up otherwise (fewer ways or sizes). */
void
px_calibrate_window_set_calibration (PxCalibrateWindow *self,
                                     PxCalibration     *calibration)
{
  g_return_if_fail (PX_IS_CALIBRATE_WINDOW (self));
  g_return_if_fail (!self->running);

  if (self->calibration != NULL)
    g_signal_handlers_disconnect_by_data (self->calibration, self);
  g_set_object (&self->calibration, calibration);
  g_signal_connect (calibration, "step-started", G_CALLBACK (step_started_cb), self);
  g_signal_connect (calibration, "step-finished", G_CALLBACK (step_finished_cb), self);
  update_results (self);
}

gboolean
px_calibrate_window_get_running (PxCalibrateWindow *self)
{
  g_return_val_if_fail (PX_IS_CALIBRATE_WINDOW (self), FALSE);

  return self->running;
}

char *
px_calibrate_window_dup_progress (PxCalibrateWindow *self)
{
  g_return_val_if_fail (PX_IS_CALIBRATE_WINDOW (self), NULL);

  return g_strdup (gtk_progress_bar_get_text (self->progress));
}

char *
px_calibrate_window_dup_status (PxCalibrateWindow *self)
{
  g_return_val_if_fail (PX_IS_CALIBRATE_WINDOW (self), NULL);

  return g_strdup (gtk_label_get_text (self->status));
}

char *
px_calibrate_window_dup_readings (PxCalibrateWindow *self)
{
  g_return_val_if_fail (PX_IS_CALIBRATE_WINDOW (self), NULL);

  return g_strdup (gtk_label_get_text (self->readings));
}

PxPlotView *
px_calibrate_window_get_plot_view (PxCalibrateWindow *self)
{
  g_return_val_if_fail (PX_IS_CALIBRATE_WINDOW (self), NULL);

  return self->plot;
}
