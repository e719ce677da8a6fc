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

#include "px-gui-parts.h"
#include "px-watch-report.h"
#include "px-watch-window-private.h"

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    PxWatchWindow   *self)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  PxWatchReportFormat format;

  if (response != GTK_RESPONSE_ACCEPT || self->viewed == NULL ||
      (path = _px_parts_dup_chosen_path (chooser)) == NULL)
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
      _px_parts_show_write_error (GTK_WINDOW (self), error);
      return;
    }
  {
    g_autofree char *text = g_strdup_printf (_("Report written: %s"), path);

    gtk_label_set_text (self->status, text);
  }
}

/* watch.export: asks where, and writes the viewed watch there in the
 * format its name ends with (JSON when it names none). */
void
_px_watch_window_export_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  PxWatchWindow *self = PX_WATCH_WINDOW (widget);
  const char *filters[] = {
    _("JSON (everything, series included)"), "json",
    _("CSV (a row per thread per sample)"), "csv",
    _("Markdown (the tables)"), "md",
    _("HTML (tables and charts, one page)"), "html",
    _("Chrome trace (for Perfetto)"), "trace.json",
    NULL,
  };

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  self->chooser = _px_parts_export_chooser (GTK_WINDOW (self), _("Export the Watch"),
                                            "watch.json", filters);
  g_signal_connect (self->chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}
