/* px-profile-editor.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The profile editor: one row per profile field, generated from the core's
 * field table, so a new key appears here without GUI changes. Every edit
 * goes through px_profile_set_value(), so the window shows exactly the
 * message the loader and the command line would give.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "px-calibrate.h"
#include "px-profile-editor.h"
#include "px-profile-editor-private.h"

struct _PxProfileEditor
{
  GtkWidget   parent_instance;

  GtkWidget  *box;
  GtkWidget  *problem_label;
  /* Advice from this machine's calibration: tasks too small for the way
   * they are run. */
  GtkWidget  *advice_label;
  /* The description in full, and the profile's experiments. */
  GtkWidget  *intro;
  PxProfile  *profile;
  GArray     *rows;
  GHashTable *errors;
  char       *check_error;
  guint       filling;
  double      pointer_x;
  double      pointer_y;
};

G_DEFINE_FINAL_TYPE (PxProfileEditor, px_profile_editor, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_VALID,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

/* Sections of the editor; a field not listed goes to the last one. */
static const struct
{
  const char *title;
  const char *keys[12];
} sections[] = {
  { N_("Profile"), { "name", "description" } },
  { N_("Pool"), { "executor", "workers", "concurrency", "slow-callback-ms", "spawn",
                  "chunk-size", "gil", "retries", "task-timeout", "worker-timeout" } },
  { N_("Hosts"), { "launcher", "hosts", "ssh", "srun", "remote-worker", "transfer" } },
  { N_("Tasks"), { "tasks", "kind", "task-ms", "task-iterations", "jitter", "payload-bytes",
                   "seed" } },
  { N_("Command"), { "command", "shell", "inputs", "inputs-file", "workdir", "env", "results",
                     "serve", "halt", "kill-grace", "task-timeout-percent" } },
  { N_("Arrival"), { "arrival", "rate", "queue-capacity" } },
  { N_("Task Kind Settings"), { "lock-fraction", "semaphore-limit", "barrier-every", "updates",
                                "file-bytes", "memory-bytes", "cpu-fraction" } },
  { N_("Measurement"), { "repetitions", "warmup", "interval-ms", "history" } },
};

static guint
find_section (const char *key)
{
  for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
    for (guint k = 0; k < G_N_ELEMENTS (sections[s].keys) && sections[s].keys[k]; k++)
      if (g_str_equal (sections[s].keys[k], key))
        return s;

  return G_N_ELEMENTS (sections) - 1;
}

/* The number of the experiments' buttons, for tests. */
guint
px_profile_editor_get_n_variants (PxProfileEditor *self)
{
  g_return_val_if_fail (PX_IS_PROFILE_EDITOR (self), 0);

  return _px_profile_editor_intro_get_n_variants (self->intro);
}

/* Fields that do not matter for the current workload, as the core's
 * field table says, stay editable but dimmed, with a tooltip saying when
 * they apply. */
static void
update_applicable (PxProfileEditor *self)
{
  const PxSpec *spec = px_profile_get_spec (self->profile);

  for (guint i = 0; i < self->rows->len; i++)
    {
      PxEditorRow *row = &g_array_index (self->rows, PxEditorRow, i);
      gboolean applies = px_field_applies (row->field, spec);

      if (row->field->applies_when == NULL)
        continue;
      if (applies)
        gtk_widget_remove_css_class (row->row, "px-inapplicable");
      else
        gtk_widget_add_css_class (row->row, "px-inapplicable");
      gtk_widget_set_tooltip_text (row->row, applies ? row->blurb : _(row->field->applies_when));
    }
}

static PxEditorRow *
find_row (PxProfileEditor *self,
          const char      *key)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      PxEditorRow *row = &g_array_index (self->rows, PxEditorRow, i);

      if (g_str_equal (row->field->key, key))
        return row;
    }

  return NULL;
}

/* The row's help, and for a size in bytes the size as read: a file of
 * 16777216 bytes is "16.0 MiB". */
static char *
dup_row_subtitle (PxProfileEditor *self,
                  PxEditorRow     *row)
{
  g_autofree char *value = NULL;
  guint64 bytes;

  if (!g_str_has_suffix (row->field->key, "-bytes") || self->profile == NULL ||
      (value = px_profile_get_value (self->profile, row->field->key)) == NULL ||
      !g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT64, &bytes, NULL) || bytes < 1024)
    return g_strdup (row->blurb);
  {
    g_autofree char *size = g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);

    return g_strdup_printf ("%s · %s", row->blurb, size);
  }
}

static void
show_row_error (PxProfileEditor *self,
                PxEditorRow     *row,
                const char      *message)
{
  if (message != NULL)
    {
      gtk_widget_add_css_class (row->row, "error");
      gtk_widget_add_css_class (row->control, "error");
      if (ADW_IS_ACTION_ROW (row->row))
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row->row), message);
      gtk_widget_set_tooltip_text (row->control, message);
      g_hash_table_replace (self->errors, g_strdup (row->field->key), g_strdup (message));
    }
  else
    {
      gtk_widget_remove_css_class (row->row, "error");
      gtk_widget_remove_css_class (row->control, "error");
      if (ADW_IS_ACTION_ROW (row->row))
        {
          g_autofree char *subtitle = dup_row_subtitle (self, row);

          adw_action_row_set_subtitle (ADW_ACTION_ROW (row->row), subtitle);
        }
      gtk_widget_set_tooltip_text (row->control, NULL);
      g_hash_table_remove (self->errors, row->field->key);
    }
}

/* Cross-field problems (say, a semaphore limit above the worker count)
 * belong to no single row: they show above the sections. */
static void
update_check (PxProfileEditor *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->check_error, g_free);
  if (self->profile != NULL && !px_profile_check (self->profile, &error))
    self->check_error = g_strdup (error->message);

  gtk_label_set_text (GTK_LABEL (self->problem_label),
                      self->check_error ? self->check_error : "");
  gtk_widget_set_visible (self->problem_label, self->check_error != NULL);

  {
    g_autofree char *advice = self->profile != NULL && self->check_error == NULL
                              ? px_calibration_dup_warning (px_profile_get_spec (self->profile))
                              : NULL;

    gtk_label_set_text (GTK_LABEL (self->advice_label), advice != NULL ? advice : "");
    gtk_widget_set_visible (self->advice_label, advice != NULL);
  }
}

static void
update_valid (PxProfileEditor *self,
              gboolean         was_valid)
{
  update_check (self);
  if (was_valid != px_profile_editor_get_valid (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
}

static gboolean
same_value (const PxField *field,
            const char    *a,
            const char    *b)
{
  if (field->type == PX_FIELD_DOUBLE)
    {
      char *end_a, *end_b;
      double x = g_ascii_strtod (a, &end_a);
      double y = g_ascii_strtod (b, &end_b);

      if (*end_a == '\0' && *end_b == '\0' && end_a != a && end_b != b)
        return x == y;
    }

  return g_str_equal (a, b);
}

/* What @row shows of @profile: the name and the description in the
 * user's language, as the title and the description above show them;
 * every other key as the profile holds it. */
static char *
dup_row_value (PxProfile   *profile,
               PxEditorRow *row)
{
  if (row->field->type == PX_FIELD_STRING &&
      (g_str_equal (row->field->key, "name") || g_str_equal (row->field->key, "description")))
    return px_profile_dup_localized (profile, row->field->key);
  return px_profile_get_value (profile, row->field->key);
}

/* One key can change another (task-ms and task-iterations size a task
 * in two ways; the last set wins): show what the profile now holds. */
static void
sync_other_rows (PxProfileEditor *self,
                 PxEditorRow     *changed)
{
  self->filling++;
  for (guint i = 0; i < self->rows->len; i++)
    {
      PxEditorRow *row = &g_array_index (self->rows, PxEditorRow, i);
      g_autofree char *value = NULL;
      g_autofree char *shown = NULL;

      if (row == changed || g_hash_table_contains (self->errors, row->field->key))
        continue;
      value = dup_row_value (self->profile, row);
      shown = _px_editor_row_dup_text (row);
      if (value != NULL && !same_value (row->field, shown, value))
        _px_editor_row_set_text (row, value);
    }
  self->filling--;
}

void
_px_profile_editor_row_changed (PxProfileEditor *self,
                                PxEditorRow     *row)
{
  g_autofree char *text = NULL;
  g_autofree char *current = NULL;
  g_autoptr(GError) error = NULL;
  gboolean was_valid;

  if (self->filling > 0 || self->profile == NULL)
    return;

  was_valid = px_profile_editor_get_valid (self);
  text = _px_editor_row_dup_text (row);
  if (row->field->type != PX_FIELD_STRING)
    g_strstrip (text);
  current = dup_row_value (self->profile, row);

  if (current != NULL && same_value (row->field, text, current))
    {
      show_row_error (self, row, NULL);
      update_valid (self, was_valid);
      return;
    }

  if (!px_profile_set_value (self->profile, row->field->key, text, &error))
    {
      show_row_error (self, row, error->message);
      update_valid (self, was_valid);
      return;
    }

  show_row_error (self, row, NULL);
  sync_other_rows (self, row);
  update_applicable (self);
  if (g_str_equal (row->field->key, "description"))
    _px_profile_editor_intro_update (self->intro, self->profile);
  update_valid (self, was_valid);
  g_signal_emit (self, signals[CHANGED], 0, row->field->key);
}

static void
pointer_moved_cb (GtkEventControllerMotion *motion,
                  double                    x,
                  double                    y,
                  PxProfileEditor          *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
}

/* A spin button takes the wheel whenever the pointer passes over it, so
 * scrolling down the editor would change values on the way. Over a spin
 * button without the focus, the wheel scrolls the editor instead. */
static gboolean
scrolled_cb (GtkEventControllerScroll *controller,
             double                    dx,
             double                    dy,
             PxProfileEditor          *self)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self), self->pointer_x, self->pointer_y,
                                       GTK_PICK_DEFAULT);
  GtkWidget *spin = picked ? gtk_widget_get_ancestor (picked, GTK_TYPE_SPIN_BUTTON) : NULL;
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *focus;
  GtkAdjustment *adjustment;

  if (spin == NULL || scroller == NULL)
    return FALSE;
  focus = gtk_root_get_focus (gtk_widget_get_root (spin));
  if (focus != NULL && (focus == spin || gtk_widget_is_ancestor (focus, spin)))
    return FALSE;

  /* As far as GtkScrolledWindow itself scrolls for one step. */
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  gtk_adjustment_set_value (adjustment,
                            gtk_adjustment_get_value (adjustment) +
                            dy * pow (gtk_adjustment_get_page_size (adjustment), 2.0 / 3.0));
  return TRUE;
}

static void
row_clear (gpointer data)
{
  PxEditorRow *row = data;

  g_clear_pointer (&row->blurb, g_free);
}

static void
px_profile_editor_dispose (GObject *object)
{
  PxProfileEditor *self = PX_PROFILE_EDITOR (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->profile);

  G_OBJECT_CLASS (px_profile_editor_parent_class)->dispose (object);
}

static void
px_profile_editor_finalize (GObject *object)
{
  PxProfileEditor *self = PX_PROFILE_EDITOR (object);

  g_clear_pointer (&self->rows, g_array_unref);
  g_clear_pointer (&self->errors, g_hash_table_unref);
  g_clear_pointer (&self->check_error, g_free);

  G_OBJECT_CLASS (px_profile_editor_parent_class)->finalize (object);
}

static void
px_profile_editor_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PxProfileEditor *self = PX_PROFILE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_VALID:
      g_value_set_boolean (value, px_profile_editor_get_valid (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
px_profile_editor_class_init (PxProfileEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = px_profile_editor_dispose;
  object_class->finalize = px_profile_editor_finalize;
  object_class->get_property = px_profile_editor_get_property;

  properties [PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, TRUE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PxProfileEditor::changed:
   * @key: the profile key the user changed
   *
   * Emitted after an edit changed the profile.
   */
  signals [CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "profileeditor");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
px_profile_editor_init (PxProfileEditor *self)
{
  GtkWidget *groups[G_N_ELEMENTS (sections)];
  GtkEventController *motion;
  GtkEventController *scroll;
  const PxField *fields;
  guint n_fields;

  self->errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  fields = px_profile_get_fields (&n_fields);
  self->rows = g_array_sized_new (FALSE, TRUE, sizeof (PxEditorRow), n_fields);
  g_array_set_clear_func (self->rows, row_clear);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "enter", G_CALLBACK (pointer_moved_cb), self);
  g_signal_connect (motion, "motion", G_CALLBACK (pointer_moved_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  g_signal_connect (scroll, "scroll", G_CALLBACK (scrolled_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_margin_start (self->box, 12);
  gtk_widget_set_margin_end (self->box, 12);
  gtk_widget_set_margin_top (self->box, 12);
  gtk_widget_set_margin_bottom (self->box, 12);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->problem_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->problem_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->problem_label), 0);
  gtk_widget_add_css_class (self->problem_label, "px-problem");
  gtk_widget_set_visible (self->problem_label, FALSE);
  gtk_box_append (GTK_BOX (self->box), self->problem_label);

  self->advice_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->advice_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->advice_label), 0);
  gtk_widget_add_css_class (self->advice_label, "warning");
  gtk_widget_set_visible (self->advice_label, FALSE);
  gtk_box_append (GTK_BOX (self->box), self->advice_label);

  self->intro = _px_profile_editor_intro_new ();
  gtk_box_append (GTK_BOX (self->box), self->intro);

  for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
    {
      groups[s] = adw_preferences_group_new ();
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (groups[s]), _(sections[s].title));
      gtk_box_append (GTK_BOX (self->box), groups[s]);
    }

  /* The array never grows past n_fields, so row pointers stay valid. */
  for (guint i = 0; i < n_fields; i++)
    {
      PxEditorRow row = { &fields[i], NULL, NULL, g_strdup (_(fields[i].blurb)) };

      if (g_str_equal (fields[i].key, "version"))
        {
          g_free (row.blurb);
          continue;
        }
      g_array_append_val (self->rows, row);
    }

  /* Listed fields in their listed order, then any others. */
  for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
    {
      for (guint k = 0; k < G_N_ELEMENTS (sections[s].keys) && sections[s].keys[k]; k++)
        {
          PxEditorRow *row = find_row (self, sections[s].keys[k]);

          if (row != NULL)
            adw_preferences_group_add (ADW_PREFERENCES_GROUP (groups[s]),
                                       _px_editor_row_build (self, row));
        }
      for (guint i = 0; i < self->rows->len; i++)
        {
          PxEditorRow *row = &g_array_index (self->rows, PxEditorRow, i);

          if (row->row == NULL && find_section (row->field->key) == s)
            adw_preferences_group_add (ADW_PREFERENCES_GROUP (groups[s]),
                                       _px_editor_row_build (self, row));
        }
    }
}

GtkWidget *
px_profile_editor_new (void)
{
  return g_object_new (PX_TYPE_PROFILE_EDITOR, NULL);
}

/* Says again what this machine's calibration means for the profile's
 * tasks, after a calibration. */
void
px_profile_editor_refresh_advice (PxProfileEditor *self)
{
  g_return_if_fail (PX_IS_PROFILE_EDITOR (self));

  update_check (self);
}

/* What this machine's calibration says of the profile's tasks, or
 * NULL. */
char *
px_profile_editor_dup_advice (PxProfileEditor *self)
{
  g_return_val_if_fail (PX_IS_PROFILE_EDITOR (self), NULL);

  return gtk_widget_get_visible (self->advice_label)
         ? g_strdup (gtk_label_get_text (GTK_LABEL (self->advice_label))) : NULL;
}

/* Shows @profile; edits change it in place. */
void
px_profile_editor_set_profile (PxProfileEditor *self,
                               PxProfile       *profile)
{
  gboolean was_valid;

  g_return_if_fail (PX_IS_PROFILE_EDITOR (self));
  g_return_if_fail (PX_IS_PROFILE (profile));

  was_valid = px_profile_editor_get_valid (self);
  g_set_object (&self->profile, profile);

  self->filling++;
  for (guint i = 0; i < self->rows->len; i++)
    {
      PxEditorRow *row = &g_array_index (self->rows, PxEditorRow, i);
      g_autofree char *value = dup_row_value (profile, row);

      _px_editor_row_set_text (row, value ? value : "");
      show_row_error (self, row, NULL);
    }
  self->filling--;

  update_applicable (self);
  _px_profile_editor_intro_update (self->intro, profile);
  update_valid (self, was_valid);
}

PxProfile *
px_profile_editor_get_profile (PxProfileEditor *self)
{
  g_return_val_if_fail (PX_IS_PROFILE_EDITOR (self), NULL);

  return self->profile;
}

/* FALSE while a field holds a value the core rejects, or while the
 * fields together do not make a runnable profile. */
gboolean
px_profile_editor_get_valid (PxProfileEditor *self)
{
  g_return_val_if_fail (PX_IS_PROFILE_EDITOR (self), FALSE);

  return g_hash_table_size (self->errors) == 0 && self->check_error == NULL;
}

/* Every current problem, one per line, for a dialog or a toast. */
char *
px_profile_editor_dup_errors (PxProfileEditor *self)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      PxEditorRow *row = &g_array_index (self->rows, PxEditorRow, i);
      const char *message = g_hash_table_lookup (self->errors, row->field->key);

      if (message != NULL)
        g_string_append_printf (text, "%s%s: %s", text->len ? "\n" : "", row->field->key, message);
    }
  if (self->check_error != NULL)
    g_string_append_printf (text, "%s%s", text->len ? "\n" : "", self->check_error);

  return g_string_free (text, FALSE);
}

const char *
px_profile_editor_get_error (PxProfileEditor *self,
                             const char      *key)
{
  g_return_val_if_fail (PX_IS_PROFILE_EDITOR (self), NULL);

  return g_hash_table_lookup (self->errors, key);
}

/* The text a field's control shows, as the profile file would hold it. */
char *
px_profile_editor_dup_text (PxProfileEditor *self,
                            const char      *key)
{
  PxEditorRow *row;

  g_return_val_if_fail (PX_IS_PROFILE_EDITOR (self), NULL);

  row = find_row (self, key);
  return row ? _px_editor_row_dup_text (row) : NULL;
}

/* Puts @text into a field's control as if typed there; FALSE for an
 * unknown key. */
gboolean
px_profile_editor_set_text (PxProfileEditor *self,
                            const char      *key,
                            const char      *text)
{
  PxEditorRow *row;

  g_return_val_if_fail (PX_IS_PROFILE_EDITOR (self), FALSE);

  row = find_row (self, key);
  if (row == NULL)
    return FALSE;

  if (row->field->type == PX_FIELD_UINT || row->field->type == PX_FIELD_DOUBLE)
    gtk_editable_set_text (GTK_EDITABLE (row->control), text);
  else
    _px_editor_row_set_text (row, text);
  return TRUE;
}

guint
px_profile_editor_get_n_rows (PxProfileEditor *self)
{
  g_return_val_if_fail (PX_IS_PROFILE_EDITOR (self), 0);

  return self->rows->len;
}
