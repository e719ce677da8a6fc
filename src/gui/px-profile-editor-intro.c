/* px-profile-editor-intro.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The top of the profile editor: the profile's description in full (what
 * to watch for, and where), not only in its one-line entry, and "Try
 * it": a button for each of its experiments ([Try]), which runs it and
 * compares it with the run before (the window's win.try).
 */

#include "config.h"

#include <glib/gi18n.h>

#include "px-profile-editor-private.h"

GtkWidget *
_px_profile_editor_intro_new (void)
{
  GtkWidget *intro = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *description = gtk_label_new (NULL);
  GtkWidget *try_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  /* Translators: a heading over the buttons that run a profile's
   * experiments. */
  GtkWidget *heading = gtk_label_new (_("Try it"));
  GtkWidget *buttons = gtk_flow_box_new ();

  gtk_label_set_wrap (GTK_LABEL (description), TRUE);
  gtk_label_set_xalign (GTK_LABEL (description), 0);
  gtk_label_set_selectable (GTK_LABEL (description), TRUE);
  gtk_widget_add_css_class (description, "px-description");
  gtk_widget_set_visible (description, FALSE);
  gtk_box_append (GTK_BOX (intro), description);

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (try_box), heading);
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (buttons), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (buttons), 4);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (buttons), 6);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (buttons), 6);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (buttons), FALSE);
  gtk_box_append (GTK_BOX (try_box), buttons);
  gtk_widget_set_visible (try_box, FALSE);
  gtk_box_append (GTK_BOX (intro), try_box);

  g_object_set_data (G_OBJECT (intro), "px-description", description);
  g_object_set_data (G_OBJECT (intro), "px-try-box", try_box);
  g_object_set_data (G_OBJECT (intro), "px-try-buttons", buttons);
  return intro;
}

/* Shows @profile's description and a button for each experiment. */
void
_px_profile_editor_intro_update (GtkWidget *intro,
                                 PxProfile *profile)
{
  GtkWidget *description = g_object_get_data (G_OBJECT (intro), "px-description");
  GtkWidget *try_box = g_object_get_data (G_OBJECT (intro), "px-try-box");
  GtkWidget *buttons = g_object_get_data (G_OBJECT (intro), "px-try-buttons");
  g_autofree char *text = px_profile_dup_localized (profile, "description");
  g_auto(GStrv) names = px_profile_dup_variants (profile);
  gboolean shown = text != NULL && text[0] != '\0';
  GtkWidget *child;

  gtk_label_set_text (GTK_LABEL (description), shown ? text : "");
  gtk_widget_set_visible (description, shown);

  while ((child = gtk_widget_get_first_child (buttons)) != NULL)
    gtk_flow_box_remove (GTK_FLOW_BOX (buttons), child);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *label = px_profile_dup_variant_label (profile, names[i]);
      g_autofree char *settings = px_profile_dup_variant_settings (profile, names[i]);
      g_autofree char *tooltip = g_strdup_printf (_("Run with %s, then compare with the run "
                                                    "before"), settings);
      GtkWidget *button = gtk_button_new_with_label (label);

      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.try");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", names[i]);
      gtk_widget_set_tooltip_text (button, tooltip);
      gtk_widget_add_css_class (button, "pill");
      gtk_flow_box_append (GTK_FLOW_BOX (buttons), button);
      /* The button is the Tab stop, not the box's child around it. */
      gtk_widget_set_focusable (gtk_widget_get_parent (button), FALSE);
    }
  gtk_widget_set_visible (try_box, names[0] != NULL);
}

guint
_px_profile_editor_intro_get_n_variants (GtkWidget *intro)
{
  GtkWidget *try_box = g_object_get_data (G_OBJECT (intro), "px-try-box");
  GtkWidget *buttons = g_object_get_data (G_OBJECT (intro), "px-try-buttons");
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (buttons); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    n++;
  return gtk_widget_get_visible (try_box) ? n : 0;
}
