/* px-graph-keys-list.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every entry of a graph's legend, when they do not all fit in its
 * header ("+58 more"): a popover with a check button each, to show or
 * hide any of them, and Show All / Hide All.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "px-graph-private.h"

typedef struct
{
  PxChartLayer *layer;
  guint         index;
} KeyRef;

static void
check_toggled_cb (GtkCheckButton *check,
                  KeyRef         *ref)
{
  px_chart_layer_set_key_hidden (ref->layer, ref->index, !gtk_check_button_get_active (check));
}

static void
set_all_cb (GtkButton *button,
            GtkWidget *list)
{
  gboolean show = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "px-show"));

  for (GtkWidget *c = gtk_widget_get_first_child (list); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_CHECK_BUTTON (c))
      gtk_check_button_set_active (GTK_CHECK_BUTTON (c), show);
}

static void
popover_closed_cb (GtkPopover *popover)
{
  gtk_widget_unparent (GTK_WIDGET (popover));
}

static GtkWidget *
all_button (const char *label,
            gboolean    show,
            GtkWidget  *list)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  g_object_set_data (G_OBJECT (button), "px-show", GINT_TO_POINTER (show));
  g_signal_connect (button, "clicked", G_CALLBACK (set_all_cb), list);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

/* Opens the list of every entry of the legend, pointing at @area. */
void
_px_graph_show_all_keys (PxGraph               *self,
                         const graphene_rect_t *area)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GdkRectangle to = { (int)area->origin.x, (int)area->origin.y, (int)area->size.width,
                      (int)area->size.height };

  for (guint i = 0; i < self->layers->len; i++)
    {
      PxChartLayer *layer = g_ptr_array_index (self->layers, i);

      for (guint k = 0; k < px_chart_layer_get_n_keys (layer); k++)
        {
          PxChartKey key;
          GtkWidget *check;
          KeyRef *ref = g_new (KeyRef, 1);

          px_chart_layer_get_key (layer, k, &key);
          check = gtk_check_button_new_with_label (key.label != NULL ? key.label : "");
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check), !key.hidden);
          ref->layer = layer;
          ref->index = k;
          g_signal_connect_data (check, "toggled", G_CALLBACK (check_toggled_cb), ref,
                                 (GClosureNotify)(void (*) (void))g_free, 0);
          gtk_box_append (GTK_BOX (list), check);
        }
    }
  gtk_box_append (GTK_BOX (buttons), all_button (_("Show _All"), TRUE, list));
  gtk_box_append (GTK_BOX (buttons), all_button (_("_Hide All"), FALSE, list));
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 320);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_box_append (GTK_BOX (box), scroller);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_widget_set_parent (popover, GTK_WIDGET (self));
  gtk_popover_set_pointing_to (GTK_POPOVER (popover), &to);
  g_signal_connect (popover, "closed", G_CALLBACK (popover_closed_cb), NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
}
