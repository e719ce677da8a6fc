/* px-watch-window-export.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exporting a watch from its window: every report format of
 * "parallax watch -o", chosen by the file's name.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "px-watch-report.h"
#include "px-watch-window-private.h"

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    PxWatchWindow   *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  PxWatchReportFormat format;

  if (response != GTK_RESPONSE_ACCEPT || self->viewed == NULL)
    return;
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = file != NULL ? g_file_get_path (file) : NULL;
  if (path == NULL)
    return;
  if (!px_watch_report_format_from_path (path, &format))
    {
      g_autofree char *with = g_strconcat (path, ".json", NULL);

      g_free (path);
      path = g_steal_pointer (&with);
      format = PX_WATCH_REPORT_JSON;
    }
  if (!px_watch_report_write (self->viewed, format, path, &error))
    {
      AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (
        adw_message_dialog_new (GTK_WINDOW (self), _("The report could not be written"),
                                error->message));

      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  {
    g_autofree char *text = g_strdup_printf (_("Report written: %s"), path);

    gtk_label_set_text (self->status, text);
  }
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *suffix)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_suffix (filter, suffix);
  gtk_file_chooser_add_filter (chooser, filter);
}

/* watch.export: asks where, and writes the viewed watch there in the
 * format its name ends with (JSON when it names none). */
void
_px_watch_window_export_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  PxWatchWindow *self = PX_WATCH_WINDOW (widget);
  GtkFileChooser *chooser;

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Export the Watch"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                               _("_Cancel"));
  chooser = GTK_FILE_CHOOSER (self->chooser);
  add_filter (chooser, _("JSON (everything, series included)"), "json");
  add_filter (chooser, _("CSV (a row per thread per sample)"), "csv");
  add_filter (chooser, _("Markdown (the tables)"), "md");
  add_filter (chooser, _("HTML (tables and charts, one page)"), "html");
  add_filter (chooser, _("Chrome trace (for Perfetto)"), "trace.json");
  gtk_file_chooser_set_current_name (chooser, "watch.json");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}
