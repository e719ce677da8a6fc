/* px-profile-variants.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A profile's variants, the experiments it suggests: a [Try] group of
 * named settings to change, each a one-click run in the window and
 * `--try NAME` on the command line.
 *
 *   [Try]
 *   processes=executor=processes
 *   processes.label=On processes
 *   processes.label[zh_CN]=改用进程
 *   less-locking=lock-fraction=0.1; workers=8
 *
 * A variant's settings are checked when the profile loads, each against
 * its key's accepted values, so a typo is an error with its line rather
 * than a button that fails.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "px-profile-private.h"

#define TRY_GROUP "Try"
#define LABEL_SUFFIX ".label"

/* Whether @key of [Try] names a variant: letters, digits and dashes. */
static gboolean
is_variant_name (const char *key)
{
  if (key[0] == '\0')
    return FALSE;
  for (const char *p = key; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

/* A variant's settings, "key=value; key=value", as pairs: key, value,
 * key, value… NULL with @message set if one is not "key=value". */
static char **
split_settings (const char  *text,
                char       **message)
{
  g_auto(GStrv) parts = g_strsplit (text, ";", -1);
  GPtrArray *pairs = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *part = g_strstrip (parts[i]);
      char *eq = strchr (part, '=');

      if (part[0] == '\0')
        continue;
      if (eq == NULL || eq == part)
        {
          *message = g_strdup_printf (_("'%s' is not key=value; a variant is settings such as "
                                        "executor=processes; workers=8"), part);
          g_ptr_array_unref (pairs);
          return NULL;
        }
      *eq = '\0';
      g_ptr_array_add (pairs, g_strdup (g_strstrip (part)));
      g_ptr_array_add (pairs, g_strdup (g_strstrip (eq + 1)));
    }
  if (pairs->len == 0)
    {
      *message = g_strdup (_("a variant needs at least one setting, such as "
                             "executor=processes"));
      g_ptr_array_unref (pairs);
      return NULL;
    }
  g_ptr_array_add (pairs, NULL);
  return (char **)g_ptr_array_free (pairs, FALSE);
}

/* What is wrong with the settings of a variant, applied to @spec, or
 * NULL. */
static char *
check_settings (const char   *text,
                const PxSpec *spec)
{
  g_auto(PxSpec) scratch = { 0 };
  char *message = NULL;
  g_auto(GStrv) pairs = split_settings (text, &message);

  if (pairs == NULL)
    return message;
  px_spec_copy (&scratch, spec);
  for (guint i = 0; pairs[i] != NULL; i += 2)
    {
      const PxField *field = px_profile_find_field (pairs[i]);
      g_autofree char *msg = NULL;

      if (field == NULL || field->offset == PX_FIELD_NO_SLOT ||
          g_str_equal (field->group, "Profile"))
        {
          const PxField *near = field == NULL ? _px_field_closest (pairs[i]) : NULL;

          if (near != NULL)
            return g_strdup_printf (_("'%s' is not a workload key; did you mean '%s'?"),
                                    pairs[i], near->key);
          return g_strdup_printf (_("'%s' is not a workload key a variant can change"),
                                  pairs[i]);
        }
      msg = _px_field_parse (field, pairs[i + 1], &scratch);
      if (msg != NULL)
        return g_strdup_printf ("%s: %s", pairs[i], msg);
    }
  return NULL;
}

/* Checks the [Try] group of a loaded profile, adding what is wrong to
 * @problems. */
void
_px_profile_check_variants (PxProfile  *self,
                            GPtrArray  *problems)
{
  g_auto(GStrv) keys = g_key_file_get_keys (self->keyfile, TRY_GROUP, NULL, NULL);

  for (guint k = 0; keys != NULL && keys[k] != NULL; k++)
    {
      g_autofree char *id = g_strconcat (TRY_GROUP, "\x1f", keys[k], NULL);
      guint line = self->lines != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (self->lines, id))
                                       : 0;
      g_autofree char *text = NULL;
      g_autofree char *message = NULL;
      const char *dot = strchr (keys[k], '.');

      if (g_str_has_prefix (keys[k], "X-"))
        continue;
      if (dot != NULL)
        {
          g_autofree char *name = g_strndup (keys[k], dot - keys[k]);
          const char *bracket = strchr (dot, '[');
          g_autofree char *suffix = g_strndup (dot, bracket != NULL ? bracket - dot
                                                                    : (gssize)strlen (dot));

          if (!g_str_equal (suffix, LABEL_SUFFIX) ||
              !g_key_file_has_key (self->keyfile, TRY_GROUP, name, NULL))
            _px_problem_add (problems, line, TRY_GROUP, keys[k],
                             _("expected NAME.label, the label of a variant NAME of this "
                               "group"));
          continue;
        }
      if (!is_variant_name (keys[k]))
        {
          _px_problem_add (problems, line, TRY_GROUP, keys[k],
                           _("a variant's name is letters, digits and dashes, such as "
                             "less-locking"));
          continue;
        }
      text = g_key_file_get_string (self->keyfile, TRY_GROUP, keys[k], NULL);
      message = check_settings (text != NULL ? text : "", &self->spec);
      if (message != NULL)
        _px_problem_add (problems, line, TRY_GROUP, keys[k], "%s", message);
    }
}

/**
 * px_profile_dup_variants:
 *
 * The names of the profile's variants, in the file's order; an empty
 * list when it has none.
 */
char **
px_profile_dup_variants (PxProfile *self)
{
  g_auto(GStrv) keys = NULL;
  GPtrArray *names = g_ptr_array_new ();

  g_return_val_if_fail (PX_IS_PROFILE (self), NULL);

  keys = g_key_file_get_keys (self->keyfile, TRY_GROUP, NULL, NULL);
  for (guint k = 0; keys != NULL && keys[k] != NULL; k++)
    if (is_variant_name (keys[k]) && !g_str_has_prefix (keys[k], "X-"))
      g_ptr_array_add (names, g_strdup (keys[k]));
  g_ptr_array_add (names, NULL);
  return (char **)g_ptr_array_free (names, FALSE);
}

/* A variant's label in the user's language ("On processes"), or its name
 * with spaces for dashes. */
char *
px_profile_dup_variant_label (PxProfile  *self,
                              const char *name)
{
  g_autofree char *key = g_strconcat (name, LABEL_SUFFIX, NULL);
  char *label;

  g_return_val_if_fail (PX_IS_PROFILE (self), NULL);

  label = g_key_file_get_locale_string (self->keyfile, TRY_GROUP, key, NULL, NULL);
  if (label == NULL)
    label = g_strdelimit (g_strdup (name), "-", ' ');
  return label;
}

/* A variant's settings as written: "lock-fraction=0.1; workers=8". */
char *
px_profile_dup_variant_settings (PxProfile  *self,
                                 const char *name)
{
  g_return_val_if_fail (PX_IS_PROFILE (self), NULL);

  return g_key_file_get_string (self->keyfile, TRY_GROUP, name, NULL);
}

/**
 * px_profile_new_variant:
 *
 * A copy of the profile with the settings of its variant @name, named
 * "Profile · label"; NULL with @error if it has no such variant.
 */
PxProfile *
px_profile_new_variant (PxProfile   *self,
                        const char  *name,
                        GError     **error)
{
  g_autofree char *settings = NULL;
  g_autofree char *data = NULL;
  g_autofree char *message = NULL;
  g_auto(GStrv) pairs = NULL;
  g_autoptr(PxProfile) copy = NULL;
  gsize length = 0;

  g_return_val_if_fail (PX_IS_PROFILE (self), NULL);

  if (!is_variant_name (name) ||
      (settings = g_key_file_get_string (self->keyfile, TRY_GROUP, name, NULL)) == NULL)
    {
      g_auto(GStrv) names = px_profile_dup_variants (self);
      g_autofree char *list = g_strjoinv (", ", names);

      if (names[0] == NULL)
        g_set_error (error, PX_PROFILE_ERROR, PX_PROFILE_ERROR_INVALID,
                     _("the profile has no variant '%s': it has no [Try] group"), name);
      else
        g_set_error (error, PX_PROFILE_ERROR, PX_PROFILE_ERROR_INVALID,
                     _("the profile has no variant '%s'; its [Try] group has: %s"), name, list);
      return NULL;
    }
  data = px_profile_to_data (self, &length);
  copy = px_profile_new_from_data (data, length, self->source_name, error);
  if (copy == NULL)
    return NULL;
  g_free (copy->path);
  copy->path = g_strdup (self->path);
  pairs = split_settings (settings, &message);
  if (pairs == NULL)
    {
      g_set_error (error, PX_PROFILE_ERROR, PX_PROFILE_ERROR_INVALID, "[Try] %s: %s", name,
                   message);
      return NULL;
    }
  for (guint i = 0; pairs[i] != NULL; i += 2)
    if (!px_profile_set_value (copy, pairs[i], pairs[i + 1], error))
      return NULL;
  {
    g_autofree char *base = px_profile_dup_localized (self, "name");
    g_autofree char *label = px_profile_dup_variant_label (self, name);
    /* Translators: the name of a profile's variant: the profile's name,
     * then the variant's label. */
    g_autofree char *named = g_strdup_printf (_("%s · %s"), base != NULL ? base : "", label);

    if (!px_profile_set_value (copy, "name", named, error))
      return NULL;
  }
  return g_steal_pointer (&copy);
}
