/* px-profile.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A profile: the object, making one from data, a file or a spec, its
 * values read and set one key at a time, saving it, and the keys set
 * that its workload does not use. Reading a file and the problems found
 * in it are px-profile-load.c; the key table is px-profile-fields.c.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "px-calibrate.h"
#include "px-output.h"
#include "px-profile-private.h"

G_DEFINE_FINAL_TYPE (PxProfile, px_profile, G_TYPE_OBJECT)

G_DEFINE_QUARK (px-profile-error-quark, px_profile_error)

static void
px_profile_finalize (GObject *object)
{
  PxProfile *self = (PxProfile *)object;

  g_clear_pointer (&self->keyfile, g_key_file_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->source_name, g_free);
  g_clear_pointer (&self->lines, g_hash_table_unref);
  px_spec_clear (&self->spec);

  G_OBJECT_CLASS (px_profile_parent_class)->finalize (object);
}

static void
px_profile_class_init (PxProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = px_profile_finalize;
}

static void
px_profile_init (PxProfile *self)
{
  self->keyfile = g_key_file_new ();
  _px_spec_apply_defaults (&self->spec);
}

PxProfile *
px_profile_new (void)
{
  PxProfile *self = g_object_new (PX_TYPE_PROFILE, NULL);

  g_key_file_set_integer (self->keyfile, "Profile", "version", PX_PROFILE_VERSION);
  g_key_file_set_string (self->keyfile, "Profile", "name", "");
  return self;
}

PxProfile *
px_profile_new_from_data (const char  *data,
                          gsize        length,
                          const char  *source_name,
                          GError     **error)
{
  g_autoptr(PxProfile) self = g_object_new (PX_TYPE_PROFILE, NULL);

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (!_px_profile_load_keyfile (self, data ? data : "", length, source_name, error))
    return NULL;

  return g_steal_pointer (&self);
}

PxProfile *
px_profile_new_from_file (const char  *path,
                          GError     **error)
{
  g_autofree char *data = NULL;
  PxProfile *self;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  data = _px_profile_read_file (path, &length, error);
  if (data == NULL)
    return NULL;

  self = px_profile_new_from_data (data, length, path, error);
  if (self != NULL)
    self->path = g_strdup (path);

  return self;
}

char *
px_profile_to_data (PxProfile *self,
                    gsize     *length)
{
  g_return_val_if_fail (PX_IS_PROFILE (self), NULL);

  return g_key_file_to_data (self->keyfile, length, NULL);
}

gboolean
px_profile_save_to_file (PxProfile   *self,
                         const char  *path,
                         GError     **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (PX_IS_PROFILE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  data = px_profile_to_data (self, &length);

  /* A temporary file renamed over the target: a failed save leaves the
   * previous file intact, with its permissions. */
  if (!px_output_set_contents (path, data, length, error))
    return FALSE;

  if (g_strcmp0 (self->path, path) != 0)
    {
      g_free (self->path);
      self->path = g_strdup (path);
    }

  return TRUE;
}

const char *
px_profile_get_path (PxProfile *self)
{
  g_return_val_if_fail (PX_IS_PROFILE (self), NULL);

  return self->path;
}

/**
 * px_profile_resolve_path:
 *
 * @value, a path a key of the profile gives, made absolute from the
 * profile's folder when it is relative (from the current folder for a
 * profile without a file).
 */
char *
px_profile_resolve_path (PxProfile  *self,
                         const char *value)
{
  g_autofree char *folder = NULL;

  g_return_val_if_fail (PX_IS_PROFILE (self), NULL);
  g_return_val_if_fail (value != NULL, NULL);

  if (value[0] == '\0' || g_path_is_absolute (value) || self->path == NULL)
    return g_strdup (value);
  folder = g_path_get_dirname (self->path);
  return g_build_filename (folder, value, NULL);
}

const PxSpec *
px_profile_get_spec (PxProfile *self)
{
  g_return_val_if_fail (PX_IS_PROFILE (self), NULL);

  return &self->spec;
}

/**
 * px_profile_set_value:
 * @self: a #PxProfile
 * @key: a field key such as "workers"
 * @value: the value as it would be written in the file
 * @error: return location for an error naming the key and what it accepts
 *
 * Sets one field, keeping any comment the file had for it. Checks that
 * involve several keys are made by px_profile_check().
 */
gboolean
px_profile_set_value (PxProfile   *self,
                      const char  *key,
                      const char  *value,
                      GError     **error)
{
  const PxField *field;
  g_autofree char *msg = NULL;
  g_autofree char *old = NULL;
  const char *comment;

  g_return_val_if_fail (PX_IS_PROFILE (self), FALSE);
  g_return_val_if_fail (key != NULL && value != NULL, FALSE);

  field = px_profile_find_field (key);
  if (field == NULL || field->offset == PX_FIELD_NO_SLOT)
    {
      g_set_error (error, PX_PROFILE_ERROR, PX_PROFILE_ERROR_INVALID,
                   _("'%s' is not a profile key that can be set"), key);
      return FALSE;
    }

  msg = _px_field_parse (field, value, &self->spec);
  if (msg != NULL)
    {
      g_set_error (error, PX_PROFILE_ERROR, PX_PROFILE_ERROR_INVALID, "%s: %s", key, msg);
      return FALSE;
    }

  if (field->type == PX_FIELD_STRING)
    {
      g_auto(GStrv) keys = g_key_file_get_keys (self->keyfile, field->group, NULL, NULL);

      /* Translations of the old text no longer say the same thing. */
      for (guint k = 0; keys != NULL && keys[k] != NULL; k++)
        if (_px_key_is_translated (keys[k], key))
          g_key_file_remove_key (self->keyfile, field->group, keys[k], NULL);
      g_key_file_set_string (self->keyfile, field->group, key, value);
      return TRUE;
    }

  /* A task is sized in milliseconds or in iterations: the last set wins. */
  if (g_str_equal (key, "task-ms"))
    {
      self->spec.task_iterations = 0;
      g_key_file_remove_key (self->keyfile, "Workload", "task-iterations", NULL);
    }
  else if (g_str_equal (key, "task-iterations") && self->spec.task_iterations > 0)
    {
      g_key_file_remove_key (self->keyfile, "Workload", "task-ms", NULL);
    }

  /* Keep a trailing "# comment" of the old value, with its spacing. */
  old = g_key_file_get_value (self->keyfile, field->group, key, NULL);
  comment = NULL;
  for (const char *p = old; p && *p; p++)
    {
      if (*p == '#' && p > old && (p[-1] == ' ' || p[-1] == '\t'))
        {
          comment = p;
          while (comment > old && (comment[-1] == ' ' || comment[-1] == '\t'))
            comment--;
          break;
        }
    }
  {
    g_autofree char *stripped = g_strstrip (g_strdup (value));
    g_autofree char *text = g_strconcat (stripped, comment, NULL);

    g_key_file_set_value (self->keyfile, field->group, key, text);
  }

  return TRUE;
}

char *
px_profile_get_value (PxProfile  *self,
                      const char *key)
{
  const PxField *field;

  g_return_val_if_fail (PX_IS_PROFILE (self), NULL);

  field = px_profile_find_field (key);
  if (field == NULL)
    return NULL;

  return _px_field_format (&self->spec, field);
}

/* The profile's name or description (@key) in the user's language when
 * the file has a translation (name[zh_CN]=…), else as set. */
char *
px_profile_dup_localized (PxProfile  *self,
                          const char *key)
{
  const PxField *field;
  char *text;

  g_return_val_if_fail (PX_IS_PROFILE (self), NULL);

  field = px_profile_find_field (key);
  g_return_val_if_fail (field != NULL && field->type == PX_FIELD_STRING, NULL);

  text = g_key_file_get_locale_string (self->keyfile, field->group, key, NULL, NULL);
  if (text == NULL)
    text = px_profile_get_value (self, key);
  return text;
}

/* Whether the profile's file sets @key, rather than leaving it at its
 * default. */
gboolean
px_profile_has_value (PxProfile  *self,
                      const char *key)
{
  const PxField *field;

  g_return_val_if_fail (PX_IS_PROFILE (self), FALSE);

  field = px_profile_find_field (key);
  return field != NULL && g_key_file_has_key (self->keyfile, field->group, field->key, NULL);
}

/**
 * px_profile_dup_warnings:
 *
 * Keys set in the profile that its workload does not use, for example
 * lock-fraction when kind is cpu: each as "FILE:LINE: [Group] key: …",
 * saying when the key is used, in the order of the file. Not errors:
 * the profile runs as it is.
 *
 * Returns: (transfer full): the warnings, an empty list if none
 */
typedef struct
{
  guint  line;
  char  *text;
} Warning;

static int
compare_warnings (gconstpointer a,
                  gconstpointer b)
{
  const Warning *x = a, *y = b;

  return (x->line > y->line) - (x->line < y->line);
}

char **
px_profile_dup_warnings (PxProfile *self)
{
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (Warning));
  guint n_fields;
  const PxField *fields = px_profile_get_fields (&n_fields);
  char **warnings;

  g_return_val_if_fail (PX_IS_PROFILE (self), NULL);

  for (guint i = 0; i < n_fields; i++)
    {
      const PxField *field = &fields[i];
      g_autofree char *id = NULL;
      g_autofree char *where = NULL;
      Warning warning;
      guint line;

      if (px_field_applies (field, &self->spec) ||
          !g_key_file_has_key (self->keyfile, field->group, field->key, NULL))
        continue;

      id = g_strconcat (field->group, "\x1f", field->key, NULL);
      line = self->lines ? GPOINTER_TO_UINT (g_hash_table_lookup (self->lines, id)) : 0;
      if (self->source_name != NULL && line > 0)
        where = g_strdup_printf ("%s:%u: ", self->source_name, line);
      else if (self->source_name != NULL)
        where = g_strdup_printf ("%s: ", self->source_name);
      /* Translators: a warning about a profile: where, the group, the
       * key, then when the key is used, e.g. "Used when kind is lock" */
      warning.line = line;
      warning.text = g_strdup_printf (_("%s[%s] %s: set, but this workload does not use it "
                                        "(%s)"),
                                      where ? where : "", field->group, field->key,
                                      _(field->applies_when));
      g_array_append_val (found, warning);
    }

  /* In the order of the file, as a reader goes through it. */
  g_array_sort (found, compare_warnings);
  warnings = g_new0 (char *, found->len + 2);
  for (guint i = 0; i < found->len; i++)
    warnings[i] = g_array_index (found, Warning, i).text;
  /* Then what this machine's calibration says of the tasks' size. */
  {
    g_autofree char *advice = px_calibration_dup_warning (&self->spec);

    if (advice != NULL)
      warnings[found->len] = self->source_name != NULL
                             ? g_strdup_printf ("%s: %s", self->source_name, advice)
                             : g_steal_pointer (&advice);
  }
  return warnings;
}

/**
 * px_spec_dup_differences:
 *
 * What makes workload @b other than @a: a "key: a → b" line for each key
 * that matters to either and holds another value. The name, the
 * description and how many times a run is repeated do not count.
 */
char **
px_spec_dup_differences (const PxSpec *a,
                         const PxSpec *b)
{
  GPtrArray *lines = g_ptr_array_new ();
  guint n_fields;
  const PxField *fields = px_profile_get_fields (&n_fields);
  static const char * const ignored[] = { "name", "description", "repetitions", "warmup",
                                          NULL };

  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *va = NULL;
      g_autofree char *vb = NULL;

      if (fields[i].offset == PX_FIELD_NO_SLOT ||
          g_strv_contains (ignored, fields[i].key) ||
          (!px_field_applies (&fields[i], a) && !px_field_applies (&fields[i], b)))
        continue;
      va = _px_field_format (a, &fields[i]);
      vb = _px_field_format (b, &fields[i]);
      if (g_strcmp0 (va, vb) != 0)
        /* Translators: a key of two workloads that differ, and its two
         * values. */
        g_ptr_array_add (lines, g_strdup_printf (_("%s: %s → %s"), fields[i].key,
                                                 va != NULL ? va : "", vb != NULL ? vb : ""));
    }
  g_ptr_array_add (lines, NULL);
  return (char **)g_ptr_array_free (lines, FALSE);
}

/**
 * px_profile_new_from_spec:
 * @spec: a workload
 *
 * Returns a profile holding every field of @spec, as a worker process
 * receives its run.
 */
PxProfile *
px_profile_new_from_spec (const PxSpec *spec)
{
  PxProfile *self = px_profile_new ();
  guint n_fields;
  const PxField *fields = px_profile_get_fields (&n_fields);

  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *value = NULL;

      if (fields[i].offset == PX_FIELD_NO_SLOT)
        continue;
      /* Only one way of sizing a task is written. */
      if (g_str_equal (fields[i].key, "task-iterations") && spec->task_iterations == 0)
        continue;
      if (g_str_equal (fields[i].key, "task-ms") && spec->task_iterations > 0)
        continue;
      if (g_str_equal (fields[i].key, "rate") && spec->arrival != PX_ARRIVAL_RATE)
        continue;

      value = _px_field_format (spec, &fields[i]);
      if (fields[i].type == PX_FIELD_STRING)
        g_key_file_set_string (self->keyfile, fields[i].group, fields[i].key, value);
      else
        g_key_file_set_value (self->keyfile, fields[i].group, fields[i].key, value);
    }

  px_spec_clear (&self->spec);
  px_spec_copy (&self->spec, spec);
  return self;
}

/**
 * px_profile_check:
 * @self: a #PxProfile
 * @error: return location for every problem, one a line
 *
 * Checks the rules that involve several keys, after edits or overrides.
 */
gboolean
px_profile_check (PxProfile  *self,
                  GError    **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (_px_problem_free);

  g_return_val_if_fail (PX_IS_PROFILE (self), FALSE);

  _px_profile_check_spec (&self->spec, self->keyfile, problems, NULL);
  if (problems->len > 0)
    {
      g_propagate_error (error, _px_problems_to_error (problems, self->path));
      return FALSE;
    }

  return TRUE;
}
