/* px-sweep-window.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A sweep of the window's profile, as "parallax sweep" runs one: pick
 * the settings to change and their values (a list, a range or a
 * geometric range; several settings make a grid), run with progress
 * (point i of n, the time left) and stop at will, keeping the points
 * finished. The results grow point by point: for a sweep over workers
 * the speedup and efficiency with the ideal line and the Amdahl,
 * Gustafson and USL fits in plots and in words, then throughput and
 * wall time against the swept value, and the table of every point. They
 * export as JSON, CSV, Markdown or HTML.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "px-summary.h"
#include "px-gui-parts.h"
#include "px-sweep-window-private.h"

G_DEFINE_FINAL_TYPE (PxSweepWindow, px_sweep_window, ADW_TYPE_WINDOW)

void
_px_sweep_window_update_sensitivity (PxSweepWindow *self)
{
  gboolean measured = _px_sweep_window_shown_measured (self);

  gtk_widget_set_visible (self->run_button, !self->running);
  gtk_widget_set_visible (self->stop_button, self->running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->axes_list), !self->running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->repetitions), !self->running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sweep.run",
                                 !self->running && self->axes->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sweep.stop", self->running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sweep.add-axis",
                                 !self->running && self->axes->len < PX_SWEEP_WINDOW_MAX_AXES);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sweep.export", measured);
}

/* Running */

static char *
dup_point_values (PxSweep *sweep,
                  guint    index)
{
  const PxSweepPoint *point = px_sweep_get_point (sweep, index);
  GString *values = g_string_new (NULL);

  for (guint a = 0; a < px_sweep_get_n_axes (sweep); a++)
    g_string_append_printf (values, "%s%s=%s", a > 0 ? " " : "",
                            px_sweep_get_axis_key (sweep, a), point->values[a]);
  return g_string_free (values, FALSE);
}

static void
point_started_cb (PxSweep       *sweep,
                  guint          index,
                  PxSweepWindow *self)
{
  guint n = px_sweep_get_n_points (sweep);
  g_autofree char *values = dup_point_values (sweep, index);
  g_autofree char *text = NULL;

  if (index > 0)
    {
      double per_point = (double)(g_get_monotonic_time () - self->started_us) / index;
      g_autofree char *left = px_format_estimate (per_point * (n - index));

      /* Translators: progress of a sweep: the point, how many, its
       * settings, and the time left */
      text = g_strdup_printf (_("Point %u of %u: %s · about %s left"), index + 1, n, values, left);
    }
  else
    text = g_strdup_printf (_("Point %u of %u: %s"), index + 1, n, values);
  gtk_progress_bar_set_text (self->progress, text);
  gtk_progress_bar_set_fraction (self->progress, (double)index / n);
}

static void
point_finished_cb (PxSweep       *sweep,
                   guint          index,
                   PxSweepWindow *self)
{
  self->finished++;
  gtk_progress_bar_set_fraction (self->progress,
                                 (double)(index + 1) / px_sweep_get_n_points (sweep));
  _px_sweep_window_update_results (self);
  _px_sweep_window_update_sensitivity (self);
}

void
_px_sweep_window_update_status (PxSweepWindow *self)
{
  g_autofree char *text = NULL;

  if (self->sweep == NULL && self->earlier != NULL)
    /* Translators: the date of a kept sweep shown */
    text = g_strdup_printf (_("The sweep of %s, kept: run a new one to compare the two."),
                            self->earlier_date);
  else if (self->sweep == NULL)
    text = g_strdup (_("Pick the settings to change and their values, then run the sweep: "
                       "the profile runs once per point (and per repetition). Two or more "
                       "settings make a grid."));
  else if (self->running)
    text = g_strdup (_("Sweeping…"));
  else if (self->failure != NULL)
    text = g_strdup_printf (_("The sweep stopped at an error: %s"), self->failure->message);
  else if (px_sweep_get_stopped (self->sweep))
    text = g_strdup_printf (_("Stopped: %u of %u points measured are kept"), self->finished,
                            px_sweep_get_n_points (self->sweep));
  else
    {
      g_autofree char *took = px_format_duration (self->ended_us - self->started_us);

      text = g_strdup_printf (ngettext ("Swept %u point in %s", "Swept %u points in %s",
                                        self->finished), self->finished, took);
    }
  if (self->sweep != NULL && !self->running && self->kept_path != NULL)
    {
      /* Translators: after a sweep's status, that it was kept */
      g_autofree char *with = g_strdup_printf (_("%s · kept with the profile's sweeps"), text);

      g_free (text);
      text = g_steal_pointer (&with);
    }
  gtk_label_set_text (self->status, text);
}

static void
sweep_ran_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PxSweepWindow) self = user_data;
  PxSweep *sweep = PX_SWEEP (source);

  g_clear_error (&self->failure);
  px_sweep_run_finish (sweep, result, &self->failure);
  if (sweep != self->sweep)
    return;
  self->running = FALSE;
  self->ended_us = g_get_monotonic_time ();
  /* Kept as runs are, unless the preferences say not to. */
  g_clear_pointer (&self->kept_path, g_free);
  if (self->finished > 0 && g_settings_get_boolean (self->settings, "keep-runs"))
    {
      g_autoptr(GError) error = NULL;

      self->kept_path = px_sweep_keep (sweep, &error);
      if (self->kept_path == NULL)
        _px_sweep_window_show_error (self, error->message);
      _px_sweep_window_reload_kept (self);
    }
  gtk_progress_bar_set_fraction (self->progress,
                                 (double)self->finished / MAX (px_sweep_get_n_points (sweep), 1));
  gtk_progress_bar_set_text (self->progress, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), FALSE);
  _px_sweep_window_update_status (self);
  _px_sweep_window_update_sensitivity (self);
}

void
_px_sweep_window_show_error (PxSweepWindow *self,
                             const char    *message)
{
  gtk_label_set_text (self->error, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error), message != NULL);
}

/**
 * px_sweep_window_start:
 *
 * Runs the sweep the rows describe; a setting or value not accepted is
 * said under the rows, and nothing runs.
 *
 * Returns: whether it started
 */
gboolean
px_sweep_window_start (PxSweepWindow *self)
{
  g_autoptr(PxSweep) sweep = NULL;
  g_autoptr(PxProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *repetitions = NULL;

  g_return_val_if_fail (PX_IS_SWEEP_WINDOW (self), FALSE);

  if (self->running)
    return FALSE;
  if (self->axes->len == 0)
    {
      _px_sweep_window_show_error (self, _("Add a setting to sweep"));
      return FALSE;
    }
  /* The profile as it is now: editing it in the main window meanwhile
   * changes no point of this sweep. */
  profile = px_profile_new_from_spec (px_profile_get_spec (self->profile));
  repetitions = g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (self->repetitions));
  if (!px_profile_set_value (profile, "repetitions", repetitions, &error))
    {
      _px_sweep_window_show_error (self, error->message);
      return FALSE;
    }
  sweep = px_sweep_new (profile);
  for (guint a = 0; a < self->axes->len; a++)
    {
      PxSweepAxisRow *axis = g_ptr_array_index (self->axes, a);
      const char *key = gtk_string_list_get_string (self->keys,
                                                    gtk_drop_down_get_selected (axis->key));
      g_autofree char *over = g_strdup_printf ("%s=%s", key,
                                               gtk_editable_get_text (GTK_EDITABLE (axis->values)));

      if (!px_sweep_add_axis (sweep, over, &error))
        {
          g_autofree char *message = NULL;

          /* The command line's words become the window's. */
          message = g_str_has_prefix (error->message, "--over ")
                    ? g_strdup (error->message + strlen ("--over ")) : g_strdup (error->message);
          _px_sweep_window_show_error (self, message);
          if (gtk_window_is_active (GTK_WINDOW (self)))
            gtk_widget_grab_focus (GTK_WIDGET (axis->values));
          return FALSE;
        }
    }
  _px_sweep_window_show_error (self, NULL);
  if (self->sweep != NULL)
    g_signal_handlers_disconnect_by_data (self->sweep, self);
  g_set_object (&self->sweep, sweep);
  g_clear_error (&self->failure);
  self->finished = 0;
  self->running = TRUE;
  self->started_us = g_get_monotonic_time ();
  g_signal_connect (sweep, "point-started", G_CALLBACK (point_started_cb), self);
  g_signal_connect (sweep, "point-finished", G_CALLBACK (point_finished_cb), self);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), TRUE);
  gtk_progress_bar_set_fraction (self->progress, 0);
  _px_sweep_window_update_results (self);
  _px_sweep_window_update_status (self);
  _px_sweep_window_update_sensitivity (self);
  px_sweep_run_async (sweep, sweep_ran_cb, g_object_ref (self));
  return TRUE;
}

void
px_sweep_window_stop (PxSweepWindow *self)
{
  g_return_if_fail (PX_IS_SWEEP_WINDOW (self));

  if (!self->running)
    return;
  px_sweep_stop (self->sweep);
  gtk_progress_bar_set_text (self->progress, _("Stopping; the points finished are kept…"));
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  px_sweep_window_start (PX_SWEEP_WINDOW (widget));
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  px_sweep_window_stop (PX_SWEEP_WINDOW (widget));
}

/* The window */

static void
build (PxSweepWindow *self)
{
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *box;
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *label, *table_scroll;

  self->title = ADW_WINDOW_TITLE (adw_window_title_new (_("Sweep"), ""));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  self->run_button = _px_parts_button (_("_Run the Sweep"), "suggested-action", "sweep.run",
                                       _("Run the profile at every point (Ctrl+R)"));
  self->stop_button = _px_parts_button (_("_Stop"), "destructive-action", "sweep.stop",
                                        _("Stop after this point's run; the points finished "
                                          "are kept (Escape)"));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->run_button);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->stop_button);
  self->export_button = gtk_button_new_from_icon_name ("document-save-as-symbolic");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->export_button), "sweep.export");
  gtk_widget_set_tooltip_text (self->export_button,
                               _("Export the sweep as HTML, JSON, CSV or Markdown (Ctrl+E)"));
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->export_button);
  box = _px_parts_page (ADW_WINDOW (self), header, 1400);

  gtk_label_set_text (_px_parts_label (GTK_BOX (box), "heading", FALSE, FALSE),
                      _("Settings to Change"));
  self->axes_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->axes_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->axes_list), "boxed-list");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->axes_list));

  self->add_button = gtk_button_new_with_mnemonic (_("_Add a Setting"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->add_button), "sweep.add-axis");
  gtk_widget_set_tooltip_text (self->add_button,
                               _("Sweep another setting too: every value of one with every "
                                 "value of the other"));
  gtk_box_append (GTK_BOX (line), self->add_button);
  label = gtk_label_new_with_mnemonic (_("Re_petitions per point"));
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_box_append (GTK_BOX (line), label);
  self->repetitions = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (1, 50, 1));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (self->repetitions));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->repetitions),
                               _("Runs at each point: their spread draws the error bars"));
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (self->repetitions));
  gtk_box_append (GTK_BOX (box), line);

  /* The profile's kept sweeps: one to show, or to compare with. */
  self->earlier_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  label = gtk_label_new_with_mnemonic (_("Co_mpare with the sweep of"));
  gtk_box_append (GTK_BOX (self->earlier_row), label);
  self->earlier_list = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (self->earlier_list));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->earlier_list),
                               _("A sweep of this profile kept earlier: shown alone until you "
                                 "run one, then drawn dashed beside it"));
  gtk_box_append (GTK_BOX (self->earlier_row), GTK_WIDGET (self->earlier_list));
  gtk_widget_set_visible (self->earlier_row, FALSE);
  gtk_box_append (GTK_BOX (box), self->earlier_row);

  self->error = _px_parts_label (GTK_BOX (box), "error", TRUE, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->error), FALSE);
  self->progress = _px_parts_progress (GTK_BOX (box));
  self->status = _px_parts_label (GTK_BOX (box), "dim-label", TRUE, FALSE);
  self->sentence = _px_parts_label (GTK_BOX (box), "title-4", TRUE, TRUE);
  self->fits = _px_parts_label (GTK_BOX (box), "monospace", FALSE, TRUE);

  self->plots = GTK_FLOW_BOX (gtk_flow_box_new ());
  gtk_flow_box_set_selection_mode (self->plots, GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (self->plots, 2);
  gtk_flow_box_set_homogeneous (self->plots, TRUE);
  gtk_flow_box_set_row_spacing (self->plots, 12);
  gtk_flow_box_set_column_spacing (self->plots, 12);
  for (guint i = 0; i < PX_SWEEP_WINDOW_MAX_PLOTS; i++)
    {
      self->views[i] = PX_PLOT_VIEW (px_plot_view_new ());
      gtk_flow_box_append (self->plots, GTK_WIDGET (self->views[i]));
      gtk_widget_set_focusable (gtk_widget_get_parent (GTK_WIDGET (self->views[i])), FALSE);
    }
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->plots));

  self->table = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_column_spacing (self->table, 18);
  gtk_grid_set_row_spacing (self->table, 4);
  table_scroll = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (table_scroll), GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_NEVER);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (table_scroll), GTK_WIDGET (self->table));
  gtk_box_append (GTK_BOX (box), table_scroll);
}

static gboolean
px_sweep_window_close_request (GtkWindow *window)
{
  /* A sweep ends with its window: the run under way stops, and the
   * window goes once it has. */
  px_sweep_window_stop (PX_SWEEP_WINDOW (window));
  return GTK_WINDOW_CLASS (px_sweep_window_parent_class)->close_request (window);
}

static void
px_sweep_window_dispose (GObject *object)
{
  PxSweepWindow *self = PX_SWEEP_WINDOW (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->sweep != NULL)
    g_signal_handlers_disconnect_by_data (self->sweep, self);
  g_clear_object (&self->sweep);

  G_OBJECT_CLASS (px_sweep_window_parent_class)->dispose (object);
}

static void
px_sweep_window_finalize (GObject *object)
{
  PxSweepWindow *self = PX_SWEEP_WINDOW (object);

  g_clear_object (&self->profile);
  g_clear_object (&self->keys);
  g_clear_object (&self->settings);
  g_clear_object (&self->earlier);
  g_clear_pointer (&self->earlier_date, g_free);
  g_clear_pointer (&self->kept_path, g_free);
  g_clear_pointer (&self->kept, g_ptr_array_unref);
  g_ptr_array_unref (self->axes);
  g_clear_error (&self->failure);

  G_OBJECT_CLASS (px_sweep_window_parent_class)->finalize (object);
}

static void
px_sweep_window_class_init (PxSweepWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = px_sweep_window_dispose;
  object_class->finalize = px_sweep_window_finalize;
  window_class->close_request = px_sweep_window_close_request;

  gtk_widget_class_install_action (widget_class, "sweep.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "sweep.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "sweep.export", NULL,
                                   _px_sweep_window_export_action);
  gtk_widget_class_install_action (widget_class, "sweep.add-axis", NULL, _px_sweep_window_add_axis_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "sweep.run",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "sweep.run", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "sweep.stop", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "sweep.export",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK,
                                       "sweep.add-axis", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
px_sweep_window_init (PxSweepWindow *self)
{
  self->axes = g_ptr_array_new_with_free_func (g_free);
  self->settings = g_settings_new (APP_ID);
  build (self);
  g_signal_connect (self->earlier_list, "notify::selected",
                    G_CALLBACK (_px_sweep_window_kept_chosen_cb), self);
  gtk_window_set_default_size (GTK_WINDOW (self), 1000, 760);
}

/**
 * px_sweep_window_new:
 *
 * A sweep of @profile, starting on its workers.
 */
PxSweepWindow *
px_sweep_window_new (GtkWindow *parent,
                     PxProfile *profile)
{
  PxSweepWindow *self;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (PX_IS_PROFILE (profile), NULL);

  self = g_object_new (PX_TYPE_SWEEP_WINDOW,
                       "application", parent != NULL ? gtk_window_get_application (parent)
                                                     : NULL, NULL);
  self->profile = g_object_ref (profile);
  self->keys = _px_sweep_window_new_keys (profile);
  name = px_profile_dup_localized (profile, "name");
  /* Translators: the title of a sweep's window, the profile's name */
  title = g_strdup_printf (_("Sweep of %s"), name);
  adw_window_title_set_title (self->title, title);
  adw_window_title_set_subtitle (self->title, _("speedup, efficiency and scaling laws"));
  gtk_window_set_title (GTK_WINDOW (self), title);
  _px_sweep_window_add_axis (self);
  _px_sweep_window_reload_kept (self);
  _px_sweep_window_update_status (self);
  _px_sweep_window_update_sensitivity (self);
  return self;
}

/* For tests and scripts */

void
px_sweep_window_set_repetitions (PxSweepWindow *self,
                                 guint          repetitions)
{
  g_return_if_fail (PX_IS_SWEEP_WINDOW (self));

  gtk_spin_button_set_value (self->repetitions, repetitions);
}

gboolean
px_sweep_window_get_running (PxSweepWindow *self)
{
  g_return_val_if_fail (PX_IS_SWEEP_WINDOW (self), FALSE);

  return self->running;
}

PxSweep *
px_sweep_window_get_sweep (PxSweepWindow *self)
{
  g_return_val_if_fail (PX_IS_SWEEP_WINDOW (self), NULL);

  return self->sweep;
}

/* What is wrong with the rows, or NULL. */
const char *
px_sweep_window_get_error (PxSweepWindow *self)
{
  g_return_val_if_fail (PX_IS_SWEEP_WINDOW (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->error)) ? gtk_label_get_text (self->error)
                                                           : NULL;
}

char *
px_sweep_window_dup_progress (PxSweepWindow *self)
{
  g_return_val_if_fail (PX_IS_SWEEP_WINDOW (self), NULL);

  return g_strdup (gtk_progress_bar_get_text (self->progress));
}

char *
px_sweep_window_dup_status (PxSweepWindow *self)
{
  g_return_val_if_fail (PX_IS_SWEEP_WINDOW (self), NULL);

  return g_strdup (gtk_label_get_text (self->status));
}

char *
px_sweep_window_dup_sentence (PxSweepWindow *self)
{
  g_return_val_if_fail (PX_IS_SWEEP_WINDOW (self), NULL);

  return g_strdup (gtk_label_get_text (self->sentence));
}

guint
px_sweep_window_get_n_plots (PxSweepWindow *self)
{
  g_return_val_if_fail (PX_IS_SWEEP_WINDOW (self), 0);

  return self->n_plots;
}

PxPlotView *
px_sweep_window_get_plot_view (PxSweepWindow *self,
                               guint          index)
{
  g_return_val_if_fail (PX_IS_SWEEP_WINDOW (self), NULL);
  g_return_val_if_fail (index < PX_SWEEP_WINDOW_MAX_PLOTS, NULL);

  return self->views[index];
}

/* The table's cell at @row (0: the header), @column, or NULL. */
char *
px_sweep_window_dup_cell (PxSweepWindow *self,
                          guint          row,
                          guint          column)
{
  GtkWidget *label;

  g_return_val_if_fail (PX_IS_SWEEP_WINDOW (self), NULL);

  label = gtk_grid_get_child_at (self->table, column, row);
  return label != NULL ? g_strdup (gtk_label_get_text (GTK_LABEL (label))) : NULL;
}

/* How many kept sweeps of the profile the window lists. */
guint
px_sweep_window_get_n_kept (PxSweepWindow *self)
{
  g_return_val_if_fail (PX_IS_SWEEP_WINDOW (self), 0);

  return self->kept != NULL ? self->kept->len : 0;
}

/* Shows, or compares with, kept sweep @index (newest first); -1 for
 * none. */
void
px_sweep_window_choose_kept (PxSweepWindow *self,
                             int            index)
{
  g_return_if_fail (PX_IS_SWEEP_WINDOW (self));

  gtk_drop_down_set_selected (self->earlier_list, index < 0 ? 0 : (guint)index + 1);
}
