/* px-profile-editor-rows.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A row of the profile editor: the control for its field's type (a
 * choice, a switch, a spin button, a 64-bit entry or a text entry), its
 * text read and shown as the profile holds values, and its edits handed
 * to the editor (px-profile-editor.c), which checks them.
 */

#include "config.h"

#include <math.h>

#include "px-profile-editor-private.h"

/* The control's text, as px_profile_set_value () takes it. */
char *
_px_editor_row_dup_text (PxEditorRow *row)
{
  switch (row->field->type)
    {
    case PX_FIELD_ENUM:
      {
        guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (row->row));

        if (selected == GTK_INVALID_LIST_POSITION)
          return g_strdup ("");
        return g_strdup (row->field->choices[selected]);
      }
    case PX_FIELD_BOOLEAN:
      return g_strdup (gtk_switch_get_active (GTK_SWITCH (row->control)) ? "true" : "false");
    case PX_FIELD_STRING:
    case PX_FIELD_UINT:
    case PX_FIELD_UINT64:
    case PX_FIELD_DOUBLE:
    default:
      return g_strdup (gtk_editable_get_text (GTK_EDITABLE (row->control)));
    }
}

static void
editable_changed_cb (GtkEditable     *editable,
                     PxProfileEditor *self)
{
  _px_profile_editor_row_changed (self, g_object_get_data (G_OBJECT (editable), "px-row"));
}

static void
switch_changed_cb (GtkSwitch       *control,
                   GParamSpec      *pspec,
                   PxProfileEditor *self)
{
  _px_profile_editor_row_changed (self, g_object_get_data (G_OBJECT (control), "px-row"));
}

static void
combo_changed_cb (AdwComboRow     *combo,
                  GParamSpec      *pspec,
                  PxProfileEditor *self)
{
  _px_profile_editor_row_changed (self, g_object_get_data (G_OBJECT (combo), "px-row"));
}

/* The shortest text that reads back as the value: 0.25 rather than
 * 0.250000, and never rounded (1234567 stays 1234567). */
static void
format_spin (GtkSpinButton *spin,
             gboolean       decimal)
{
  static const char * const formats[] = { "%.6g", "%.9g", "%.12g", "%.17g" };
  char text[G_ASCII_DTOSTR_BUF_SIZE];
  double value = gtk_adjustment_get_value (gtk_spin_button_get_adjustment (spin));

  if (!decimal || (fabs (value) >= 1e6 && value == floor (value)))
    g_ascii_formatd (text, sizeof text, "%.0f", value);
  else
    for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
      {
        g_ascii_formatd (text, sizeof text, formats[i], value);
        if (g_ascii_strtod (text, NULL) == value)
          break;
      }
  if (!g_str_equal (text, gtk_editable_get_text (GTK_EDITABLE (spin))))
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
}

/* A whole number with a word for 0 (chunk-size: auto) shows the word;
 * the spin button's own text is a number otherwise. */
static gboolean
word_output_cb (GtkSpinButton *spin,
                PxEditorRow   *row)
{
  if (gtk_adjustment_get_value (gtk_spin_button_get_adjustment (spin)) != 0)
    return FALSE;
  if (!g_str_equal (gtk_editable_get_text (GTK_EDITABLE (spin)), row->field->choices[0]))
    gtk_editable_set_text (GTK_EDITABLE (spin), row->field->choices[0]);
  return TRUE;
}

static int
word_input_cb (GtkSpinButton *spin,
               double        *value,
               PxEditorRow   *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (spin))));

  if (g_ascii_strcasecmp (text, row->field->choices[0]) != 0)
    return FALSE;
  *value = 0;
  return TRUE;
}

/* Decimal fields read as the user wrote them: "0.25", not "0.250". */
static gboolean
spin_output_cb (GtkSpinButton *spin,
                gpointer       user_data)
{
  format_spin (spin, TRUE);
  return TRUE;
}

/* Shows @text, a value of the row's field, in its control. */
void
_px_editor_row_set_text (PxEditorRow *row,
                         const char  *text)
{
  switch (row->field->type)
    {
    case PX_FIELD_ENUM:
      for (guint i = 0; row->field->choices[i] != NULL; i++)
        if (g_str_equal (row->field->choices[i], text))
          adw_combo_row_set_selected (ADW_COMBO_ROW (row->row), i);
      break;
    case PX_FIELD_BOOLEAN:
      gtk_switch_set_active (GTK_SWITCH (row->control), g_str_equal (text, "true"));
      break;
    case PX_FIELD_UINT:
    case PX_FIELD_DOUBLE:
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (row->control), g_ascii_strtod (text, NULL));
      if (row->field->choices != NULL &&
          gtk_spin_button_get_value (GTK_SPIN_BUTTON (row->control)) == 0)
        {
          word_output_cb (GTK_SPIN_BUTTON (row->control), row);
          break;
        }
      /* The value may be unchanged while the text is not (a rejected
       * entry): show the value again. */
      format_spin (GTK_SPIN_BUTTON (row->control), row->field->type == PX_FIELD_DOUBLE);
      break;
    case PX_FIELD_STRING:
    case PX_FIELD_UINT64:
    default:
      gtk_editable_set_text (GTK_EDITABLE (row->control), text);
      break;
    }
}

/* Builds @row's control for its field's type, its edits going to
 * _px_profile_editor_row_changed (); returns the list row to add. */
GtkWidget *
_px_editor_row_build (PxProfileEditor *self,
                      PxEditorRow     *row)
{
  const PxField *field = row->field;
  g_autoptr(GtkStringList) choices = NULL;
  GtkWidget *widget;

  switch (field->type)
    {
    case PX_FIELD_ENUM:
      widget = adw_combo_row_new ();
      choices = gtk_string_list_new ((const char * const *)field->choices);
      adw_combo_row_set_model (ADW_COMBO_ROW (widget), G_LIST_MODEL (choices));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (widget), row->blurb);
      row->control = widget;
      g_signal_connect (widget, "notify::selected", G_CALLBACK (combo_changed_cb), self);
      break;

    case PX_FIELD_BOOLEAN:
      widget = adw_action_row_new ();
      adw_action_row_set_subtitle (ADW_ACTION_ROW (widget), row->blurb);
      row->control = gtk_switch_new ();
      gtk_widget_set_valign (row->control, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (widget), row->control);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (widget), row->control);
      /* One Tab stop a row: the row, whose activation flips the switch
       * (as libadwaita's later switch rows do). */
      gtk_widget_set_focusable (row->control, FALSE);
      g_signal_connect (row->control, "notify::active", G_CALLBACK (switch_changed_cb), self);
      break;

    case PX_FIELD_UINT:
    case PX_FIELD_DOUBLE:
      {
        gboolean decimal = field->type == PX_FIELD_DOUBLE;
        double step = decimal ? (field->max <= 1 ? 0.05 : 1) : 1;

        widget = adw_action_row_new ();
        adw_action_row_set_subtitle (ADW_ACTION_ROW (widget), row->blurb);
        /* A word for 0 sits below the numbers: chunk-size goes auto, 1, 2… */
        row->control = gtk_spin_button_new_with_range (field->choices != NULL ? 0 : field->min,
                                                       field->max, step);
        gtk_spin_button_set_digits (GTK_SPIN_BUTTON (row->control), decimal ? 3 : 0);
        gtk_spin_button_set_update_policy (GTK_SPIN_BUTTON (row->control),
                                           GTK_UPDATE_IF_VALID);
        gtk_editable_set_width_chars (GTK_EDITABLE (row->control), 8);
        gtk_widget_set_valign (row->control, GTK_ALIGN_CENTER);
        if (decimal)
          g_signal_connect (row->control, "output", G_CALLBACK (spin_output_cb), NULL);
        if (field->choices != NULL)
          {
            g_signal_connect (row->control, "output", G_CALLBACK (word_output_cb), row);
            g_signal_connect (row->control, "input", G_CALLBACK (word_input_cb), row);
          }
        adw_action_row_add_suffix (ADW_ACTION_ROW (widget), row->control);
        g_signal_connect (row->control, "changed", G_CALLBACK (editable_changed_cb), self);
      }
      break;

    case PX_FIELD_UINT64:
      /* A double cannot hold every 64-bit value, so no spin button here. */
      widget = adw_action_row_new ();
      adw_action_row_set_subtitle (ADW_ACTION_ROW (widget), row->blurb);
      row->control = gtk_entry_new ();
      gtk_entry_set_input_purpose (GTK_ENTRY (row->control), GTK_INPUT_PURPOSE_DIGITS);
      gtk_editable_set_width_chars (GTK_EDITABLE (row->control), 12);
      gtk_editable_set_alignment (GTK_EDITABLE (row->control), 1.0);
      gtk_widget_set_valign (row->control, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (widget), row->control);
      g_signal_connect (row->control, "changed", G_CALLBACK (editable_changed_cb), self);
      break;

    case PX_FIELD_STRING:
    default:
      widget = adw_entry_row_new ();
      row->control = widget;
      gtk_widget_set_tooltip_text (widget, row->blurb);
      g_signal_connect (widget, "changed", G_CALLBACK (editable_changed_cb), self);
      _px_profile_editor_add_path_button (self, ADW_ENTRY_ROW (widget), row->field->key);
      _px_profile_editor_add_hosts_button (self, ADW_ENTRY_ROW (widget), row->field->key);
      break;
    }

  /* One Tab stop a row: a number's row lets Tab go straight to its entry. */
  if (field->type == PX_FIELD_UINT || field->type == PX_FIELD_DOUBLE ||
      field->type == PX_FIELD_UINT64)
    gtk_widget_set_focusable (widget, FALSE);

  /* Messages quote what the user typed: plain text, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (widget), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (widget), field->key);
  gtk_widget_set_tooltip_text (widget, row->blurb);
  g_object_set_data (G_OBJECT (row->control), "px-row", row);
  row->row = widget;
  return widget;
}
