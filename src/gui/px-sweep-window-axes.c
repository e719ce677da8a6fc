/* px-sweep-window-axes.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The settings a sweep changes, a row each: which key (any that shapes
 * the work, and each {NAME} of a command), and its values, suggested for
 * the key as it is picked; rows are added (a grid) and taken away.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "px-sweep-window-private.h"

/* Settings not worth sweeping: how a run is repeated, named or judged
 * rather than what it does. */
static const char * const unswept_keys[] = {
  "version", "name", "description", "repetitions", "warmup", "seed", "task-timeout",
  "task-timeout-percent", "worker-timeout", "kill-grace", "serve", "halt", "history", NULL,
};

/* Settings */

static gboolean
is_swept_key (const PxField *field)
{
  return field->type != PX_FIELD_STRING && !g_strv_contains (unswept_keys, field->key);
}

/* The settings a sweep can change: the profile's keys that shape the
 * work, workers first, then each {NAME} of a command. */
GtkStringList *
_px_sweep_window_new_keys (PxProfile *profile)
{
  GtkStringList *keys = gtk_string_list_new (NULL);
  const PxSpec *spec = px_profile_get_spec (profile);
  const PxField *fields;
  guint n_fields;

  fields = px_profile_get_fields (&n_fields);
  gtk_string_list_append (keys, "workers");
  for (guint i = 0; i < n_fields; i++)
    if (is_swept_key (&fields[i]) && !g_str_equal (fields[i].key, "workers"))
      gtk_string_list_append (keys, fields[i].key);
  if (spec->command != NULL)
    {
      g_autoptr(GRegex) regex = g_regex_new ("\\{([A-Za-z_][A-Za-z0-9_-]*)\\}", 0, 0, NULL);
      g_autoptr(GMatchInfo) match = NULL;

      g_regex_match (regex, spec->command, 0, &match);
      for (; g_match_info_matches (match); g_match_info_next (match, NULL))
        {
          g_autofree char *name = g_match_info_fetch (match, 1);
          gboolean known = FALSE;

          for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (keys)); k++)
            known |= g_str_equal (gtk_string_list_get_string (keys, k), name);
          if (!known)
            gtk_string_list_append (keys, name);
        }
    }
  return keys;
}

/* Values to start from for @key: a range of workers up to twice the
 * cores, sizes by tens, both sides of a switch, every choice, or the
 * profile's own value. */
static char *
dup_suggestion (PxSweepWindow *self,
                const char    *key)
{
  const PxField *field = px_profile_find_field (key);
  g_autofree char *value = NULL;

  if (g_str_equal (key, "workers"))
    return g_strdup_printf ("1..%u", CLAMP (2 * g_get_num_processors (), 4, 16));
  if (g_str_equal (key, "chunk-size"))
    return g_strdup ("1,10,100,1000");
  if (g_str_equal (key, "task-ms"))
    return g_strdup ("0.1,1,10,100");
  if (field == NULL)
    return g_strdup ("1,2,4,8");
  if (field->type == PX_FIELD_BOOLEAN)
    return g_strdup ("false,true");
  if (field->type == PX_FIELD_ENUM && field->choices != NULL)
    return g_strjoinv (",", (char **)field->choices);
  value = px_profile_get_value (self->profile, key);
  return g_strdup (value != NULL ? value : "");
}

static void
key_changed_cb (GtkDropDown   *drop_down,
                GParamSpec    *pspec,
                PxSweepWindow *self)
{
  for (guint a = 0; a < self->axes->len; a++)
    {
      PxSweepAxisRow *axis = g_ptr_array_index (self->axes, a);
      const char *key;
      g_autofree char *values = NULL;

      if (axis->key != drop_down)
        continue;
      key = gtk_string_list_get_string (self->keys, gtk_drop_down_get_selected (drop_down));
      values = dup_suggestion (self, key);
      gtk_editable_set_text (GTK_EDITABLE (axis->values), values);
    }
}


static void
remove_clicked_cb (GtkButton     *button,
                   PxSweepWindow *self)
{
  for (guint a = 0; a < self->axes->len; a++)
    {
      PxSweepAxisRow *axis = g_ptr_array_index (self->axes, a);

      if (gtk_widget_is_ancestor (GTK_WIDGET (button), axis->row))
        {
          gtk_list_box_remove (self->axes_list, axis->row);
          g_ptr_array_remove_index (self->axes, a);
          break;
        }
    }
  _px_sweep_window_update_sensitivity (self);
}

static void
entry_activate_cb (GtkEntry      *entry,
                   PxSweepWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "sweep.run", NULL);
}

/* A row that sweeps one setting: which, over what values, and a button
 * to take it away. */
PxSweepAxisRow *
_px_sweep_window_add_axis (PxSweepWindow *self)
{
  PxSweepAxisRow *axis = g_new0 (PxSweepAxisRow, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  guint used = 0;

  axis->key = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->keys)),
                                                NULL));
  gtk_drop_down_set_enable_search (axis->key, TRUE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (axis->key), _("The setting to change"));
  axis->values = GTK_ENTRY (gtk_entry_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (axis->values), TRUE);
  gtk_entry_set_placeholder_text (axis->values, _("1,2,4 or 1..8 or 1..64*2 or 0..1+0.25"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (axis->values),
                               _("Values: a list (1,2,4), a range (1..8), a range with a step "
                                 "(0..1+0.25) or a geometric range (1..64*2)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (axis->values), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Values"), -1);
  gtk_widget_set_tooltip_text (remove, _("Stop sweeping this setting"));
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (axis->key));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (axis->values));
  gtk_box_append (GTK_BOX (box), remove);
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  axis->row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (axis->row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (axis->row), box);
  gtk_list_box_append (self->axes_list, axis->row);

  /* A new row starts on a setting no row sweeps yet. */
  for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (self->keys)); k++)
    {
      gboolean taken = FALSE;

      for (guint a = 0; a < self->axes->len; a++)
        taken |= gtk_drop_down_get_selected (((PxSweepAxisRow *)g_ptr_array_index (self->axes, a))->key)
                 == k;
      if (!taken)
        {
          used = k;
          break;
        }
    }
  g_ptr_array_add (self->axes, axis);
  g_signal_connect (axis->key, "notify::selected", G_CALLBACK (key_changed_cb), self);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
  g_signal_connect (axis->values, "activate", G_CALLBACK (entry_activate_cb), self);
  gtk_drop_down_set_selected (axis->key, used);
  key_changed_cb (axis->key, NULL, self);
  _px_sweep_window_update_sensitivity (self);
  return axis;
}

void
_px_sweep_window_add_axis_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  PxSweepWindow *self = PX_SWEEP_WINDOW (widget);

  if (self->axes->len < PX_SWEEP_WINDOW_MAX_AXES && !self->running)
    gtk_widget_grab_focus (GTK_WIDGET (_px_sweep_window_add_axis (self)->values));
}

/* Sets row @index (a new row if it is the next) to sweep @key over
 * @values; FALSE if @key cannot be swept. */
gboolean
px_sweep_window_set_axis (PxSweepWindow *self,
                          guint          index,
                          const char    *key,
                          const char    *values)
{
  PxSweepAxisRow *axis;

  g_return_val_if_fail (PX_IS_SWEEP_WINDOW (self), FALSE);
  g_return_val_if_fail (index <= self->axes->len && index < PX_SWEEP_WINDOW_MAX_AXES, FALSE);

  axis = index < self->axes->len ? g_ptr_array_index (self->axes, index) : _px_sweep_window_add_axis (self);
  for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (self->keys)); k++)
    if (g_str_equal (gtk_string_list_get_string (self->keys, k), key))
      {
        gtk_drop_down_set_selected (axis->key, k);
        gtk_editable_set_text (GTK_EDITABLE (axis->values), values);
        return TRUE;
      }
  return FALSE;
}

guint
px_sweep_window_get_n_axes (PxSweepWindow *self)
{
  g_return_val_if_fail (PX_IS_SWEEP_WINDOW (self), 0);

  return self->axes->len;
}
