/* px-gui-parts.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The parts the windows of one task (a sweep, a calibration, a watch)
 * are built of, alike in each: the header's buttons, a page that
 * scrolls within a comfortable width, labels, a progress bar, and an
 * export dialog with its error.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "px-gui-parts.h"

/* A button that activates @action, said by @tooltip. */
GtkWidget *
_px_parts_button (const char *mnemonic,
                  const char *css_class,
                  const char *action,
                  const char *tooltip)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (mnemonic);

  if (css_class != NULL)
    gtk_widget_add_css_class (button, css_class);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_tooltip_text (button, tooltip);
  return button;
}

/* @window's content: @header over a page that scrolls up and down, no
 * wider than @max_width. Returns: (transfer none): the page's box, to
 * fill. */
GtkWidget *
_px_parts_page (AdwWindow *window,
                GtkWidget *header,
                int        max_width)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  gtk_box_append (GTK_BOX (toolbar), header);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), max_width);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (toolbar), scrolled);
  adw_window_set_content (window, toolbar);
  return box;
}

/* A label at the start of its line, appended to @box. */
GtkLabel *
_px_parts_label (GtkBox     *box,
                 const char *css_class,
                 gboolean    wrap,
                 gboolean    selectable)
{
  GtkLabel *label = GTK_LABEL (gtk_label_new (NULL));

  gtk_label_set_wrap (label, wrap);
  gtk_label_set_xalign (label, 0);
  gtk_label_set_selectable (label, selectable);
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (label), css_class);
  gtk_box_append (box, GTK_WIDGET (label));
  return label;
}

/* A progress bar that says where the work is, hidden until it runs. */
GtkProgressBar *
_px_parts_progress (GtkBox *box)
{
  GtkProgressBar *progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());

  gtk_progress_bar_set_show_text (progress, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (progress), FALSE);
  gtk_box_append (box, GTK_WIDGET (progress));
  return progress;
}

/* A save dialog over @parent named @file_name, with a filter for each
 * pair of @filters (a name, then a suffix), NULL-ended. */
GtkFileChooserNative *
_px_parts_export_chooser (GtkWindow          *parent,
                          const char         *title,
                          const char         *file_name,
                          const char * const *filters)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (title, parent,
                                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                                               _("_Export"), _("_Cancel"));

  for (guint i = 0; filters[i] != NULL && filters[i + 1] != NULL; i += 2)
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, filters[i]);
      gtk_file_filter_add_suffix (filter, filters[i + 1]);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
    }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), file_name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  return chooser;
}

/* The local path chosen, or NULL. */
char *
_px_parts_dup_chosen_path (GtkNativeDialog *chooser)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  return file != NULL ? g_file_get_path (file) : NULL;
}

/* Says over @parent why a report was not written. */
void
_px_parts_show_write_error (GtkWindow    *parent,
                            const GError *error)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (
    adw_message_dialog_new (parent, _("The report could not be written"), error->message));

  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}
