/* px-profile.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "px-output.h"
#include "px-profile-private.h"

struct _PxProfile
{
  GObject   parent_instance;

  GKeyFile   *keyfile;
  char       *path;
  char       *source_name;
  GHashTable *lines;      /* "Group\x1fkey" → line, as loaded */
  PxSpec      spec;
};

G_DEFINE_FINAL_TYPE (PxProfile, px_profile, G_TYPE_OBJECT)

G_DEFINE_QUARK (px-profile-error-quark, px_profile_error)

static const char * const known_groups[] = { "Profile", "Workload", "Sampling", NULL };

static void
problem_free (gpointer data)
{
  PxProblem *p = data;

  g_free (p->group);
  g_free (p->key);
  g_free (p->message);
  g_free (p);
}

static void
add_problem (GPtrArray  *problems,
             guint       line,
             const char *group,
             const char *key,
             const char *format,
             ...) G_GNUC_PRINTF (5, 6);

static void
add_problem (GPtrArray  *problems,
             guint       line,
             const char *group,
             const char *key,
             const char *format,
             ...)
{
  PxProblem *p = g_new0 (PxProblem, 1);
  va_list args;

  va_start (args, format);
  p->line = line;
  p->group = g_strdup (group);
  p->key = g_strdup (key);
  p->message = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (problems, p);
}

static GError *
problems_to_error (GPtrArray  *problems,
                   const char *source_name)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      const PxProblem *p = g_ptr_array_index (problems, i);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, source_name ? source_name : _("profile"));
      if (p->line > 0)
        g_string_append_printf (text, ":%u", p->line);
      g_string_append (text, ": ");
      if (p->group && p->key)
        g_string_append_printf (text, "[%s] %s: ", p->group, p->key);
      else if (p->group)
        g_string_append_printf (text, "[%s]: ", p->group);
      g_string_append (text, p->message);
    }

  return g_error_new_literal (PX_PROFILE_ERROR, PX_PROFILE_ERROR_INVALID, text->str);
}

/* Checks that need more than one key. */
static void
check_spec (const PxSpec *spec,
            GKeyFile     *keyfile,
            GPtrArray    *problems,
            GHashTable   *lines)
{
#define LINE_OF(k) GPOINTER_TO_UINT (lines ? g_hash_table_lookup (lines, "Workload\x1f" k) : NULL)

  if (spec->arrival == PX_ARRIVAL_RATE && spec->rate <= 0)
    add_problem (problems, LINE_OF ("rate"), "Workload", "rate",
                 _("arrival=rate needs a rate above 0 tasks per second"));
  if (spec->arrival == PX_ARRIVAL_BURST && spec->rate > 0)
    add_problem (problems, LINE_OF ("rate"), "Workload", "rate",
                 _("a rate is only used with arrival=rate; set arrival=rate, or remove the key "
                   "(on the command line: --rate=0)"));
  if (spec->task_iterations > 0 && keyfile &&
      g_key_file_has_key (keyfile, "Workload", "task-ms", NULL))
    add_problem (problems, LINE_OF ("task-iterations"), "Workload", "task-iterations",
                 _("set either task-ms or task-iterations, not both"));
  if (spec->worker_timeout > 0 && spec->worker_timeout < 1)
    add_problem (problems, LINE_OF ("worker-timeout"), "Workload", "worker-timeout",
                 _("a worker's heartbeat beats every 0.1 s: set worker-timeout to 0 (wait for "
                   "ever) or to at least 1 second"));
  if (spec->spawn == PX_SPAWN_PER_TASK && spec->chunk_size != 1)
    add_problem (problems, LINE_OF ("chunk-size"), "Workload", "chunk-size",
                 _("spawn=per-task starts a worker for each task, so chunk-size must be 1"));

#undef LINE_OF
}

static gboolean
is_translated_key (const char *key,
                   const char *base)
{
  gsize n = strlen (base);

  return g_str_has_prefix (key, base) && key[n] == '[' && g_str_has_suffix (key, "]");
}

/* GKeyFile accepts duplicates silently and keeps no line numbers, so the
 * text is scanned first: it records the line of each key and reports
 * lines GKeyFile would reject or silently merge. */
static GHashTable *
scan_lines (const char *data,
            gsize       length,
            GPtrArray  *problems)
{
  GHashTable *lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* Owned copies: interning names from a file would keep them (and
   * GLib's quark table) for the life of the process. */
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) split = NULL;
  g_autofree char *text = g_strndup (data, length);
  g_autofree char *group = NULL;

  split = g_strsplit (text, "\n", -1);

  for (guint i = 0; split[i]; i++)
    {
      guint line = i + 1;
      char *s = g_strchug (split[i]);
      gsize len = strlen (s);

      if (len > 0 && s[len - 1] == '\r')
        s[--len] = '\0';

      if (len == 0 || s[0] == '#')
        continue;

      if (s[0] == '[')
        {
          char *close = strchr (s, ']');

          if (close == NULL || close == s + 1 || close[1] != '\0')
            {
              add_problem (problems, line, NULL, NULL,
                           _("'%s' is not a valid group header; expected [Name]"), s);
              continue;
            }
          g_free (group);
          group = g_strndup (s + 1, close - s - 1);
          if (g_hash_table_contains (groups, group))
            add_problem (problems, line, group, NULL, _("the group appears twice"));
          else
            {
              g_hash_table_add (groups, g_strdup (group));
              g_hash_table_insert (lines, g_strconcat (group, "\x1f", NULL), GUINT_TO_POINTER (line));
            }
          continue;
        }

      {
        char *eq = strchr (s, '=');
        g_autofree char *key = NULL;
        g_autofree char *id = NULL;

        if (eq == NULL)
          {
            add_problem (problems, line, group, NULL,
                         _("'%s' is not a key=value line, a [Group] or a # comment"), s);
            continue;
          }
        if (group == NULL)
          {
            add_problem (problems, line, NULL, NULL,
                         _("a key appears before the first [Group]"));
            continue;
          }

        key = g_strstrip (g_strndup (s, eq - s));
        id = g_strconcat (group, "\x1f", key, NULL);
        if (g_hash_table_contains (lines, id))
          add_problem (problems, line, group, key,
                       _("the key is set twice (first on line %u)"),
                       GPOINTER_TO_UINT (g_hash_table_lookup (lines, id)));
        else
          g_hash_table_insert (lines, g_steal_pointer (&id), GUINT_TO_POINTER (line));
      }
    }

  return lines;
}

/* @data need not end with a NUL: look at @length bytes only. */
static gboolean
is_blank (const char *data,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (data[i] != ' ' && data[i] != '\t' && data[i] != '\r' && data[i] != '\n')
      return FALSE;
  return TRUE;
}

static gboolean
load_keyfile (PxProfile   *self,
              const char  *data,
              gsize        length,
              const char  *source_name,
              GError     **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (problem_free);
  g_autoptr(GHashTable) lines = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) groups = NULL;
  const char *end = NULL;

  if (is_blank (data, length))
    {
      add_problem (problems, 0, NULL, NULL,
                   _("the file is empty; a profile needs at least [Profile] with version=1"));
      goto out;
    }
  {
    const char *nul = memchr (data, '\0', length);
    gboolean valid = g_utf8_validate (data, nul ? nul - data : (gssize)length, &end);

    if (nul != NULL || !valid)
      {
        const char *bad = valid ? nul : end;
        guint line = 1;

        for (const char *p = data; p < bad; p++)
          line += (*p == '\n');
        add_problem (problems, line, NULL, NULL,
                     _("the file is not UTF-8 text (binary data?); a profile is a .ini text file"));
        goto out;
      }
  }

  lines = scan_lines (data, length, problems);
  if (problems->len > 0)
    goto out;
  g_clear_pointer (&self->lines, g_hash_table_unref);
  self->lines = g_hash_table_ref (lines);
  g_free (self->source_name);
  self->source_name = g_strdup (source_name);

  if (!g_key_file_load_from_data (self->keyfile, data, length,
                                  G_KEY_FILE_KEEP_COMMENTS | G_KEY_FILE_KEEP_TRANSLATIONS,
                                  &local_error))
    {
      add_problem (problems, 0, NULL, NULL, "%s", local_error->message);
      goto out;
    }

  groups = g_key_file_get_groups (self->keyfile, NULL);
  for (guint g = 0; groups[g]; g++)
    {
      g_auto(GStrv) keys = NULL;
      g_autofree char *group_id = g_strconcat (groups[g], "\x1f", NULL);
      guint group_line = GPOINTER_TO_UINT (g_hash_table_lookup (lines, group_id));

      if (!g_strv_contains (known_groups, groups[g]) && !g_str_has_prefix (groups[g], "X-"))
        {
          g_autofree char *list = g_strjoinv ("], [", (char **)known_groups);
          add_problem (problems, group_line, groups[g], NULL,
                       _("unknown group; accepted: [%s] (or [X-…] for extensions)"), list);
          continue;
        }
      if (g_str_has_prefix (groups[g], "X-"))
        continue;

      keys = g_key_file_get_keys (self->keyfile, groups[g], NULL, NULL);
      for (guint k = 0; keys[k]; k++)
        {
          g_autofree char *id = g_strconcat (groups[g], "\x1f", keys[k], NULL);
          guint line = GPOINTER_TO_UINT (g_hash_table_lookup (lines, id));
          const PxField *field = px_profile_find_field (keys[k]);
          g_autofree char *raw = NULL;
          g_autofree char *msg = NULL;

          if (g_str_has_prefix (keys[k], "X-"))
            continue;
          if (g_str_equal (groups[g], "Profile") &&
              (is_translated_key (keys[k], "name") || is_translated_key (keys[k], "description")))
            continue;

          if (field == NULL || !g_str_equal (field->group, groups[g]))
            {
              g_autoptr(GString) known = g_string_new (NULL);
              guint n_fields;
              const PxField *fields = px_profile_get_fields (&n_fields);

              for (guint i = 0; i < n_fields; i++)
                if (g_str_equal (fields[i].group, groups[g]))
                  g_string_append_printf (known, "%s%s", known->len ? ", " : "", fields[i].key);
              const PxField *near = field ? NULL : _px_field_closest (keys[k]);

              if (field != NULL)
                add_problem (problems, line, groups[g], keys[k],
                             _("the key belongs in [%s]"), field->group);
              else if (near != NULL)
                add_problem (problems, line, groups[g], keys[k],
                             _("unknown key; did you mean '%s' (in [%s])?"),
                             near->key, near->group);
              else
                add_problem (problems, line, groups[g], keys[k],
                             _("unknown key; accepted here: %s (or X-… for extensions)"),
                             known->str);
              continue;
            }

          if (field->type == PX_FIELD_STRING)
            raw = g_key_file_get_string (self->keyfile, groups[g], keys[k], NULL);
          else
            raw = g_key_file_get_value (self->keyfile, groups[g], keys[k], NULL);

          msg = _px_field_parse (field, raw ? raw : "", &self->spec);
          if (msg != NULL)
            add_problem (problems, line, groups[g], keys[k], "%s", msg);
        }
    }

  if (!g_key_file_has_key (self->keyfile, "Profile", "version", NULL))
    add_problem (problems, 0, "Profile", "version",
                 _("the key is missing; every profile starts with [Profile] and version=%d"),
                 PX_PROFILE_VERSION);

  if (problems->len == 0)
    check_spec (&self->spec, self->keyfile, problems, lines);

out:
  if (problems->len > 0)
    {
      g_propagate_error (error, problems_to_error (problems, source_name));
      return FALSE;
    }

  return TRUE;
}

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

  if (!load_keyfile (self, data ? data : "", length, source_name, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* Reads a profile's text: only a regular file, and only up to
 * PX_PROFILE_MAX_BYTES, so a FIFO, a device or a huge file is refused
 * with a message instead of blocking or filling memory. */
static char *
read_profile_file (const char  *path,
                   gsize       *length,
                   GError     **error)
{
  g_autofree char *data = NULL;
  struct stat st;
  gsize got = 0;
  int fd;

  /* O_NONBLOCK: opening a FIFO must not wait for a writer. */
  fd = open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("%s: cannot open the profile: %s"), path, g_strerror (saved));
      return NULL;
    }

  if (fstat (fd, &st) != 0)
    {
      int saved = errno;
      close (fd);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("%s: cannot read the profile: %s"), path, g_strerror (saved));
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      gboolean dir = S_ISDIR (st.st_mode);

      close (fd);
      g_set_error (error, G_FILE_ERROR, dir ? G_FILE_ERROR_ISDIR : G_FILE_ERROR_INVAL,
                   dir ? _("%s: is a folder, not a profile file")
                       : _("%s: is not a regular file (a FIFO, a device or a socket); "
                           "a profile is a .ini text file"),
                   path);
      return NULL;
    }

  if (st.st_size > PX_PROFILE_MAX_BYTES)
    {
      g_autofree char *size = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64)st.st_size);

      close (fd);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   _("%s: the file is %s bytes; a profile is at most %u bytes"),
                   path, size, PX_PROFILE_MAX_BYTES);
      return NULL;
    }

  /* One byte more than allowed, to notice a file that grew meanwhile. */
  data = g_malloc (PX_PROFILE_MAX_BYTES + 2);
  while (got <= PX_PROFILE_MAX_BYTES)
    {
      gssize r = read (fd, data + got, PX_PROFILE_MAX_BYTES + 1 - got);

      if (r < 0 && errno == EINTR)
        continue;
      if (r < 0)
        {
          int saved = errno;
          close (fd);
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       _("%s: cannot read the profile: %s"), path, g_strerror (saved));
          return NULL;
        }
      if (r == 0)
        break;
      got += r;
    }
  close (fd);

  if (got > PX_PROFILE_MAX_BYTES)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   _("%s: the file is larger than %u bytes; a profile is at most that"),
                   path, PX_PROFILE_MAX_BYTES);
      return NULL;
    }

  data[got] = '\0';
  *length = got;
  return g_realloc (g_steal_pointer (&data), got + 1);
}

PxProfile *
px_profile_new_from_file (const char  *path,
                          GError     **error)
{
  g_autofree char *data = NULL;
  PxProfile *self;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  data = read_profile_file (path, &length, error);
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
        if (is_translated_key (keys[k], key))
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
  warnings = g_new0 (char *, found->len + 1);
  for (guint i = 0; i < found->len; i++)
    warnings[i] = g_array_index (found, Warning, i).text;
  return warnings;
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
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (problem_free);

  g_return_val_if_fail (PX_IS_PROFILE (self), FALSE);

  check_spec (&self->spec, self->keyfile, problems, NULL);
  if (problems->len > 0)
    {
      g_propagate_error (error, problems_to_error (problems, self->path));
      return FALSE;
    }

  return TRUE;
}
