/* px-run-store.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Finished runs kept across sessions. Each is its JSON report, in
 * $XDG_DATA_HOME/parallax/runs (or $PARALLAX_RUNS_DIR), named by when it
 * started; an index (a key file beside them) holds what a list shows, so
 * listing never parses a report of a million tasks. A report the index
 * does not know (copied there by hand, or the index lost) is read once
 * and indexed. The oldest go first when the reports outgrow the space
 * the user gives them.
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "px-run-store.h"

#define INDEX_NAME "index.ini"

void
px_kept_run_free (PxKeptRun *kept)
{
  if (kept == NULL)
    return;
  g_free (kept->id);
  g_free (kept->path);
  g_free (kept->title);
  g_free (kept->profile);
  g_free (kept);
}

/* When the run started, as the user's locale writes a date and time. */
char *
px_kept_run_dup_date (const PxKeptRun *kept)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_local (kept->started_us / G_USEC_PER_SEC);

  if (date == NULL)
    return g_strdup ("?");
  return g_date_time_format (date, "%Y-%m-%d %H:%M:%S");
}

char *
px_run_store_dup_dir (void)
{
  const char *dir = g_getenv ("PARALLAX_RUNS_DIR");

  if (dir != NULL && *dir != '\0')
    return g_strdup (dir);
  return g_build_filename (g_get_user_data_dir (), "parallax", "runs", NULL);
}

static GKeyFile *
load_index (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, INDEX_NAME, NULL);
  GKeyFile *index = g_key_file_new ();

  /* A lost or damaged index is rebuilt from the reports. */
  if (!g_key_file_load_from_file (index, path, G_KEY_FILE_NONE, NULL))
    {
      g_key_file_free (index);
      index = g_key_file_new ();
    }
  return index;
}

static gboolean
save_index (const char  *dir,
            GKeyFile    *index,
            GError     **error)
{
  g_autofree char *path = g_build_filename (dir, INDEX_NAME, NULL);

  return g_key_file_save_to_file (index, path, error);
}

static void
index_put (GKeyFile        *index,
           const PxKeptRun *kept,
           gint64           mtime)
{
  const char *g = kept->id;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_key_file_set_string (index, g, "title", kept->title);
  g_key_file_set_string (index, g, "profile", kept->profile);
  g_key_file_set_int64 (index, g, "started-us", kept->started_us);
  g_key_file_set_string (index, g, "executor", px_executor_kind_name (kept->executor));
  g_key_file_set_uint64 (index, g, "workers", kept->workers);
  g_key_file_set_uint64 (index, g, "tasks", kept->tasks);
  g_key_file_set_uint64 (index, g, "done", kept->done);
  g_key_file_set_uint64 (index, g, "failed", kept->failed);
  g_key_file_set_uint64 (index, g, "repetitions", kept->repetitions);
  g_key_file_set_int64 (index, g, "wall-us", kept->wall_us);
  g_key_file_set_string (index, g, "throughput",
                         g_ascii_dtostr (buf, sizeof buf, kept->throughput));
  g_key_file_set_uint64 (index, g, "size", kept->size);
  g_key_file_set_int64 (index, g, "mtime", mtime);
}

/* The entry @index holds for @id, if it describes the file as it is. */
static PxKeptRun *
index_get (GKeyFile   *index,
           const char *dir,
           const char *id,
           guint64     size,
           gint64      mtime)
{
  g_autoptr(PxKeptRun) kept = NULL;
  g_autofree char *executor = NULL;
  g_autofree char *throughput = NULL;

  if (!g_key_file_has_group (index, id) ||
      g_key_file_get_uint64 (index, id, "size", NULL) != size ||
      g_key_file_get_int64 (index, id, "mtime", NULL) != mtime)
    return NULL;

  kept = g_new0 (PxKeptRun, 1);
  kept->id = g_strdup (id);
  kept->path = g_strconcat (dir, G_DIR_SEPARATOR_S, id, ".json", NULL);
  kept->title = g_key_file_get_string (index, id, "title", NULL);
  kept->profile = g_key_file_get_string (index, id, "profile", NULL);
  kept->started_us = g_key_file_get_int64 (index, id, "started-us", NULL);
  executor = g_key_file_get_string (index, id, "executor", NULL);
  kept->executor = g_strcmp0 (executor, "processes") == 0    ? PX_EXECUTOR_PROCESSES
                   : g_strcmp0 (executor, "event-loop") == 0 ? PX_EXECUTOR_EVENT_LOOP
                                                             : PX_EXECUTOR_THREADS;
  kept->workers = g_key_file_get_uint64 (index, id, "workers", NULL);
  kept->tasks = g_key_file_get_uint64 (index, id, "tasks", NULL);
  kept->done = g_key_file_get_uint64 (index, id, "done", NULL);
  kept->failed = g_key_file_get_uint64 (index, id, "failed", NULL);
  kept->repetitions = g_key_file_get_uint64 (index, id, "repetitions", NULL);
  kept->wall_us = g_key_file_get_int64 (index, id, "wall-us", NULL);
  throughput = g_key_file_get_string (index, id, "throughput", NULL);
  kept->throughput = throughput != NULL ? g_ascii_strtod (throughput, NULL) : 0;
  kept->size = size;
  if (kept->title == NULL || kept->profile == NULL)
    return NULL;
  return g_steal_pointer (&kept);
}

/* What a list shows of a finished run. */
static PxKeptRun *
describe_run (PxRun               *run,
              const PxRepetitions *reps,
              const char          *title)
{
  PxKeptRun *kept = g_new0 (PxKeptRun, 1);
  const PxSpec *spec = px_run_get_spec (run);
  PxSummary s;

  px_summary_compute (run, &s);
  kept->profile = g_strdup (spec->name != NULL ? spec->name : "");
  kept->title = g_strdup (title != NULL && *title != '\0' ? title : kept->profile);
  kept->started_us = px_run_get_start_real_time (run);
  kept->executor = spec->executor;
  kept->workers = spec->workers;
  kept->tasks = s.total;
  kept->done = s.done;
  kept->failed = s.failed;
  kept->repetitions = reps != NULL ? reps->n : 0;
  kept->wall_us = s.wall_us;
  kept->throughput = s.throughput;
  return kept;
}

/* Reads a report to describe it; @id may be NULL for a file elsewhere. */
static PxKeptRun *
describe_file (const char  *path,
               const char  *id,
               gint64       mtime,
               GError     **error)
{
  g_autoptr(PxRun) run = NULL;
  PxRepetitions reps = { 0 };
  PxKeptRun *kept;
  GStatBuf st;

  if (!px_report_read (path, &run, NULL, &reps, error))
    return NULL;
  kept = describe_run (run, &reps, NULL);
  px_repetitions_clear (&reps);
  kept->id = id != NULL ? g_strdup (id) : g_path_get_basename (path);
  kept->path = g_strdup (path);
  if (kept->started_us == 0)
    kept->started_us = mtime;
  if (g_stat (path, &st) == 0)
    kept->size = st.st_size;
  return kept;
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const PxKeptRun *x = *(PxKeptRun * const *)a;
  const PxKeptRun *y = *(PxKeptRun * const *)b;

  if (x->started_us != y->started_us)
    return x->started_us > y->started_us ? -1 : 1;
  return -g_strcmp0 (x->id, y->id);
}

/**
 * px_run_store_list:
 * @problems: (out) (optional): a line for each report that could not
 *   be read, naming it and why
 *
 * The kept runs, newest first. A folder that does not exist yet holds
 * none.
 */
static GPtrArray *
list_runs (const char   *dir,
           char       ***problems,
           GError      **error)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify)px_kept_run_free);
  g_autoptr(GStrvBuilder) problem_lines = g_strv_builder_new ();
  g_autoptr(GKeyFile) index = NULL;
  g_autoptr(GDir) folder = NULL;
  g_autoptr(GError) local = NULL;
  g_auto(GStrv) groups = NULL;
  gboolean changed = FALSE;
  const char *name;

  folder = g_dir_open (dir, 0, &local);
  if (folder == NULL)
    {
      if (!g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      if (problems != NULL)
        *problems = g_strv_builder_end (problem_lines);
      return g_steal_pointer (&runs);
    }

  index = load_index (dir);
  while ((name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *id = NULL;
      PxKeptRun *kept;
      GStatBuf st;

      if (!g_str_has_suffix (name, ".json") || g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
        continue;
      id = g_strndup (name, strlen (name) - strlen (".json"));
      kept = index_get (index, dir, id, st.st_size, st.st_mtime);
      if (kept == NULL)
        {
          g_autoptr(GError) read_error = NULL;

          kept = describe_file (path, id, (gint64)st.st_mtime * G_USEC_PER_SEC, &read_error);
          if (kept == NULL)
            {
              g_strv_builder_add (problem_lines, read_error->message);
              continue;
            }
          index_put (index, kept, st.st_mtime);
          changed = TRUE;
        }
      g_ptr_array_add (runs, kept);
    }

  /* Reports deleted by hand leave the index too. */
  groups = g_key_file_get_groups (index, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat (dir, G_DIR_SEPARATOR_S, groups[i], ".json", NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_key_file_remove_group (index, groups[i], NULL);
          changed = TRUE;
        }
    }
  /* An index that cannot be written is rebuilt next time. */
  if (changed)
    save_index (dir, index, NULL);

  g_ptr_array_sort (runs, compare_newest_first);
  if (problems != NULL)
    *problems = g_strv_builder_end (problem_lines);
  return g_steal_pointer (&runs);
}

GPtrArray *
px_run_store_list (char   ***problems,
                   GError  **error)
{
  g_autofree char *dir = px_run_store_dup_dir ();

  return list_runs (dir, problems, error);
}

/**
 * px_run_store_trim:
 * @limit_bytes: the space the reports may take
 * @spare: (nullable): a run not to delete (the one just kept)
 *
 * Deletes the oldest kept runs until the rest fit in @limit_bytes.
 * Returns how many were deleted.
 */
guint
px_run_store_trim (guint64     limit_bytes,
                   const char *spare)
{
  g_autoptr(GPtrArray) runs = px_run_store_list (NULL, NULL);
  guint64 total = 0;
  guint deleted = 0;

  if (runs == NULL)
    return 0;
  for (guint i = 0; i < runs->len; i++)
    total += ((PxKeptRun *)g_ptr_array_index (runs, i))->size;
  for (guint i = runs->len; i > 0 && total > limit_bytes; i--)
    {
      PxKeptRun *kept = g_ptr_array_index (runs, i - 1);

      if (g_strcmp0 (kept->id, spare) == 0)
        continue;
      if (px_run_store_delete (kept->id, NULL))
        {
          total -= MIN (kept->size, total);
          deleted++;
        }
    }
  return deleted;
}

/* A name for a run started at @started_us that no kept run has. */
static char *
new_id (const char *dir,
        gint64      started_us)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_local (started_us / G_USEC_PER_SEC);
  g_autofree char *stem = date != NULL ? g_date_time_format (date, "%Y%m%d-%H%M%S")
                                       : g_strdup ("run");

  for (guint n = 1;; n++)
    {
      g_autofree char *id = n == 1 ? g_strdup (stem) : g_strdup_printf ("%s-%u", stem, n);
      g_autofree char *path = g_strconcat (dir, G_DIR_SEPARATOR_S, id, ".json", NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&id);
    }
}

/**
 * px_run_store_keep:
 * @title: (nullable): what lists call it; the profile's name if %NULL
 * @limit_bytes: the space kept runs may take; the oldest others go to
 *   make room
 *
 * Keeps a finished run. A run whose report alone is larger than
 * @limit_bytes is not kept, and that is the error.
 */
PxKeptRun *
px_run_store_keep (PxRun               *run,
                   PxSampler           *sampler,
                   const PxRepetitions *reps,
                   const char          *title,
                   guint64              limit_bytes,
                   GError             **error)
{
  g_autofree char *dir = px_run_store_dup_dir ();
  g_autoptr(PxKeptRun) kept = NULL;
  g_autoptr(GKeyFile) index = NULL;
  gint64 started;
  GStatBuf st;

  g_return_val_if_fail (PX_IS_RUN (run), NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_autofree char *name = g_filename_display_name (dir);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the folder of kept runs %s: %s"), name,
                   g_strerror (saved));
      return NULL;
    }

  kept = describe_run (run, reps, title);
  started = kept->started_us != 0 ? kept->started_us : g_get_real_time ();
  kept->started_us = started;
  kept->id = new_id (dir, started);
  kept->path = g_strconcat (dir, G_DIR_SEPARATOR_S, kept->id, ".json", NULL);
  if (!px_report_write (run, sampler, reps, PX_REPORT_JSON, kept->path, error))
    return NULL;
  if (g_stat (kept->path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", kept->path,
                   g_strerror (saved));
      return NULL;
    }
  kept->size = st.st_size;
  if (kept->size > limit_bytes)
    {
      g_autofree char *size = g_format_size_full (kept->size, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *limit = g_format_size_full (limit_bytes, G_FORMAT_SIZE_IEC_UNITS);

      g_unlink (kept->path);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("This run’s report (%s) is larger than the space for kept runs (%s); "
                     "it was not kept"), size, limit);
      return NULL;
    }

  index = load_index (dir);
  index_put (index, kept, st.st_mtime);
  if (!save_index (dir, index, error))
    {
      g_unlink (kept->path);
      return NULL;
    }
  px_run_store_trim (limit_bytes, kept->id);
  return g_steal_pointer (&kept);
}

static gboolean
is_id (const char *name)
{
  return name[0] != '\0' && name[0] != '.' && strchr (name, G_DIR_SEPARATOR) == NULL;
}

/**
 * px_run_store_find:
 * @name: a kept run's id, “last” for the newest, or the path of any
 *   JSON report
 *
 * Finds a run to open or compare with.
 */
PxKeptRun *
px_run_store_find (const char  *name,
                   GError     **error)
{
  g_autoptr(GPtrArray) runs = NULL;

  g_return_val_if_fail (name != NULL, NULL);

  if (strchr (name, G_DIR_SEPARATOR) != NULL || g_file_test (name, G_FILE_TEST_IS_REGULAR))
    {
      GStatBuf st;

      if (g_stat (name, &st) != 0)
        {
          int saved = errno;
          g_autofree char *display = g_filename_display_name (name);

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", display,
                       g_strerror (saved));
          return NULL;
        }
      return describe_file (name, NULL, (gint64)st.st_mtime * G_USEC_PER_SEC, error);
    }

  runs = px_run_store_list (NULL, error);
  if (runs == NULL)
    return NULL;
  for (guint i = 0; i < runs->len; i++)
    {
      PxKeptRun *kept = g_ptr_array_index (runs, i);

      if ((i == 0 && g_str_equal (name, "last")) || g_str_equal (kept->id, name))
        return g_ptr_array_steal_index (runs, i);
    }
  if (runs->len == 0)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("No run “%s”: no run is kept yet, and no such report file exists"), name);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("No kept run “%s”; accepted: an id that “parallax runs” lists (the newest "
                   "is %s), “last”, or the path of a JSON report"),
                 name, ((PxKeptRun *)g_ptr_array_index (runs, 0))->id);
  return NULL;
}

gboolean
px_run_store_delete (const char  *id,
                     GError     **error)
{
  g_autofree char *dir = px_run_store_dup_dir ();
  g_autofree char *path = NULL;
  g_autoptr(GKeyFile) index = NULL;

  g_return_val_if_fail (id != NULL, FALSE);

  path = g_strconcat (dir, G_DIR_SEPARATOR_S, id, ".json", NULL);
  if (!is_id (id) || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("No kept run “%s”; “parallax runs” lists them"), id);
      return FALSE;
    }
  if (g_unlink (path) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path,
                   g_strerror (saved));
      return FALSE;
    }
  index = load_index (dir);
  if (g_key_file_remove_group (index, id, NULL))
    save_index (dir, index, NULL);
  return TRUE;
}
