/* px-window-runs.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's history of runs: a row per run, showing whether it is the
 * one viewed (click to view it) or compared (its check box), and how it
 * ended.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "px-window-private.h"

static void
compare_toggled_cb (GtkCheckButton *check,
                    PxWindow       *self)
{
  PxRunItem *item = g_object_get_data (G_OBJECT (check), "px-item");

  if (self->updating_rows)
    return;
  if (gtk_check_button_get_active (check))
    px_window_view_run (self, self->viewed, item);
  else if (self->compared == item)
    px_window_view_run (self, self->viewed, NULL);
}

static void
run_row_activated_cb (AdwActionRow *row,
                      PxWindow     *self)
{
  PxRunItem *item = g_object_get_data (G_OBJECT (row), "px-item");

  px_window_view_run (self, item, self->compared == item ? NULL : self->compared);
}

/* Shows in @row whether its run is viewed or compared, and how it ended. */
static void
update_run_row (PxWindow  *self,
                GtkWidget *row)
{
  PxRunItem *item = g_object_get_data (G_OBJECT (row), "px-item");
  GtkWidget *check = g_object_get_data (G_OBJECT (row), "px-check");
  GtkWidget *viewing = g_object_get_data (G_OBJECT (row), "px-viewing");
  g_autofree char *description = px_run_item_dup_description (item);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), description);
  gtk_widget_set_tooltip_text (viewing, item == self->viewed ? _("Shown in the graphs") : NULL);
  /* Transparent, not hidden, so every row's title starts at one place. */
  gtk_widget_set_opacity (viewing, item == self->viewed ? 1 : 0);

  self->updating_rows = TRUE;
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), item == self->compared);
  self->updating_rows = FALSE;
  gtk_widget_set_sensitive (check, item != self->viewed && px_run_item_get_finished (item));
}

GtkWidget *
_px_window_create_run_row (gpointer item_ptr,
                           gpointer user_data)
{
  PxWindow *self = user_data;
  PxRunItem *item = item_ptr;
  g_autofree char *title = px_run_item_dup_title (item);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new_with_label (_("Compare"));
  GtkWidget *viewing = gtk_image_new_from_icon_name ("object-select-symbolic");

  /* Profile names are the user's text, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "px-item", item);
  g_object_set_data (G_OBJECT (row), "px-check", check);
  g_object_set_data (G_OBJECT (row), "px-viewing", viewing);
  g_signal_connect_object (row, "activated", G_CALLBACK (run_row_activated_cb), self, 0);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), viewing);

  g_object_set_data (G_OBJECT (check), "px-item", item);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  g_signal_connect_object (check, "toggled", G_CALLBACK (compare_toggled_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), check);

  update_run_row (self, row);
  return row;
}

void
_px_window_update_run_rows (PxWindow *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->runs_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_object_get_data (G_OBJECT (row), "px-item") != NULL)
      update_run_row (self, row);
}
