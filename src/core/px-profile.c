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
#include "px-profile.h"

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

static const char * const executor_choices[] = { "threads", "processes", NULL };
static const char * const kind_choices[] = {
  "cpu", "sleep", "file-io", "memory", "lock", "semaphore", "barrier", "shared-update", "mixed",
  NULL
};
static const char * const jitter_choices[] = { "none", "uniform", "exponential", NULL };
static const char * const arrival_choices[] = { "burst", "rate", NULL };
static const char * const spawn_choices[] = { "pool", "per-task", NULL };

#define OFF(member) G_STRUCT_OFFSET (PxSpec, member)
#define NO_SLOT G_MAXSIZE

static gboolean kind_is_lock (const PxSpec *s) { return s->kind == PX_KIND_LOCK; }
static gboolean kind_is_semaphore (const PxSpec *s) { return s->kind == PX_KIND_SEMAPHORE; }
static gboolean kind_is_barrier (const PxSpec *s) { return s->kind == PX_KIND_BARRIER; }
static gboolean kind_is_shared_update (const PxSpec *s) { return s->kind == PX_KIND_SHARED_UPDATE; }
static gboolean kind_is_file_io (const PxSpec *s) { return s->kind == PX_KIND_FILE_IO; }
static gboolean kind_is_memory (const PxSpec *s) { return s->kind == PX_KIND_MEMORY; }
static gboolean kind_is_mixed (const PxSpec *s) { return s->kind == PX_KIND_MIXED; }
static gboolean arrival_is_rate (const PxSpec *s) { return s->arrival == PX_ARRIVAL_RATE; }
static gboolean executor_is_threads (const PxSpec *s) { return s->executor == PX_EXECUTOR_THREADS; }
static gboolean executor_is_processes (const PxSpec *s)
{
  return s->executor == PX_EXECUTOR_PROCESSES;
}
static gboolean iterations_unset (const PxSpec *s) { return s->task_iterations == 0; }

static const PxField fields[] = {
  { "Profile", "version", PX_FIELD_UINT, NO_SLOT, 1, G_MAXUINT32, NULL, "1",
    N_("Profile format version") },
  { "Profile", "name", PX_FIELD_STRING, OFF (name), 0, 0, NULL, "",
    N_("Name shown for the profile") },
  { "Profile", "description", PX_FIELD_STRING, OFF (description), 0, 0, NULL, "",
    N_("What the profile shows and what to watch for") },
  { "Workload", "executor", PX_FIELD_ENUM, OFF (executor), 0, 0, executor_choices, "threads",
    N_("Run tasks on a thread pool or on worker processes") },
  { "Workload", "workers", PX_FIELD_UINT, OFF (workers), 1, PX_MAX_WORKERS, NULL, "2",
    N_("Number of workers") },
  { "Workload", "tasks", PX_FIELD_UINT, OFF (tasks), 1, PX_MAX_TASKS, NULL, "100",
    N_("Number of tasks") },
  { "Workload", "kind", PX_FIELD_ENUM, OFF (kind), 0, 0, kind_choices, "cpu",
    N_("What each task does") },
  { "Workload", "task-ms", PX_FIELD_DOUBLE, OFF (task_ms), 0, 60000, NULL, "10",
    N_("Size of one task in milliseconds (calibrated on this machine)"),
    iterations_unset, N_("Used when task-iterations is 0") },
  { "Workload", "task-iterations", PX_FIELD_UINT64, OFF (task_iterations), 0, 1e15, NULL, "0",
    N_("Size of one task in raw iterations (0: use task-ms)") },
  { "Workload", "jitter", PX_FIELD_ENUM, OFF (jitter), 0, 0, jitter_choices, "none",
    N_("Spread of task sizes") },
  { "Workload", "chunk-size", PX_FIELD_UINT, OFF (chunk_size), 1, 100000, NULL, "1",
    N_("Tasks handed to a worker at a time") },
  { "Workload", "payload-bytes", PX_FIELD_UINT, OFF (payload_bytes), 0, 16 << 20, NULL, "0",
    N_("Data carried to the worker and back with each task") },
  { "Workload", "gil", PX_FIELD_BOOLEAN, OFF (gil), 0, 0, NULL, "false",
    N_("Thread workers hold one global lock while computing"),
    executor_is_threads, N_("Used when the executor is threads") },
  { "Workload", "arrival", PX_FIELD_ENUM, OFF (arrival), 0, 0, arrival_choices, "burst",
    N_("Tasks arrive all at once or at a steady rate") },
  { "Workload", "rate", PX_FIELD_DOUBLE, OFF (rate), 0, 1e7, NULL, "0",
    N_("Arrival rate in tasks per second (arrival=rate)"),
    arrival_is_rate, N_("Used when arrival is rate") },
  { "Workload", "queue-capacity", PX_FIELD_UINT, OFF (queue_capacity), 0, PX_MAX_TASKS, NULL, "0",
    N_("Bound of the task queue (0: unbounded)") },
  { "Workload", "spawn", PX_FIELD_ENUM, OFF (spawn), 0, 0, spawn_choices, "pool",
    N_("Reuse pooled workers or start one for each task") },
  { "Workload", "retries", PX_FIELD_UINT, OFF (retries), 0, 10, NULL, "0",
    N_("Times a failed task is tried again") },
  { "Workload", "task-timeout", PX_FIELD_DOUBLE, OFF (task_timeout), 0, 86400, NULL, "0",
    N_("Seconds a task may run before it fails (0: no limit)") },
  { "Workload", "worker-timeout", PX_FIELD_DOUBLE, OFF (worker_timeout), 0, 3600, NULL, "10",
    N_("Seconds a worker process may show no sign of life (stopped or hung) before it is "
       "ended and replaced (0: wait for ever)"),
    executor_is_processes, N_("Used when the executor is processes") },
  { "Workload", "seed", PX_FIELD_UINT64, OFF (seed), 0, 1e18, NULL, "1",
    N_("Seed of task data and jitter") },
  { "Workload", "lock-fraction", PX_FIELD_DOUBLE, OFF (lock_fraction), 0, 1, NULL, "0.5",
    N_("Fraction of each lock task spent holding the shared lock"),
    kind_is_lock, N_("Used when kind is lock") },
  { "Workload", "semaphore-limit", PX_FIELD_UINT, OFF (semaphore_limit), 1, PX_MAX_WORKERS, NULL,
    "1", N_("Workers allowed in the semaphore section at once"),
    kind_is_semaphore, N_("Used when kind is semaphore") },
  { "Workload", "barrier-every", PX_FIELD_UINT, OFF (barrier_every), 1, 1000000, NULL, "1",
    N_("Tasks each worker runs between barrier meetings"),
    kind_is_barrier, N_("Used when kind is barrier") },
  { "Workload", "updates", PX_FIELD_UINT, OFF (updates), 1, 1000000, NULL, "10",
    N_("Shared-state updates made by each task"),
    kind_is_shared_update, N_("Used when kind is shared-update") },
  { "Workload", "file-bytes", PX_FIELD_UINT, OFF (file_bytes), 1, 1 << 30, NULL, "1048576",
    N_("Size of the file each file-io task writes and reads"),
    kind_is_file_io, N_("Used when kind is file-io") },
  { "Workload", "memory-bytes", PX_FIELD_UINT, OFF (memory_bytes), 1, 1 << 30, NULL, "16777216",
    N_("Size of the buffer each memory task copies"),
    kind_is_memory, N_("Used when kind is memory") },
  { "Workload", "cpu-fraction", PX_FIELD_DOUBLE, OFF (cpu_fraction), 0, 1, NULL, "0.5",
    N_("Fraction of each mixed task spent computing; the rest waits on IO"),
    kind_is_mixed, N_("Used when kind is mixed") },
  { "Workload", "repetitions", PX_FIELD_UINT, OFF (repetitions), 1, 100, NULL, "1",
    N_("Measured runs of the workload, reported as mean ± stddev") },
  { "Workload", "warmup", PX_FIELD_UINT, OFF (warmup), 0, 10, NULL, "0",
    N_("Runs made and discarded before the measured ones") },
  { "Sampling", "interval-ms", PX_FIELD_UINT, OFF (interval_ms), 10, 10000, NULL, "100",
    N_("Sampling interval in milliseconds") },
  { "Sampling", "history", PX_FIELD_UINT, OFF (history), 10, 1000000, NULL, "6000",
    N_("Samples kept per series (when full, older ones merge in pairs)") },
};

#undef OFF

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

const PxField *
px_profile_get_fields (guint *n_fields)
{
  if (n_fields)
    *n_fields = G_N_ELEMENTS (fields);
  return fields;
}

const PxField *
px_profile_find_field (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_str_equal (fields[i].key, key))
      return &fields[i];
  return NULL;
}

char *
px_field_describe_accepted (const PxField *field)
{
  switch (field->type)
    {
    case PX_FIELD_STRING:
      return g_strdup (_("any text"));
    case PX_FIELD_UINT:
    case PX_FIELD_UINT64:
      return g_strdup_printf (_("a whole number from %.0f to %.0f"), field->min, field->max);
    case PX_FIELD_DOUBLE:
      return g_strdup_printf (_("a number from %g to %g"), field->min, field->max);
    case PX_FIELD_BOOLEAN:
      return g_strdup (_("true or false"));
    case PX_FIELD_ENUM:
      {
        g_autofree char *list = g_strjoinv (", ", (char **)field->choices);
        return g_strdup_printf (_("one of: %s"), list);
      }
    default:
      g_assert_not_reached ();
    }
}

/* Values may carry a trailing "# comment" after white space, as in the
 * bundled examples; text values keep every character. */
static char *
strip_inline_comment (const char *raw)
{
  char *copy = g_strdup (raw);

  for (char *p = copy; *p; p++)
    {
      if (*p == '#' && (p == copy || p[-1] == ' ' || p[-1] == '\t'))
        {
          *p = '\0';
          break;
        }
    }

  return g_strstrip (copy);
}

/* Parses @text for @field into @spec; on failure returns a message. */
static char *
parse_field (const PxField *field,
             const char    *text,
             PxSpec        *spec)
{
  g_autofree char *value = NULL;
  gpointer slot = (spec && field->offset != NO_SLOT) ? G_STRUCT_MEMBER_P (spec, field->offset) : NULL;

  if (field->type == PX_FIELD_STRING)
    {
      if (slot != NULL)
        {
          gsize n = strlen (text);

          /* A carriage return ending a value is what is left of a line
           * ending: GKeyFile takes off one when it reads the file, so it
           * would not survive a save and a load. */
          while (n > 0 && text[n - 1] == '\r')
            n--;
          g_free (*(char **)slot);
          *(char **)slot = g_strndup (text, n);
        }
      return NULL;
    }

  value = strip_inline_comment (text);

  if (value[0] == '\0')
    {
      g_autofree char *accepted = px_field_describe_accepted (field);
      return g_strdup_printf (_("the value is empty; accepted: %s"), accepted);
    }

  switch (field->type)
    {
    case PX_FIELD_UINT:
    case PX_FIELD_UINT64:
      {
        guint64 n = 0;
        g_autoptr(GError) local_error = NULL;

        if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT64, &n, &local_error) ||
            (double)n < field->min || (double)n > field->max)
          {
            g_autofree char *accepted = px_field_describe_accepted (field);
            return g_strdup_printf (_("'%s' is not accepted; expected %s"), value, accepted);
          }

        if (slot != NULL)
          {
            if (field->type == PX_FIELD_UINT)
              *(guint *)slot = (guint)n;
            else
              *(guint64 *)slot = n;
          }
        else if (field->offset == NO_SLOT && n > PX_PROFILE_VERSION)
          {
            return g_strdup_printf (_("version %s was written by a newer Parallax; "
                                      "this version reads profiles of version %d"),
                                    value, PX_PROFILE_VERSION);
          }
        return NULL;
      }

    case PX_FIELD_DOUBLE:
      {
        char *end = NULL;
        double d;

        errno = 0;
        d = g_ascii_strtod (value, &end);
        if (errno != 0 || end == value || *end != '\0' || !isfinite (d) ||
            d < field->min || d > field->max)
          {
            g_autofree char *accepted = px_field_describe_accepted (field);
            return g_strdup_printf (_("'%s' is not accepted; expected %s"), value, accepted);
          }
        if (slot != NULL)
          *(double *)slot = d;
        return NULL;
      }

    case PX_FIELD_BOOLEAN:
      {
        gboolean b;

        if (g_str_equal (value, "true"))
          b = TRUE;
        else if (g_str_equal (value, "false"))
          b = FALSE;
        else
          {
            g_autofree char *accepted = px_field_describe_accepted (field);
            return g_strdup_printf (_("'%s' is not accepted; expected %s"), value, accepted);
          }
        if (slot != NULL)
          *(gboolean *)slot = b;
        return NULL;
      }

    case PX_FIELD_ENUM:
      for (guint i = 0; field->choices[i]; i++)
        {
          if (g_str_equal (value, field->choices[i]))
            {
              if (slot != NULL)
                *(int *)slot = (int)i;
              return NULL;
            }
        }
      {
        g_autofree char *accepted = px_field_describe_accepted (field);
        return g_strdup_printf (_("'%s' is not accepted; expected %s"), value, accepted);
      }

    case PX_FIELD_STRING:
    default:
      g_assert_not_reached ();
    }
}

static void
apply_defaults (PxSpec *spec)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *msg = parse_field (&fields[i], fields[i].default_value, spec);
      g_assert (msg == NULL);
    }
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

/* Edit distance, to suggest the key a typo meant. */
static guint
edit_distance (const char *a,
               const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  g_autofree guint *row = g_new (guint, lb + 1);

  for (gsize j = 0; j <= lb; j++)
    row[j] = j;
  for (gsize i = 1; i <= la; i++)
    {
      guint diag = row[0];

      row[0] = i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint up = row[j];

          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diag + (a[i - 1] != b[j - 1]));
          diag = up;
        }
    }
  return row[lb];
}

static const PxField *
closest_field (const char *key)
{
  const PxField *best = NULL;
  guint best_distance = 3;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      guint d = edit_distance (key, fields[i].key);

      if (d < best_distance)
        {
          best = &fields[i];
          best_distance = d;
        }
    }
  return best;
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

              for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
                if (g_str_equal (fields[i].group, groups[g]))
                  g_string_append_printf (known, "%s%s", known->len ? ", " : "", fields[i].key);
              const PxField *near = field ? NULL : closest_field (keys[k]);

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

          msg = parse_field (field, raw ? raw : "", &self->spec);
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
  apply_defaults (&self->spec);
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
  if (field == NULL || field->offset == NO_SLOT)
    {
      g_set_error (error, PX_PROFILE_ERROR, PX_PROFILE_ERROR_INVALID,
                   _("'%s' is not a profile key that can be set"), key);
      return FALSE;
    }

  msg = parse_field (field, value, &self->spec);
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

static char *
format_field (const PxSpec  *spec,
              const PxField *field)
{
  gconstpointer slot;

  if (field->offset == NO_SLOT)
    return g_strdup_printf ("%d", PX_PROFILE_VERSION);

  slot = G_STRUCT_MEMBER_P (spec, field->offset);
  switch (field->type)
    {
    case PX_FIELD_STRING:
      return g_strdup (*(char * const *)slot ? *(char * const *)slot : "");
    case PX_FIELD_UINT:
      return g_strdup_printf ("%u", *(const guint *)slot);
    case PX_FIELD_UINT64:
      return g_strdup_printf ("%" G_GUINT64_FORMAT, *(const guint64 *)slot);
    case PX_FIELD_DOUBLE:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        return g_strdup (g_ascii_dtostr (buf, sizeof buf, *(const double *)slot));
      }
    case PX_FIELD_BOOLEAN:
      return g_strdup (*(const gboolean *)slot ? "true" : "false");
    case PX_FIELD_ENUM:
      return g_strdup (field->choices[*(const int *)slot]);
    default:
      g_assert_not_reached ();
    }
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

  return format_field (&self->spec, field);
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
  char **warnings;

  g_return_val_if_fail (PX_IS_PROFILE (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
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

/* Whether @field matters for the workload @spec: keys of other kinds,
 * executors or arrivals stay valid but change nothing. */
gboolean
px_field_applies (const PxField *field,
                  const PxSpec  *spec)
{
  g_return_val_if_fail (field != NULL, TRUE);

  return field->applies == NULL || field->applies (spec);
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

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *value = NULL;

      if (fields[i].offset == NO_SLOT)
        continue;
      /* Only one way of sizing a task is written. */
      if (g_str_equal (fields[i].key, "task-iterations") && spec->task_iterations == 0)
        continue;
      if (g_str_equal (fields[i].key, "task-ms") && spec->task_iterations > 0)
        continue;
      if (g_str_equal (fields[i].key, "rate") && spec->arrival != PX_ARRIVAL_RATE)
        continue;

      value = format_field (spec, &fields[i]);
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
