/* px-window.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main window: the profile editor on the left; on the right the live
 * graphs and the task timeline sharing one time axis
 * (px-window-graphs.c), then the worker table, the run summary and the
 * history of runs. A press of Run is a PxSession; each of its runs is a
 * PxRun sampled by a PxSampler on the main context; every sample redraws
 * the graphs once and refreshes the table.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "px-cached-bin.h"
#include "px-guard.h"
#include "px-window-private.h"

/* How often the tables and the status line change while samples come:
 * once a second, as top's or vmstat's figures. Drawing them is most of
 * what the window costs beyond the charts; twice as often cost a fifth
 * more of its main thread. */
#define TEXT_REFRESH_US (1000 * 1000)

G_DEFINE_FINAL_TYPE (PxWindow, px_window, ADW_TYPE_APPLICATION_WINDOW)

char *
_px_window_dup_display_name (PxWindow *self)
{
  g_autofree char *name = px_profile_dup_localized (self->profile, "name");

  if (name != NULL && name[0] != '\0')
    return g_steal_pointer (&name);
  if (self->path != NULL)
    return g_path_get_basename (self->path);
  return g_strdup (_("Untitled Profile"));
}

void
_px_window_update_title (PxWindow *self)
{
  g_autofree char *name = _px_window_dup_display_name (self);
  g_autofree char *title = g_strdup_printf ("%s%s", self->modified ? "*" : "", name);
  /* Translators: the window title: the profile's name, then the program's */
  g_autofree char *window_title = g_strdup_printf (_("%s — Parallax"), title);
  g_autofree char *subtitle = NULL;

  if (self->path != NULL)
    {
      const char *home = g_get_home_dir ();

      if (home != NULL && g_str_has_prefix (self->path, home) && self->path[strlen (home)] == '/')
        subtitle = g_strdup_printf ("~%s", self->path + strlen (home));
      else
        subtitle = g_strdup (self->path);
    }
  else if (self->example_name != NULL)
    /* Translators: the subtitle of an example opened as a copy. */
    subtitle = g_strdup (_("An example: saving asks where"));
  else
    subtitle = g_strdup (_("Not saved"));

  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), window_title);
}

void
_px_window_toast (PxWindow   *self,
                  const char *text)
{
  /* Toast titles are markup in libadwaita 1.2; file names and messages
   * may hold '&' or '<'. */
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  AdwToast *t = adw_toast_new (escaped);

  g_free (self->last_toast);
  self->last_toast = g_strdup (text);

  adw_toast_set_timeout (t, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

void
_px_window_remember_folder (PxWindow   *self,
                            const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_settings_set_string (self->settings, "last-folder", dir);
}

/* Runs */

static void
sample_added_cb (PxWindow  *self,
                 PxSampler *sampler)
{
  gint64 now = g_get_monotonic_time ();

  if (self->viewed != NULL && px_run_item_get_sampler (self->viewed) == sampler)
    {
      _px_window_graphs_sampled (self, FALSE);
      /* Figures that change ten times a second cannot be read: the
       * tables and the status line change at a pace the eye follows,
       * in the same frame, so that the frames between change the
       * charts alone (a frame costs the box around all it changes). */
      if (now - self->table_refreshed_us >= TEXT_REFRESH_US)
        {
          px_worker_table_refresh (self->worker_table);
          px_job_table_refresh (self->job_table);
          _px_window_describe_graphs (self);
          _px_window_update_progress (self);
          self->table_refreshed_us = self->status_refreshed_us = now;
        }
    }
  else if (self->compared != NULL && px_run_item_get_sampler (self->compared) == sampler)
    _px_window_redraw_graphs (self);

  if (now - self->status_refreshed_us >= TEXT_REFRESH_US)
    {
      _px_window_update_progress (self);
      self->status_refreshed_us = now;
    }
}

static void
trim_history (PxWindow *self)
{
  guint keep = g_settings_get_uint (self->settings, "runs-kept");

  /* The oldest go first; the viewed and compared runs stay. */
  for (guint i = g_list_model_get_n_items (G_LIST_MODEL (self->runs));
       i > 0 && g_list_model_get_n_items (G_LIST_MODEL (self->runs)) > keep;
       i--)
    {
      g_autoptr(PxRunItem) item = g_list_model_get_item (G_LIST_MODEL (self->runs), i - 1);

      if (item != self->viewed && item != self->compared && item != self->active)
        g_list_store_remove (self->runs, i - 1);
    }
}

static void
finish_runs (PxWindow *self)
{
  g_autoptr(PxRunItem) item = g_object_ref (self->active);
  g_autoptr(PxSession) session = g_steal_pointer (&self->session);
  const PxRepetitions *reps;
  const PxSummary *s;
  g_autofree char *wall = NULL;
  g_autofree char *text = NULL;

  px_run_item_finish (item, px_session_get_repetitions (session));
  s = px_run_item_get_summary (item);
  wall = px_format_duration (s->wall_us);

  reps = px_run_item_get_repetitions (item);
  if (px_session_get_stopping (session))
    text = g_strdup_printf (_("Stopped after %s: %u of %u tasks done, %u cancelled"),
                            wall, s->done, s->total, s->cancelled);
  else if (reps != NULL && reps->n > 1)
    {
      guint outliers = px_repetitions_count_outliers (reps);
      g_autofree char *noted = outliers > 0
        ? g_strdup_printf (ngettext (" · %u outlier", " · %u outliers", outliers), outliers)
        : NULL;

      /* The set of measured runs, not the last of them. */
      text = g_strdup_printf (_("Finished %u measured runs: wall time %.3f ± %.3f s (%.3f … "
                                "%.3f s) · %.1f ± %.1f tasks/s%s"),
                              reps->n, reps->wall_stats.mean, reps->wall_stats.stddev,
                              reps->wall_stats.min, reps->wall_stats.max,
                              reps->throughput_stats.mean, reps->throughput_stats.stddev,
                              noted != NULL ? noted : "");
    }
  else
    text = g_strdup_printf (_("Finished in %s: %u of %u tasks done, %u failed · %.1f tasks/s · "
                              "parallelism %.2f"),
                            wall, s->done, s->total, s->failed, s->throughput, s->parallelism);
  _px_window_set_status (self, text);
  /* A stopped run's bar stays where it stopped. */
  gtk_progress_bar_set_fraction (self->progress_bar,
                                 s->total > 0 && px_session_get_stopping (session)
                                 ? (double)(s->done + s->failed) / s->total : 1.0);

  if (s->failed > 0)
    {
      g_autofree char *message = g_strdup_printf (ngettext ("%u task failed; see the summary",
                                                            "%u tasks failed; see the summary",
                                                            s->failed), s->failed);
      _px_window_toast (self, message);
    }

  g_clear_object (&self->active);
  trim_history (self);
  _px_window_keep_run (self, item);
  _px_window_update_run_rows (self);
  if (item == self->viewed)
    {
      px_worker_table_refresh (self->worker_table);
      px_job_table_refresh (self->job_table);
      _px_window_graphs_sampled (self, TRUE);
      _px_window_describe_graphs (self);
      _px_window_rebuild_summary (self);
      adw_view_stack_set_visible_child_name (self->view_stack, "summary");
    }
  _px_window_update_actions (self);
}

static void
abandon_runs (PxWindow   *self,
              const char *message)
{
  g_autofree char *status = g_strdup_printf (_("The run could not be carried out: %s"), message);

  if (self->active != NULL)
    {
      guint position;

      if (g_list_store_find (self->runs, self->active, &position))
        g_list_store_remove (self->runs, position);
      if (self->viewed == self->active)
        px_window_view_run (self, NULL, NULL);
      g_clear_object (&self->active);
    }
  g_clear_object (&self->session);
  _px_window_set_status (self, status);
  _px_window_update_run_rows (self);
  _px_window_update_actions (self);
  px_window_show_error (self, _("The run could not be carried out"), message);
}

/* Each run of the session gets a place in the history; a repetition
 * replaces its predecessor there: only the last measured run keeps its
 * graphs, the others live on in the statistics. */
static void
run_started_cb (PxWindow  *self,
                PxRun     *run,
                PxSampler *sampler,
                PxSession *session)
{
  g_autoptr(PxRunItem) item = NULL;
  g_autofree char *name = self->run_title != NULL ? g_strdup (self->run_title)
                                                  : _px_window_dup_display_name (self);
  /* A new run is shown; a next repetition only if its predecessor was. */
  gboolean follow = self->active == NULL || self->viewed == self->active;

  if (self->active != NULL)
    {
      guint position;

      if (g_list_store_find (self->runs, self->active, &position))
        g_list_store_remove (self->runs, position);
    }

  item = px_run_item_new (self->run_counter, name, run, sampler);
  g_set_object (&self->active, item);
  self->workers_lost_seen = 0;
  g_list_store_insert (self->runs, 0, item);

  g_signal_connect_object (sampler, "sample-added", G_CALLBACK (sample_added_cb), self,
                           G_CONNECT_SWAPPED);
  if (follow)
    px_window_view_run (self, item, self->compared);
  else
    _px_window_update_run_rows (self);
  _px_window_update_progress (self);
  _px_window_update_actions (self);
}

/* The session holds the window weakly: a destroyed window is finalized
 * at once, which stops its session; the session's end then finds nobody. */
static void
session_ran_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GWeakRef *window_ref = user_data;
  g_autoptr(PxWindow) self = g_weak_ref_get (window_ref);
  g_autoptr(GError) error = NULL;
  gboolean ok = px_session_run_finish (PX_SESSION (object), result, &error);

  g_weak_ref_clear (window_ref);
  g_free (window_ref);
  if (self == NULL)
    return;

  /* The window was closed, or destroyed, while the run went on. */
  if (self->closing)
    {
      g_clear_object (&self->active);
      g_clear_object (&self->session);
      if (!gtk_widget_in_destruction (GTK_WIDGET (self)))
        gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  if (!ok)
    abandon_runs (self, error->message);
  else
    finish_runs (self);
}

static void
begin_runs (PxWindow *self)
{
  GWeakRef *window_ref = g_new0 (GWeakRef, 1);

  adw_view_stack_set_visible_child_name (self->view_stack, "workers");
  self->run_counter++;
  g_signal_connect_object (self->session, "run-started", G_CALLBACK (run_started_cb), self,
                           G_CONNECT_SWAPPED);
  g_weak_ref_init (window_ref, self);
  px_session_run_async (self->session, NULL, session_ran_cb, window_ref);
}

static void
resources_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       PxWindow         *self)
{
  if (g_str_equal (response, "run") && self->active == NULL && self->session != NULL &&
      !px_session_get_running (self->session))
    begin_runs (self);
  else if (self->active == NULL)
    g_clear_object (&self->session);
}

/* Runs @profile: the window's, or a variant of it. */
static void
start_runs (PxWindow  *self,
            PxProfile *profile)
{
  g_autoptr(GError) error = NULL;
  g_auto(PxSpec) spec = { 0 };

  if (!px_profile_editor_get_valid (self->editor))
    {
      g_autofree char *errors = px_profile_editor_dup_errors (self->editor);

      px_window_show_error (self, _("The profile has errors"), errors);
      return;
    }
  if (!px_profile_check (profile, &error))
    {
      px_window_show_error (self, _("The profile has errors"), error->message);
      return;
    }

  px_spec_copy (&spec, px_profile_get_spec (profile));
  if (spec.inputs_file != NULL)
    {
      char *resolved = px_profile_resolve_path (profile, spec.inputs_file);

      g_free (spec.inputs_file);
      spec.inputs_file = resolved;
    }
  if (!px_profile_has_value (profile, "interval-ms"))
    spec.interval_ms = g_settings_get_uint (self->settings, "sampling-interval");
  if (!px_profile_has_value (profile, "history"))
    spec.history = g_settings_get_uint (self->settings, "history-length");
  /* A run asked about and not started left its session here. */
  g_clear_object (&self->session);
  self->session = px_session_new (&spec);
  if (self->worker_path != NULL)
    px_session_set_worker_path (self->session, self->worker_path);

  /* A run that would exhaust memory or disk is asked about first. */
  if (!px_resources_check (&spec, &error))
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                                  _("This Run May Exhaust the Machine"),
                                                  error->message);

      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Cancel"),
                                        "run", _("_Run Anyway"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "run",
                                                  ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_signal_connect_object (dialog, "response", G_CALLBACK (resources_response_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  begin_runs (self);
}

static void
px_window_run_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PxWindow *self = PX_WINDOW (widget);

  if (self->active != NULL)
    return;
  g_clear_pointer (&self->run_title, g_free);
  start_runs (self, self->profile);
}

/* One of the profile's experiments ([Try]): runs it, and compares it
 * with the run shown before, which the experiment changes one thing of. */
static void
px_window_try_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PxWindow *self = PX_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PxProfile) variant = NULL;
  g_autofree char *base = NULL;
  g_autofree char *label = NULL;

  if (self->active != NULL)
    return;
  variant = px_profile_new_variant (self->profile, name, &error);
  if (variant == NULL)
    {
      px_window_show_error (self, _("The experiment cannot be run"), error->message);
      return;
    }
  base = _px_window_dup_display_name (self);
  label = px_profile_dup_variant_label (self->profile, name);
  g_free (self->run_title);
  /* Translators: the title of a run of one of a profile's experiments:
   * the profile's name, then the experiment's label. */
  self->run_title = g_strdup_printf (_("%s · try: %s"), base, label);
  if (self->viewed != NULL && px_run_item_get_finished (self->viewed))
    g_set_object (&self->compared, self->viewed);
  start_runs (self, variant);
}

static void
px_window_stop_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PxWindow *self = PX_WINDOW (widget);

  if (self->session == NULL || !px_session_get_running (self->session) ||
      px_session_get_stopping (self->session))
    return;

  px_session_stop (self->session);
  _px_window_update_progress (self);
  _px_window_update_actions (self);
}

void
_px_window_update_actions (PxWindow *self)
{
  gboolean running = self->session != NULL && px_session_get_running (self->session);
  gboolean exportable = self->viewed != NULL && px_run_item_get_finished (self->viewed);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.run",
                                 !running && px_profile_editor_get_valid (self->editor));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.try",
                                 !running && px_profile_editor_get_valid (self->editor));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stop",
                                 running && !px_session_get_stopping (self->session));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", exportable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-summary", exportable);
  gtk_widget_set_visible (self->run_button, !running);
  gtk_widget_set_visible (self->stop_button, running);
}

/* Template callbacks */

static void
editor_changed_cb (PxWindow   *self,
                   const char *key)
{
  if (!self->modified)
    {
      self->modified = TRUE;
      _px_window_update_title (self);
    }
  else if (g_str_equal (key, "name"))
    _px_window_update_title (self);
}

static void
editor_valid_cb (PxWindow *self)
{
  _px_window_update_actions (self);
}

static void
save_window_state (PxWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static gboolean
px_window_close_request (GtkWindow *window)
{
  PxWindow *self = PX_WINDOW (window);

  if (self->modified && !self->close_confirmed)
    {
      _px_window_confirm_close (self);
      return TRUE;
    }

  save_window_state (self);

  /* A run in progress is cancelled first; the window goes once its
   * workers are gone, so no process outlives it. */
  if (self->active != NULL)
    {
      self->closing = TRUE;
      px_session_stop (self->session);
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return TRUE;
    }

  return GTK_WINDOW_CLASS (px_window_parent_class)->close_request (window);
}

static void
px_window_dispose (GObject *object)
{
  PxWindow *self = PX_WINDOW (object);

  /* A run still going ends on its own; its callback must only let go. */
  self->closing = TRUE;
  if (self->session != NULL)
    px_session_stop (self->session);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), PX_TYPE_WINDOW);

  g_clear_object (&self->settings);
  g_clear_object (&self->recent_menu);
  g_clear_object (&self->profile);
  g_clear_object (&self->runs);
  g_clear_object (&self->viewed);
  g_clear_object (&self->compared);
  g_clear_object (&self->active);
  g_clear_object (&self->session);
  g_clear_object (&self->time_view);

  G_OBJECT_CLASS (px_window_parent_class)->dispose (object);
}

static void
px_window_finalize (GObject *object)
{
  PxWindow *self = PX_WINDOW (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->example_name, g_free);
  g_clear_pointer (&self->run_title, g_free);
  g_clear_pointer (&self->pending_path, g_free);
  g_clear_pointer (&self->last_toast, g_free);
  g_clear_pointer (&self->worker_path, g_free);

  G_OBJECT_CLASS (px_window_parent_class)->finalize (object);
}

/* The summary's Copy button shows with the summary. */
static void
view_changed_cb (PxWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);

  gtk_widget_set_visible (self->summary_copy, g_strcmp0 (name, "summary") == 0);
}

static void
px_window_class_init (PxWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = px_window_dispose;
  object_class->finalize = px_window_finalize;
  window_class->close_request = px_window_close_request;

  g_type_ensure (PX_TYPE_CACHED_BIN);
  g_type_ensure (PX_TYPE_GRAPH);
  g_type_ensure (PX_TYPE_PROFILE_EDITOR);
  g_type_ensure (PX_TYPE_WORKER_TABLE);
  g_type_ensure (PX_TYPE_JOB_TABLE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/parallax/Parallax/px-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PxWindow, run_button);
  gtk_widget_class_bind_template_child (widget_class, PxWindow, stop_button);
  gtk_widget_class_bind_template_child (widget_class, PxWindow, open_button);
  gtk_widget_class_bind_template_child (widget_class, PxWindow, examples_button);
  gtk_widget_class_bind_template_child (widget_class, PxWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, PxWindow, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, PxWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PxWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, PxWindow, editor_scroller);
  gtk_widget_class_bind_template_child (widget_class, PxWindow, graphs_scroller);
  gtk_widget_class_bind_template_child (widget_class, PxWindow, editor);
  gtk_widget_class_bind_template_child (widget_class, PxWindow, status_box);
  gtk_widget_class_bind_template_child (widget_class, PxWindow, reset_zoom_button);
  gtk_widget_class_bind_template_child (widget_class, PxWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, PxWindow, cpu_graph);
  gtk_widget_class_bind_template_child (widget_class, PxWindow, task_graph);
  gtk_widget_class_bind_template_child (widget_class, PxWindow, queue_graph);
  gtk_widget_class_bind_template_child (widget_class, PxWindow, throughput_graph);
  gtk_widget_class_bind_template_child (widget_class, PxWindow, cores_graph);
  gtk_widget_class_bind_template_child (widget_class, PxWindow, loop_graph);
  gtk_widget_class_bind_template_child (widget_class, PxWindow, worker_table);
  gtk_widget_class_bind_template_child (widget_class, PxWindow, job_table);
  gtk_widget_class_bind_template_child (widget_class, PxWindow, jobs_page);
  gtk_widget_class_bind_template_child (widget_class, PxWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, PxWindow, summary_box);
  gtk_widget_class_bind_template_child (widget_class, PxWindow, summary_copy);
  gtk_widget_class_bind_template_child (widget_class, PxWindow, runs_list);
  gtk_widget_class_bind_template_child (widget_class, PxWindow, kept_list);
  gtk_widget_class_bind_template_child (widget_class, PxWindow, kept_hint);
  gtk_widget_class_bind_template_callback (widget_class, editor_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, editor_valid_cb);
  gtk_widget_class_bind_template_callback (widget_class, view_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.run", NULL, px_window_run_action);
  gtk_widget_class_install_action (widget_class, "win.try", "s", px_window_try_action);
  gtk_widget_class_install_action (widget_class, "win.stop", NULL, px_window_stop_action);
  _px_window_actions_install (widget_class);
  _px_window_kept_install (widget_class);
  /* A binding, not an accelerator: Escape closes an open menu or popover
   * first, and stops the run only when nothing else wanted it. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.stop", NULL);
}

static void
px_window_init (PxWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Status text changes with every sample: a label of fixed size. */
  self->status_label = PX_CELL_TEXT (px_cell_text_new (20, 0.0));
  gtk_widget_set_hexpand (GTK_WIDGET (self->status_label), TRUE);
  gtk_box_prepend (self->status_box, GTK_WIDGET (self->status_label));

  self->settings = g_settings_new (APP_ID);
  self->runs = g_list_store_new (PX_TYPE_RUN_ITEM);
  gtk_list_box_bind_model (self->runs_list, G_LIST_MODEL (self->runs),
                           _px_window_create_run_row, self, NULL);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  /* The editor beside the graphs, or over them in a narrow window
   * (AdwFlap folds it); F9 and the header's button show and hide it. */
  gtk_widget_set_size_request (self->editor_scroller,
                               g_settings_get_int (self->settings, "sidebar-width"), -1);
  g_object_bind_property (self->sidebar_button, "active", self->flap, "reveal-flap",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);

  _px_window_graphs_init (self);

  _px_window_actions_init (self);
  _px_window_kept_init (self);

  {
    g_autoptr(PxProfile) profile = px_profile_new ();

    _px_window_set_profile (self, profile, NULL);
  }
  _px_window_set_status (self, _("Press Run to start the workload."));
  _px_window_rebuild_summary (self);
  _px_window_update_actions (self);
}

PxWindow *
px_window_new (PxApplication *application)
{
  return g_object_new (PX_TYPE_WINDOW, "application", application, NULL);
}

/* Views @item (NULL: none) in the graphs, table and summary, with
 * @compare (NULL: none) overlaid. */
void
px_window_view_run (PxWindow  *self,
                    PxRunItem *item,
                    PxRunItem *compare)
{
  g_return_if_fail (PX_IS_WINDOW (self));

  if (compare == item)
    compare = NULL;
  g_set_object (&self->viewed, item);
  g_set_object (&self->compared, compare);

  if (item != NULL)
    px_worker_table_set_run (self->worker_table, px_run_item_get_run (item),
                             px_run_item_get_sampler (item));
  else
    px_worker_table_set_run (self->worker_table, NULL, NULL);
  {
    PxRun *run = item != NULL ? px_run_item_get_run (item) : NULL;
    gboolean jobs = run != NULL && px_run_get_job_records (run, NULL) != NULL;

    px_job_table_set_run (self->job_table, run);
    adw_view_stack_page_set_visible (self->jobs_page, jobs);
  }

  _px_window_rebuild_graphs (self);
  _px_window_rebuild_summary (self);
  _px_window_update_run_rows (self);
  _px_window_update_actions (self);
}

/* Runs use @path as their worker program instead of parallax-worker;
 * for tests, which start misbehaving workers. */
void
_px_window_set_worker_path (PxWindow   *self,
                            const char *path)
{
  g_free (self->worker_path);
  self->worker_path = g_strdup (path);
}
