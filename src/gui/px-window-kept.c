/* px-window-kept.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs that last: each run the window finishes is kept as its JSON
 * report (px-run-store.c), in a thread so a run of a million tasks does
 * not stop the window; the Runs view lists the kept runs, opens one
 * (read in a thread) into the history beside today's runs, to view and
 * compare, and deletes one with a chance to undo. A report from
 * anywhere opens the same way, from Open a Report… or dropped on the
 * window.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "px-run-store.h"
#include "px-window-private.h"

/* Keeping a run: what the thread writes. */
typedef struct
{
  PxRun         *run;
  PxSampler     *sampler;
  PxRepetitions  reps;
  char          *title;
  guint64        limit;
} KeepData;

static void
keep_data_free (gpointer data)
{
  KeepData *k = data;

  g_clear_object (&k->run);
  g_clear_object (&k->sampler);
  px_repetitions_clear (&k->reps);
  g_free (k->title);
  g_free (k);
}

/* Opening a report: what the thread reads. */
typedef struct
{
  char          *path;
  char          *kept_id;
  char          *title;
  PxRun         *run;
  PxSampler     *sampler;
  PxRepetitions  reps;
} OpenData;

static void
open_data_free (gpointer data)
{
  OpenData *o = data;

  g_free (o->path);
  g_free (o->kept_id);
  g_free (o->title);
  g_clear_object (&o->run);
  g_clear_object (&o->sampler);
  px_repetitions_clear (&o->reps);
  g_free (o);
}

static void
update_hint (PxWindow *self)
{
  g_autofree char *text = NULL;

  if (g_settings_get_boolean (self->settings, "keep-runs"))
    {
      guint64 limit = (guint64)g_settings_get_uint (self->settings, "kept-runs-megabytes") << 20;
      g_autofree char *size = g_format_size_full (limit, G_FORMAT_SIZE_IEC_UNITS);

      text = g_strdup_printf (_("Every finished run is kept here across sessions, up to %s "
                                "(Preferences), the oldest deleted first. Click one to open it "
                                "with its graphs and timeline; it joins the runs above, to "
                                "compare with today’s."), size);
    }
  else
    text = g_strdup (_("Finished runs are not kept across sessions: “Keep Runs Across "
                       "Sessions” in Preferences turns it on. Runs kept before are listed "
                       "here."));
  gtk_label_set_text (self->kept_hint, text);
}

static void delete_clicked_cb (GtkButton *button,
                               PxWindow  *self);

static void
kept_row_activated_cb (AdwActionRow *row,
                       PxWindow     *self)
{
  const char *id = g_object_get_data (G_OBJECT (row), "px-kept-id");
  const char *path = g_object_get_data (G_OBJECT (row), "px-kept-path");
  const char *title = g_object_get_data (G_OBJECT (row), "px-kept-title");

  _px_window_open_report (self, path, id, title);
}

static GtkWidget *
create_kept_row (PxWindow        *self,
                 const PxKeptRun *kept)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *delete = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *date = px_kept_run_dup_date (kept);
  g_autofree char *wall = px_format_duration (kept->wall_us);
  g_autofree char *subtitle = NULL;
  g_autofree char *title = g_strdup_printf ("%s · %s", kept->title, date);

  /* Translators: a kept run: its executor, workers, wall time,
   * throughput and tasks done of all */
  subtitle = g_strdup_printf (ngettext ("%s · %u worker · %s · %.1f tasks/s · %u of %u done",
                                        "%s · %u workers · %s · %.1f tasks/s · %u of %u done",
                                        kept->workers),
                              px_run_item_executor_label (kept->executor), kept->workers, wall,
                              kept->throughput, kept->done, kept->tasks);
  if (kept->repetitions > 1)
    {
      g_autofree char *with = g_strdup_printf (ngettext ("%s · %u repetition",
                                                         "%s · %u repetitions",
                                                         kept->repetitions),
                                               subtitle, kept->repetitions);

      g_free (subtitle);
      subtitle = g_steal_pointer (&with);
    }

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, _("Open this run with its graphs and timeline"));
  g_object_set_data_full (G_OBJECT (row), "px-kept-id", g_strdup (kept->id), g_free);
  g_object_set_data_full (G_OBJECT (row), "px-kept-path", g_strdup (kept->path), g_free);
  g_object_set_data_full (G_OBJECT (row), "px-kept-title", g_steal_pointer (&title), g_free);
  g_signal_connect_object (row, "activated", G_CALLBACK (kept_row_activated_cb), self, 0);

  gtk_widget_set_valign (delete, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (delete, "flat");
  gtk_widget_set_tooltip_text (delete, _("Delete this kept run"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (delete), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Delete this kept run"), -1);
  g_object_set_data (G_OBJECT (delete), "px-row", row);
  g_signal_connect_object (delete, "clicked", G_CALLBACK (delete_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), delete);
  return row;
}

/* Lists the kept runs again: after one is kept or deleted, or when the
 * window opens. */
void
_px_window_refresh_kept (PxWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) problems = NULL;
  g_autoptr(GPtrArray) runs = px_run_store_list (&problems, &error);
  GtkWidget *child;

  child = gtk_widget_get_first_child (GTK_WIDGET (self->kept_list));
  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      /* The placeholder is a child too, and stays. */
      if (g_object_get_data (G_OBJECT (child), "px-kept-id") != NULL)
        gtk_list_box_remove (self->kept_list, child);
      child = next;
    }
  if (runs == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The kept runs could not be listed: %s"),
                                               error->message);

      _px_window_toast (self, text);
      return;
    }
  for (guint i = 0; i < runs->len; i++)
    gtk_list_box_append (self->kept_list, create_kept_row (self, g_ptr_array_index (runs, i)));
  /* A report the store cannot read is named once, not hidden. */
  if (problems != NULL && problems[0] != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("A kept report could not be read: %s"),
                                               problems[0]);

      _px_window_toast (self, text);
    }
}

/* Deleting */

static void
undo_clicked_cb (AdwToast  *toast,
                 GtkWidget *row)
{
  g_object_set_data (G_OBJECT (toast), "px-undone", GINT_TO_POINTER (TRUE));
  gtk_widget_set_visible (row, TRUE);
}

static void
toast_dismissed_cb (AdwToast  *toast,
                    PxWindow  *self)
{
  GtkWidget *row = g_object_get_data (G_OBJECT (toast), "px-row");
  const char *id = g_object_get_data (G_OBJECT (row), "px-kept-id");
  g_autoptr(GError) error = NULL;

  if (g_object_get_data (G_OBJECT (toast), "px-undone") != NULL)
    return;
  /* A window that closes within the toast's time deletes all the same,
   * and says so on the terminal if it cannot. */
  if (!px_run_store_delete (id, &error))
    {
      if (gtk_widget_in_destruction (GTK_WIDGET (self)))
        g_printerr ("%s\n", error->message);
      else
        _px_window_toast (self, error->message);
    }
  if (!gtk_widget_in_destruction (GTK_WIDGET (self)))
    _px_window_refresh_kept (self);
}

/* The row goes at once; the report, when the toast goes without Undo. */
static void
delete_clicked_cb (GtkButton *button,
                   PxWindow  *self)
{
  GtkWidget *row = g_object_get_data (G_OBJECT (button), "px-row");
  const char *title = g_object_get_data (G_OBJECT (row), "px-kept-title");
  g_autofree char *text = g_strdup_printf (_("Deleted “%s”"), title);
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  AdwToast *toast = adw_toast_new (escaped);

  gtk_widget_set_visible (row, FALSE);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_timeout (toast, 5);
  g_object_set_data_full (G_OBJECT (toast), "px-row", g_object_ref (row), g_object_unref);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_clicked_cb), row, 0);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), self, 0);
  g_free (self->last_toast);
  self->last_toast = g_strdup (text);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Keeping */

static void
keep_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  KeepData *k = task_data;
  GError *error = NULL;
  PxKeptRun *kept = px_run_store_keep (k->run, k->sampler, &k->reps, k->title, k->limit,
                                       &error);

  if (kept == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, kept, (GDestroyNotify)px_kept_run_free);
}

static void
kept_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  PxWindow *self = PX_WINDOW (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(PxKeptRun) kept = g_task_propagate_pointer (G_TASK (result), &error);

  self->keeping--;
  if (g_application_get_default () != NULL)
    g_application_release (g_application_get_default ());
  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  if (kept == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("This run was not kept: %s"), error->message);

      _px_window_toast (self, text);
      return;
    }
  _px_window_refresh_kept (self);
}

/* Keeps @item's finished run, if the user keeps runs. */
void
_px_window_keep_run (PxWindow  *self,
                     PxRunItem *item)
{
  g_autoptr(GTask) task = NULL;
  KeepData *k;

  if (!g_settings_get_boolean (self->settings, "keep-runs") ||
      px_run_get_loaded (px_run_item_get_run (item)) ||
      gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;

  k = g_new0 (KeepData, 1);
  k->run = g_object_ref (px_run_item_get_run (item));
  k->sampler = g_object_ref (px_run_item_get_sampler (item));
  if (px_run_item_get_repetitions (item) != NULL)
    px_repetitions_copy (&k->reps, px_run_item_get_repetitions (item));
  k->title = g_strdup (px_run_item_get_name (item));
  k->limit = (guint64)g_settings_get_uint (self->settings, "kept-runs-megabytes") << 20;

  /* The application waits for the report to be written before it
   * quits. */
  if (g_application_get_default () != NULL)
    g_application_hold (g_application_get_default ());
  self->keeping++;
  task = g_task_new (self, NULL, kept_cb, NULL);
  g_task_set_source_tag (task, _px_window_keep_run);
  g_task_set_task_data (task, k, keep_data_free);
  g_task_run_in_thread (task, keep_thread);
}

/* Opening */

static void
open_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *o = task_data;
  GError *error = NULL;

  if (!px_report_read (o->path, &o->run, &o->sampler, &o->reps, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  PxWindow *self = PX_WINDOW (source);
  OpenData *o = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(PxRunItem) item = NULL;

  self->opening--;
  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      px_window_show_error (self, _("The report could not be opened"), error->message);
      _px_window_set_status (self, _("The report could not be opened."));
      return;
    }

  item = px_run_item_new_loaded (o->kept_id, o->title, o->run, o->sampler, &o->reps);
  g_list_store_insert (self->runs, 0, item);
  px_window_view_run (self, item, self->compared);
  {
    g_autofree char *status = g_strdup_printf (_("Opened %s: tick Compare on another run to "
                                                 "set it beside."), o->title);

    _px_window_set_status (self, status);
  }
  adw_view_stack_set_visible_child_name (self->view_stack, "summary");
}

/**
 * _px_window_open_report:
 * @kept_id: (nullable): the kept run @path is, or NULL for a report
 *   from anywhere
 * @title: (nullable): what the history calls it; the file's name if NULL
 *
 * Reads a JSON report in a thread and adds its run to the history,
 * viewed. A kept run already open is viewed again, not read twice.
 */
void
_px_window_open_report (PxWindow   *self,
                        const char *path,
                        const char *kept_id,
                        const char *title)
{
  g_autoptr(GTask) task = NULL;
  OpenData *o;

  for (guint i = 0; kept_id != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (self->runs));
       i++)
    {
      g_autoptr(PxRunItem) item = g_list_model_get_item (G_LIST_MODEL (self->runs), i);

      if (g_strcmp0 (px_run_item_get_kept_id (item), kept_id) == 0)
        {
          px_window_view_run (self, item, self->compared == item ? NULL : self->compared);
          adw_view_stack_set_visible_child_name (self->view_stack, "summary");
          return;
        }
    }

  o = g_new0 (OpenData, 1);
  o->path = g_strdup (path);
  o->kept_id = g_strdup (kept_id);
  o->title = title != NULL ? g_strdup (title) : g_filename_display_basename (path);
  {
    g_autofree char *status = g_strdup_printf (_("Opening %s…"), o->title);

    _px_window_set_status (self, status);
  }
  self->opening++;
  task = g_task_new (self, NULL, opened_cb, NULL);
  g_task_set_source_tag (task, _px_window_open_report);
  g_task_set_task_data (task, o, open_data_free);
  g_task_run_in_thread (task, open_thread);
}

static void
open_report_response_cb (GtkNativeDialog *chooser,
                         int              response,
                         PxWindow        *self)
{
  g_autofree char *path = _px_window_chooser_finish (self, chooser, response);

  if (path != NULL)
    {
      _px_window_remember_folder (self, path);
      _px_window_open_report (self, path, NULL, NULL);
    }
}

static void
px_window_open_report_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  PxWindow *self = PX_WINDOW (widget);
  GtkFileChooserNative *chooser = _px_window_create_chooser (self, _("Open a Report"),
                                                             GTK_FILE_CHOOSER_ACTION_OPEN,
                                                             _("_Open"), NULL);
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("JSON reports"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  g_signal_connect_object (chooser, "response", G_CALLBACK (open_report_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* A report dropped on the window opens as a run; a profile, as the
 * profile (asking first about unsaved changes). */
static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         PxWindow      *self)
{
  GSList *files;
  gboolean any = FALSE;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = files; l != NULL; l = l->next)
    {
      g_autofree char *path = g_file_get_path (l->data);

      if (path == NULL)
        continue;
      if (g_str_has_suffix (path, ".ini"))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.open-path", "s", path);
      else
        _px_window_open_report (self, path, NULL, NULL);
      any = TRUE;
    }
  g_slist_free (files);
  return any;
}

void
_px_window_kept_install (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open-report", NULL,
                                   px_window_open_report_action);
}

void
_px_window_kept_init (PxWindow *self)
{
  GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  GtkWidget *placeholder = gtk_label_new (_("No run kept yet"));

  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (self->kept_list, placeholder);

  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  g_signal_connect_object (self->settings, "changed::keep-runs", G_CALLBACK (update_hint), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::kept-runs-megabytes",
                           G_CALLBACK (update_hint), self, G_CONNECT_SWAPPED);
  update_hint (self);
  _px_window_refresh_kept (self);
}
