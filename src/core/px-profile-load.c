/* px-profile-load.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading a profile: the file itself (size, encoding, what it is), every
 * line of it as GKeyFile and the field table see it, and every problem
 * found, each with its line, group and key, reported together; then the
 * rules that involve several keys.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "px-hosts.h"
#include "px-job.h"
#include "px-profile-private.h"

static const char * const known_groups[] = { "Profile", "Workload", "Sampling", "Try", NULL };

void
_px_problem_free (gpointer data)
{
  PxProblem *p = data;

  g_free (p->group);
  g_free (p->key);
  g_free (p->message);
  g_free (p);
}

#define add_problem _px_problem_add

void
_px_problem_add (GPtrArray  *problems,
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

GError *
_px_problems_to_error (GPtrArray  *problems,
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

/* A workload that needs no memory shared between the workers, which does
 * not reach other hosts. */
static void
check_remote_kind (const PxSpec *spec,
                   GPtrArray    *problems,
                   GHashTable   *lines)
{
#define LINE_OF(k) GPOINTER_TO_UINT (lines ? g_hash_table_lookup (lines, "Workload\x1f" k) : NULL)
  /* A command's jobs run there through parallax-worker --job; a serving
   * command's lines go through its pipes here. */
  if (spec->kind == PX_KIND_COMMAND && spec->serve == PX_SERVE_LINES)
    add_problem (problems, LINE_OF ("serve"), "Workload", "serve",
                 _("serve=lines runs its command on this machine: with hosts other than : or "
                   "with srun, serve must be none"));
  else if (spec->kind != PX_KIND_COMMAND &&
      spec->kind != PX_KIND_CPU && spec->kind != PX_KIND_SLEEP &&
      spec->kind != PX_KIND_FILE_IO && spec->kind != PX_KIND_MEMORY &&
      spec->kind != PX_KIND_MIXED && spec->kind != PX_KIND_SHARED_UPDATE)
    add_problem (problems, LINE_OF ("kind"), "Workload", "kind",
                 _("kind=%s needs what only this machine's workers share (memory, or the "
                   "loopback server); with hosts other than : or with srun, kind must be cpu, "
                   "sleep, file-io, memory, mixed or shared-update"),
                 px_task_kind_name (spec->kind));
#undef LINE_OF
}

/* launcher=srun: an srun command that splits; the workers are on the
 * allocation's nodes. */
static void
check_srun (const PxSpec *spec,
            GPtrArray    *problems,
            GHashTable   *lines)
{
#define LINE_OF(k) GPOINTER_TO_UINT (lines ? g_hash_table_lookup (lines, "Workload\x1f" k) : NULL)
  g_autoptr(GError) local = NULL;
  g_auto(GStrv) words = NULL;

  if (spec->srun == NULL || !g_shell_parse_argv (spec->srun, NULL, &words, &local))
    add_problem (problems, LINE_OF ("srun"), "Workload", "srun",
                 _("the srun command does not split into words: %s"),
                 local != NULL ? local->message : _("it is empty"));
  check_remote_kind (spec, problems, lines);
#undef LINE_OF
}

/* launcher=ssh: hosts that parse and hold the workers, an ssh command
 * that splits, and a workload fit for other hosts. */
static void
check_hosts (const PxSpec *spec,
             GPtrArray    *problems,
             GHashTable   *lines)
{
#define LINE_OF(k) GPOINTER_TO_UINT (lines ? g_hash_table_lookup (lines, "Workload\x1f" k) : NULL)
  g_autoptr(GError) local = NULL;
  g_autoptr(PxHostList) hosts = px_host_list_parse (spec->hosts, &local);
  g_auto(GStrv) words = NULL;

  if (hosts == NULL)
    {
      add_problem (problems, LINE_OF ("hosts"), "Workload", "hosts", "%s", local->message);
      return;
    }
  {
    g_autofree guint *host_of = g_new (guint, MAX (spec->workers, 1));

    if (!px_host_list_assign (hosts, spec->workers, host_of, &local))
      {
        add_problem (problems, LINE_OF ("workers"), "Workload", "workers", "%s",
                     local->message);
        g_clear_error (&local);
      }
  }
  if (spec->ssh == NULL || !g_shell_parse_argv (spec->ssh, NULL, &words, &local))
    add_problem (problems, LINE_OF ("ssh"), "Workload", "ssh",
                 _("the ssh command does not split into words: %s"),
                 local != NULL ? local->message : _("it is empty"));
  if (px_host_list_any_remote (hosts))
    check_remote_kind (spec, problems, lines);
#undef LINE_OF
}

/* Checks that need more than one key. */
void
_px_profile_check_spec (const PxSpec *spec,
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
  if (spec->spawn == PX_SPAWN_PER_TASK && spec->chunk_size != 1 &&
      spec->chunk_size != PX_CHUNK_SIZE_AUTO &&
      spec->kind != PX_KIND_COMMAND)
    add_problem (problems, LINE_OF ("chunk-size"), "Workload", "chunk-size",
                 _("spawn=per-task starts a worker for each task, so chunk-size must be 1"));

  /* An event loop awaits timers, helper threads, sockets and its tasks'
   * lock, semaphore, barrier, event or condition; what updates state in
   * its parent, copies memory, or starts processes, does not run on it. */
  if (spec->executor == PX_EXECUTOR_EVENT_LOOP && spec->kind != PX_KIND_SLEEP &&
      spec->kind != PX_KIND_CPU && spec->kind != PX_KIND_MIXED && spec->kind != PX_KIND_FILE_IO &&
      spec->kind != PX_KIND_NET && spec->kind != PX_KIND_LOCK && spec->kind != PX_KIND_SEMAPHORE &&
      spec->kind != PX_KIND_EVENT && spec->kind != PX_KIND_CONDITION &&
      spec->kind != PX_KIND_BARRIER)
    add_problem (problems, LINE_OF ("kind"), "Workload", "kind",
                 _("kind=%s does not run on executor=event-loop; accepted there: sleep, cpu, "
                   "mixed, file-io, net, lock, semaphore, barrier, event, condition"),
                 px_task_kind_name (spec->kind));
  if (spec->executor == PX_EXECUTOR_EVENT_LOOP && spec->spawn == PX_SPAWN_PER_TASK)
    add_problem (problems, LINE_OF ("spawn"), "Workload", "spawn",
                 _("an event loop runs its tasks itself: spawn=per-task needs executor=threads "
                   "or processes"));

  /* Worker processes, or a command's jobs, start elsewhere. */
  if ((spec->executor == PX_EXECUTOR_PROCESSES || spec->kind == PX_KIND_COMMAND) &&
      spec->launcher == PX_LAUNCHER_SSH)
    check_hosts (spec, problems, lines);
  else if ((spec->executor == PX_EXECUTOR_PROCESSES || spec->kind == PX_KIND_COMMAND) &&
           spec->launcher == PX_LAUNCHER_SRUN)
    check_srun (spec, problems, lines);
  else if (spec->launcher != PX_LAUNCHER_LOCAL)
    add_problem (problems, LINE_OF ("launcher"), "Workload", "launcher",
                 _("launcher=%s starts worker processes or a command's jobs elsewhere: it "
                   "needs executor=processes or kind=command"),
                 spec->launcher == PX_LAUNCHER_SSH ? "ssh" : "srun");

  if (spec->kind == PX_KIND_COMMAND)
    {
      g_autoptr(GError) local = NULL;
      g_auto(GStrv) words = NULL;

      if (spec->command == NULL || spec->command[0] == '\0')
        add_problem (problems, LINE_OF ("kind"), "Workload", "command",
                     _("kind=command needs a command: the program to run and its arguments, "
                       "such as command=gzip -k {}"));
      else if ((words = px_job_expand (spec->command, spec->shell, NULL, 1, 1, &local)) == NULL)
        add_problem (problems, LINE_OF ("command"), "Workload", "command",
                     _("cannot be split into words as a shell would: %s"), local->message);
      else if (words[0] == NULL)
        add_problem (problems, LINE_OF ("command"), "Workload", "command",
                     _("kind=command needs a command: the program to run and its arguments, "
                       "such as command=gzip -k {}"));
      g_clear_error (&local);
      g_clear_pointer (&words, g_strfreev);

      if (spec->inputs != NULL && spec->inputs[0] != '\0' &&
          (words = px_job_inputs_parse (spec->inputs, PX_MAX_TASKS, &local)) == NULL)
        add_problem (problems, LINE_OF ("inputs"), "Workload", "inputs", "%s", local->message);
      g_clear_error (&local);
      g_clear_pointer (&words, g_strfreev);
      if (spec->inputs != NULL && spec->inputs[0] != '\0' &&
          spec->inputs_file != NULL && spec->inputs_file[0] != '\0')
        add_problem (problems, LINE_OF ("inputs-file"), "Workload", "inputs-file",
                     _("inputs and inputs-file both give the jobs' inputs; keep one"));

      {
        PxJobHalt halt;

        if (!px_job_halt_parse (spec->halt, &halt, &local))
          add_problem (problems, LINE_OF ("halt"), "Workload", "halt", "%s", local->message);
        g_clear_error (&local);
      }

      if (spec->env != NULL && spec->env[0] != '\0')
        {
          if (!g_shell_parse_argv (spec->env, NULL, &words, &local))
            add_problem (problems, LINE_OF ("env"), "Workload", "env",
                         _("cannot be split into words as a shell would: %s"), local->message);
          for (guint i = 0; words != NULL && words[i] != NULL; i++)
            if (strchr (words[i], '=') == NULL || words[i][0] == '=')
              {
                add_problem (problems, LINE_OF ("env"), "Workload", "env",
                             _("“%s” is not NAME=value"), words[i]);
                break;
              }
        }
    }

#undef LINE_OF
}

gboolean
_px_key_is_translated (const char *key,
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

gboolean
_px_profile_load_keyfile (PxProfile   *self,
                          const char  *data,
                          gsize        length,
                          const char  *source_name,
                          GError     **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (_px_problem_free);
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
      /* A profile's variants are checked once its workload is known. */
      if (g_str_has_prefix (groups[g], "X-") || g_str_equal (groups[g], "Try"))
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
              (_px_key_is_translated (keys[k], "name") || _px_key_is_translated (keys[k], "description")))
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
    _px_profile_check_spec (&self->spec, self->keyfile, problems, lines);
  if (problems->len == 0)
    _px_profile_check_variants (self, problems);

out:
  if (problems->len > 0)
    {
      g_propagate_error (error, _px_problems_to_error (problems, source_name));
      return FALSE;
    }

  return TRUE;
}

/* Reads a profile's text: only a regular file, and only up to
 * PX_PROFILE_MAX_BYTES, so a FIFO, a device or a huge file is refused
 * with a message instead of blocking or filling memory. */
char *
_px_profile_read_file (const char  *path,
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
