/* px-profile-editor-paths.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The editor's keys that name a file or a folder (inputs-file, workdir,
 * results) get a button that chooses one; a file inside the profile's
 * folder is kept relative to it, so the two move together.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "px-profile-editor.h"
#include "px-profile-editor-private.h"

/* Keys that name a file or a folder get a button that chooses one. */
static const struct
{
  const char           *key;
  GtkFileChooserAction  action;
  /* Whether a relative path is from the profile's folder (else from
   * the current one). */
  gboolean              profile_relative;
} path_keys[] = {
  { "inputs-file", GTK_FILE_CHOOSER_ACTION_OPEN, TRUE },
  { "workdir", GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, FALSE },
  { "results", GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, FALSE },
};

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     AdwEntryRow     *entry)
{
  PxProfileEditor *self = g_object_get_data (G_OBJECT (chooser), "px-editor");
  gboolean relative = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "px-relative"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
      PxProfile *profile = px_profile_editor_get_profile (self);
      const char *profile_path = profile != NULL ? px_profile_get_path (profile) : NULL;

      if (path != NULL)
        {
          g_autofree char *text = NULL;

          /* Inside the profile's folder: relative, so the two move
           * together. */
          if (relative && profile_path != NULL)
            {
              g_autofree char *folder = g_path_get_dirname (profile_path);
              g_autoptr(GFile) base = g_file_new_for_path (folder);

              text = g_file_get_relative_path (base, file);
            }
          gtk_editable_set_text (GTK_EDITABLE (entry), text != NULL ? text : path);
        }
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
choose_path_cb (GtkButton   *button,
                AdwEntryRow *entry)
{
  PxProfileEditor *self = g_object_get_data (G_OBJECT (button), "px-editor");
  guint which = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "px-path-key"));
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));
  gboolean folder = path_keys[which].action == GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER;
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (folder ? _("Choose a Folder") : _("Choose a File"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         path_keys[which].action, _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "px-editor", self);
  g_object_set_data (G_OBJECT (chooser), "px-relative",
                     GINT_TO_POINTER (path_keys[which].profile_relative));
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), entry);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Gives @entry, the row of @key, a button that chooses a file or a
 * folder if @key names one. */
void
_px_profile_editor_add_path_button (PxProfileEditor *self,
                                    AdwEntryRow     *entry,
                                    const char      *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (path_keys); i++)
    {
      GtkWidget *button;

      if (!g_str_equal (path_keys[i].key, key))
        continue;
      button = gtk_button_new_from_icon_name ("document-open-symbolic");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button,
                                   path_keys[i].action == GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                   ? _("Choose a folder") : _("Choose a file"));
      g_object_set_data (G_OBJECT (button), "px-editor", self);
      g_object_set_data (G_OBJECT (button), "px-path-key", GUINT_TO_POINTER (i));
      g_signal_connect (button, "clicked", G_CALLBACK (choose_path_cb), entry);
      adw_entry_row_add_suffix (entry, button);
    }
}
