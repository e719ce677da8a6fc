/* px-window-actions.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's file actions: new, open (dialog, examples, recent files,
 * drag and drop) and save, with the question about unsaved changes; the
 * dialog that shows a problem; and the view actions that need no run.
 * Export is px-window-export.c.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "px-calibrate-window.h"
#include "px-sweep-window.h"
#include "px-watch-picker.h"
#include "px-window-private.h"

/* Profiles */

void
_px_window_set_profile (PxWindow   *self,
                        PxProfile  *profile,
                        const char *path)
{
  g_set_object (&self->profile, profile);
  g_free (self->path);
  self->path = g_strdup (path);
  g_clear_pointer (&self->example_name, g_free);
  self->modified = FALSE;
  /* The last profile's run is no longer what the graphs describe; its
   * runs stay in the Runs view. */
  if (self->active == NULL)
    px_window_view_run (self, NULL, NULL);
  px_profile_editor_set_profile (self->editor, profile);
  _px_window_update_title (self);
  _px_window_update_actions (self);
}

/* Shows a problem in a dialog, with the core's message as it is. */
void
px_window_show_error (PxWindow   *self,
                      const char *heading,
                      const char *message)
{
  GtkWidget *dialog;

  g_return_if_fail (PX_IS_WINDOW (self));

  /* Several problems, each with its file and line, read as a list: left
   * aligned, a line each, in a dialog wide enough not to split a key's
   * name at its hyphen. */
  if (strchr (message, '\n') != NULL)
    {
      g_auto(GStrv) lines = g_strsplit (message, "\n", -1);
      guint n = 0;
      GtkWidget *label = gtk_label_new (message);
      GtkWidget *scroller = gtk_scrolled_window_new ();
      g_autofree char *summary = NULL;

      for (guint i = 0; lines[i] != NULL; i++)
        n += lines[i][0] != '\0' ? 1 : 0;
      summary = g_strdup_printf (ngettext ("%u problem, each with where it is and what is "
                                           "accepted:",
                                           "%u problems, each with where it is and what is "
                                           "accepted:", n), n);
      dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, summary);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_widget_set_valign (label, GTK_ALIGN_START);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "px-problems");
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), label);
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                      GTK_POLICY_AUTOMATIC);
      /* Room for the list, about two lines a problem, up to a screenful;
       * past that it scrolls. */
      gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller),
                                                  (int)MIN (n * 40 + 8, 360));
      gtk_widget_set_size_request (scroller, 560, -1);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
    }
  else
    dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
px_window_open_file (PxWindow   *self,
                     const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PxProfile) profile = NULL;
  g_autofree char *absolute = NULL;

  g_return_val_if_fail (PX_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  absolute = g_canonicalize_filename (path, NULL);
  profile = px_profile_new_from_file (absolute, &error);
  if (profile == NULL)
    {
      g_autofree char *base = g_path_get_basename (absolute);
      g_autofree char *heading = g_strdup_printf (_("Could not open “%s”"), base);

      px_window_show_error (self, heading, error->message);
      return FALSE;
    }

  _px_window_set_profile (self, profile, absolute);
  _px_window_remember_folder (self, absolute);
  px_application_add_recent (PX_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))),
                             absolute);
  _px_window_set_status (self, _("Press Run to start the workload."));
  return TRUE;
}

gboolean
px_window_save_file (PxWindow   *self,
                     const char *path)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (PX_IS_WINDOW (self), FALSE);

  if (!px_profile_save_to_file (self->profile, path, &error))
    {
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *heading = g_strdup_printf (_("Could not save “%s”"), base);

      px_window_show_error (self, heading, error->message);
      return FALSE;
    }

  if (g_strcmp0 (self->path, path) != 0)
    {
      g_free (self->path);
      self->path = g_strdup (path);
    }
  g_clear_pointer (&self->example_name, g_free);
  self->modified = FALSE;
  _px_window_update_title (self);
  _px_window_remember_folder (self, path);
  px_application_add_recent (PX_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))),
                             path);
  return TRUE;
}

static void
open_continue (PxWindow   *self,
               const char *path)
{
  px_window_open_file (self, path);
}

static void
new_continue (PxWindow   *self,
              const char *path)
{
  g_autoptr(PxProfile) profile = px_profile_new ();

  _px_window_set_profile (self, profile, NULL);
}

static void
close_continue (PxWindow   *self,
                const char *path)
{
  self->close_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

/* The user cancelled: what was to follow does not happen. */
static void
forget_pending (PxWindow *self)
{
  self->pending_func = NULL;
  g_clear_pointer (&self->pending_path, g_free);
}

static void
run_pending (PxWindow *self)
{
  PxContinueFunc func = self->pending_func;
  g_autofree char *path = g_steal_pointer (&self->pending_path);

  self->pending_func = NULL;
  if (func != NULL)
    func (self, path);
}

static void save_as (PxWindow *self);

static void
discard_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     PxWindow         *self)
{
  if (g_str_equal (response, "discard"))
    run_pending (self);
  else if (g_str_equal (response, "save"))
    {
      if (self->path == NULL)
        save_as (self);
      else if (px_window_save_file (self, self->path))
        run_pending (self);
    }
  else
    forget_pending (self);
}

/* Calls @func at once, or once the user has saved or discarded the
 * unsaved changes. */
static void
confirm_discard (PxWindow       *self,
                 PxContinueFunc  func,
                 const char     *path)
{
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  self->pending_func = func;
  g_free (self->pending_path);
  self->pending_path = g_strdup (path);

  if (!self->modified)
    {
      run_pending (self);
      return;
    }

  name = _px_window_dup_display_name (self);
  heading = g_strdup_printf (_("Save changes to “%s”?"), name);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("The profile has unsaved changes. Changes which are not "
                                     "saved will be lost."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A file dialog in @folder, or in the last folder used when NULL. The
 * folder is set once: GTK 4.8 shows the parent of a folder set twice. */
GtkFileChooserNative *
_px_window_create_chooser (PxWindow             *self,
                           const char           *title,
                           GtkFileChooserAction  action,
                           const char           *accept,
                           const char           *folder)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action,
                                                               accept, _("_Cancel"));
  g_autofree char *last = g_settings_get_string (self->settings, "last-folder");

  /* One dialog at a time, owned by the window so it goes with it. */
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_set_object (&self->chooser, chooser);
  g_object_unref (chooser);

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (folder == NULL)
    folder = last;
  if (folder[0] != '\0' && g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) file = g_file_new_for_path (folder);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), file, NULL);
    }
  return chooser;
}

static void
add_profile_filters (GtkFileChooser *chooser)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Workload profiles"));
  gtk_file_filter_add_pattern (filter, "*.ini");
  gtk_file_chooser_add_filter (chooser, filter);
  g_object_unref (filter);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("All files"));
  gtk_file_filter_add_pattern (filter, "*");
  gtk_file_chooser_add_filter (chooser, filter);
  g_object_unref (filter);
}

/* The file accepted in @chooser, or NULL; the dialog is done with. */
char *
_px_window_chooser_finish (PxWindow        *self,
                           GtkNativeDialog *chooser,
                           int              response)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (self->chooser == GTK_FILE_CHOOSER_NATIVE (chooser))
    g_clear_object (&self->chooser);

  return file ? g_file_get_path (file) : NULL;
}

static void
open_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  PxWindow        *self)
{
  g_autofree char *path = _px_window_chooser_finish (self, chooser, response);

  if (path != NULL)
    confirm_discard (self, open_continue, path);
}

static void
px_window_open_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PxWindow *self = PX_WINDOW (widget);
  GtkFileChooserNative *chooser = _px_window_create_chooser (self, _("Open Profile"),
                                                  GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"),
                                                  NULL);

  add_profile_filters (GTK_FILE_CHOOSER (chooser));
  g_signal_connect_object (chooser, "response", G_CALLBACK (open_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
px_window_open_path_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  PxWindow *self = PX_WINDOW (widget);

  confirm_discard (self, open_continue, g_variant_get_string (parameter, NULL));
}

/* An example opens as a copy: its changes are saved elsewhere, where
 * the user says, never into the installation. */
static void
open_example_continue (PxWindow   *self,
                       const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PxProfile) profile = px_profile_new_from_file (path, &error);

  if (profile == NULL)
    {
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *heading = g_strdup_printf (_("Could not open “%s”"), base);

      px_window_show_error (self, heading, error->message);
      return;
    }
  _px_window_set_profile (self, profile, NULL);
  self->example_name = g_path_get_basename (path);
  _px_window_update_title (self);
  _px_window_set_status (self, _("Press Run to start the workload."));
}

/**
 * px_window_open_example:
 *
 * Opens a bundled example as a copy, as the Examples menu does.
 */
void
px_window_open_example (PxWindow   *self,
                        const char *path)
{
  g_return_if_fail (PX_IS_WINDOW (self));

  confirm_discard (self, open_example_continue, path);
}

static void
px_window_open_example_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  confirm_discard (PX_WINDOW (widget), open_example_continue,
                   g_variant_get_string (parameter, NULL));
}

static void
px_window_new_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  confirm_discard (PX_WINDOW (widget), new_continue, NULL);
}

static void
save_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  PxWindow        *self)
{
  g_autofree char *path = _px_window_chooser_finish (self, chooser, response);

  if (path != NULL && px_window_save_file (self, path))
    run_pending (self);
  else
    forget_pending (self);
}

static void
save_as (PxWindow *self)
{
  g_autofree char *dir = self->path != NULL ? g_path_get_dirname (self->path) : NULL;
  GtkFileChooserNative *chooser = _px_window_create_chooser (self, _("Save Profile"),
                                                  GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                                  dir);
  g_autofree char *name = NULL;

  add_profile_filters (GTK_FILE_CHOOSER (chooser));
  /* The folder and the name apart: GTK 4.8's set_file on a save dialog
   * cancels the folder's listing and leaves the name empty. An example
   * offers its name, in the last folder used, never the installation. */
  if (self->path != NULL)
    name = g_path_get_basename (self->path);
  else if (self->example_name != NULL)
    name = g_strdup (self->example_name);
  else
    name = g_strdup_printf ("%s.ini", _("profile"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect_object (chooser, "response", G_CALLBACK (save_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
px_window_save_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PxWindow *self = PX_WINDOW (widget);

  if (self->path == NULL)
    save_as (self);
  else
    px_window_save_file (self, self->path);
}

static void
px_window_save_as_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  save_as (PX_WINDOW (widget));
}

static void
px_window_reset_zoom_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  PxWindow *self = PX_WINDOW (widget);

  _px_window_reset_zoom (self);
}

static void
px_window_toggle_sidebar_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  PxWindow *self = PX_WINDOW (widget);

  gtk_toggle_button_set_active (self->sidebar_button,
                                !gtk_toggle_button_get_active (self->sidebar_button));
}

/* Menus */

/* A file or profile name as a menu label: its underscores are not
 * mnemonics. */
static char *
escape_mnemonics (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "_", -1);

  return g_strjoinv ("__", parts);
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

static void
build_examples_menu (PxWindow *self)
{
  g_autofree char *dir = px_application_dup_profiles_dir ();
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *entry;

  while (d != NULL && (entry = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (entry, ".ini"))
      g_ptr_array_add (files, g_build_filename (dir, entry, NULL));
  g_ptr_array_sort (files, compare_paths);

  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autoptr(PxProfile) profile = px_profile_new_from_file (path, NULL);
      g_autofree char *name = profile ? px_profile_dup_localized (profile, "name") : NULL;
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *label = escape_mnemonics (name && *name ? name : base);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (item, "win.open-example",
                                               g_variant_new_string (path));
      g_menu_append_item (menu, item);
    }

  if (files->len == 0)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_("No example profiles found"), "win.none");

      g_menu_append_item (menu, item);
    }

  gtk_menu_button_set_menu_model (self->examples_button, G_MENU_MODEL (menu));
}

static void
recent_changed_cb (PxWindow *self)
{
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-files");
  guint n = 0;

  g_menu_remove_all (self->recent_menu);
  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autoptr(GMenuItem) item = NULL;
      g_autofree char *base = NULL;
      g_autofree char *label = NULL;

      if (!g_file_test (recent[i], G_FILE_TEST_IS_REGULAR))
        continue;
      base = g_path_get_basename (recent[i]);
      label = escape_mnemonics (base);
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target_value (item, "win.open-path",
                                               g_variant_new_string (recent[i]));
      g_menu_append_item (self->recent_menu, item);
      n++;
    }

  if (n == 0)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_("No recent profiles"), "win.none");

      g_menu_append_item (self->recent_menu, item);
    }
}

/* Drag and drop */

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         PxWindow      *self)
{
  GSList *files;
  g_autofree char *path = NULL;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = gdk_file_list_get_files (g_value_get_boxed (value));
  if (files != NULL)
    path = g_file_get_path (files->data);
  g_slist_free (files);

  if (path == NULL)
    {
      px_window_show_error (self, _("Cannot open this location"),
                            _("Drop a profile file (.ini) from this computer."));
      return FALSE;
    }

  confirm_discard (self, open_continue, path);
  return TRUE;
}

void
_px_window_confirm_close (PxWindow *self)
{
  confirm_discard (self, close_continue, NULL);
}

/* Watch a Program…: a picker of processes, or a command line to launch;
 * the watch opens in a window of its own. */
static void
px_window_watch_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  gtk_window_present (GTK_WINDOW (px_watch_picker_new (GTK_WINDOW (widget))));
}

/* Sweep…: the profile as it stands, run at every point of the settings
 * picked, in a window of its own. A profile with errors says them
 * first, as Run does. */
static void
px_window_sweep_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PxWindow *self = PX_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!px_profile_editor_get_valid (self->editor))
    {
      g_autofree char *errors = px_profile_editor_dup_errors (self->editor);

      px_window_show_error (self, _("The profile has errors"), errors);
      return;
    }
  if (!px_profile_check (self->profile, &error))
    {
      px_window_show_error (self, _("The profile has errors"), error->message);
      return;
    }
  gtk_window_present (GTK_WINDOW (px_sweep_window_new (GTK_WINDOW (self), self->profile)));
}

/* Calibrate This Machine…: the smallest task worth parallelising, each
 * way of running, in a window of its own. */
static void
px_window_calibrate_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  gtk_window_present (GTK_WINDOW (px_calibrate_window_new (GTK_WINDOW (widget))));
}

void
_px_window_actions_install (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.new", NULL, px_window_new_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, px_window_open_action);
  gtk_widget_class_install_action (widget_class, "win.open-example", "s",
                                   px_window_open_example_action);
  gtk_widget_class_install_action (widget_class, "win.open-path", "s",
                                   px_window_open_path_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, px_window_save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, px_window_save_as_action);
  _px_window_export_install (widget_class);
  gtk_widget_class_install_action (widget_class, "win.reset-zoom", NULL,
                                   px_window_reset_zoom_action);
  gtk_widget_class_install_action (widget_class, "win.watch", NULL, px_window_watch_action);
  gtk_widget_class_install_action (widget_class, "win.sweep", NULL, px_window_sweep_action);
  gtk_widget_class_install_action (widget_class, "win.calibrate", NULL,
                                   px_window_calibrate_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-sidebar", NULL,
                                   px_window_toggle_sidebar_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-sidebar", NULL);
}

/* The examples and recent files menus, and dropping files on the window. */
void
_px_window_actions_init (PxWindow *self)
{
  g_autoptr(GMenu) recent_section = g_menu_new ();
  GtkDropTarget *drop;

  build_examples_menu (self);
  self->recent_menu = g_menu_new ();
  g_menu_append_section (recent_section, _("Recent Profiles"), G_MENU_MODEL (self->recent_menu));
  adw_split_button_set_menu_model (self->open_button, G_MENU_MODEL (recent_section));
  g_signal_connect_object (self->settings, "changed::recent-files",
                           G_CALLBACK (recent_changed_cb), self, G_CONNECT_SWAPPED);
  recent_changed_cb (self);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}
