/* px-preferences-window.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Preferences, each bound to its GSettings key: the colour scheme, the
 * sampling defaults and how many runs a window keeps.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "px-preferences-window.h"

struct _PxPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  AdwComboRow          *scheme_row;
};

G_DEFINE_FINAL_TYPE (PxPreferencesWindow, px_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static const char * const schemes[] = { "default", "light", "dark" };

static void
scheme_selected_cb (PxPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->scheme_row);

  if (selected < G_N_ELEMENTS (schemes))
    g_settings_set_string (self->settings, "color-scheme", schemes[selected]);
}

static GtkWidget *
add_spin_row (PxPreferencesWindow *self,
              AdwPreferencesGroup *group,
              const char          *key,
              const char          *title,
              const char          *subtitle)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) schema_key = NULL;
  g_autoptr(GVariant) range = NULL;
  g_autoptr(GVariant) limits = NULL;
  const char *type;
  guint32 min = 0, max = G_MAXINT;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin;

  g_object_get (self->settings, "settings-schema", &schema, NULL);
  schema_key = g_settings_schema_get_key (schema, key);
  range = g_settings_schema_key_get_range (schema_key);
  g_variant_get (range, "(&sv)", &type, &limits);
  if (g_str_equal (type, "range"))
    g_variant_get (limits, "(uu)", &min, &max);

  spin = gtk_spin_button_new_with_range (min, max, 1);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  g_settings_bind (self->settings, key, gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (spin)),
                   "value", G_SETTINGS_BIND_DEFAULT);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  adw_preferences_group_add (group, row);
  return spin;
}

static void
px_preferences_window_dispose (GObject *object)
{
  PxPreferencesWindow *self = PX_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (px_preferences_window_parent_class)->dispose (object);
}

static void
px_preferences_window_class_init (PxPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = px_preferences_window_dispose;
}

static void
px_preferences_window_init (PxPreferencesWindow *self)
{
}

GtkWindow *
px_preferences_window_new (GSettings *settings)
{
  PxPreferencesWindow *self = g_object_new (PX_TYPE_PREFERENCES_WINDOW,
                                            "modal", TRUE,
                                            "search-enabled", FALSE,
                                            "default-width", 560,
                                            "default-height", 680,
                                            NULL);
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  AdwPreferencesGroup *group;
  const char *scheme_names[] = { _("Follow System"), _("Light"), _("Dark"), NULL };
  g_autofree char *scheme = NULL;
  g_autoptr(GtkStringList) scheme_model = gtk_string_list_new (scheme_names);

  self->settings = g_object_ref (settings);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Appearance"));
  self->scheme_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->scheme_row), _("Style"));
  adw_combo_row_set_model (self->scheme_row, G_LIST_MODEL (scheme_model));
  scheme = g_settings_get_string (settings, "color-scheme");
  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    if (g_str_equal (scheme, schemes[i]))
      adw_combo_row_set_selected (self->scheme_row, i);
  g_signal_connect_object (self->scheme_row, "notify::selected",
                           G_CALLBACK (scheme_selected_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (group, GTK_WIDGET (self->scheme_row));
  adw_preferences_page_add (page, group);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Sampling"));
  adw_preferences_group_set_description (group,
                                         _("Used when a profile does not set its own "
                                           "interval-ms or history."));
  add_spin_row (self, group, "sampling-interval", _("Sampling Interval"),
                _("Milliseconds between two samples of the graphs"));
  add_spin_row (self, group, "history-length", _("History Length"),
                _("Samples kept per series; when full, older ones merge in pairs"));
  adw_preferences_page_add (page, group);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Runs"));
  add_spin_row (self, group, "runs-kept", _("Runs in the History"),
                _("Finished runs a window holds to view again and compare"));
  {
    GtkWidget *row = adw_action_row_new ();
    GtkWidget *keep = gtk_switch_new ();

    gtk_widget_set_valign (keep, GTK_ALIGN_CENTER);
    g_settings_bind (self->settings, "keep-runs", keep, "active", G_SETTINGS_BIND_DEFAULT);
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Keep Runs Across Sessions"));
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                 _("Each finished run as its JSON report in your data folder, "
                                   "listed under Runs and by “parallax runs”"));
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), keep);
    adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), keep);
    adw_preferences_group_add (group, row);
  }
  add_spin_row (self, group, "kept-runs-megabytes", _("Space for Kept Runs (MiB)"),
                _("When they need more, the oldest are deleted"));
  adw_preferences_page_add (page, group);

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), page);

  return GTK_WINDOW (self);
}
