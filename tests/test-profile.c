/* test-profile.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "px-profile.h"

static const char *valid_profile =
  "# A comment that must survive a save\n"
  "[Profile]\n"
  "version=1\n"
  "name=Example\n"
  "description=Two workers\n"
  "\n"
  "[Workload]\n"
  "# how the work runs\n"
  "executor=processes   # threads | processes\n"
  "workers=4\n"
  "tasks=50\n"
  "kind=lock\n"
  "task-ms=2.5\n"
  "lock-fraction=0.25\n"
  "jitter=exponential\n"
  "gil=true\n"
  "\n"
  "[Sampling]\n"
  "interval-ms=50\n";

static PxProfile *
load (const char  *text,
      GError     **error)
{
  return px_profile_new_from_data (text, strlen (text), "test.ini", error);
}

static void
test_profile_valid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PxProfile) profile = load (valid_profile, &error);
  const PxSpec *spec;

  g_assert_no_error (error);
  g_assert_nonnull (profile);
  spec = px_profile_get_spec (profile);
  g_assert_cmpstr (spec->name, ==, "Example");
  g_assert_cmpint (spec->executor, ==, PX_EXECUTOR_PROCESSES);
  g_assert_cmpuint (spec->workers, ==, 4);
  g_assert_cmpuint (spec->tasks, ==, 50);
  g_assert_cmpint (spec->kind, ==, PX_KIND_LOCK);
  g_assert_cmpfloat_with_epsilon (spec->task_ms, 2.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (spec->lock_fraction, 0.25, 1e-9);
  g_assert_cmpint (spec->jitter, ==, PX_JITTER_EXPONENTIAL);
  g_assert_true (spec->gil);
  g_assert_cmpuint (spec->interval_ms, ==, 50);
  /* Defaults for what the file does not set. */
  g_assert_cmpuint (spec->chunk_size, ==, 1);
  g_assert_cmpint (spec->arrival, ==, PX_ARRIVAL_BURST);
  g_assert_cmpuint (spec->queue_capacity, ==, 0);
}

static void
assert_rejected (const char *text,
                 const char *expect1,
                 const char *expect2)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PxProfile) profile = load (text, &error);

  g_assert_null (profile);
  g_assert_error (error, PX_PROFILE_ERROR, PX_PROFILE_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "test.ini"));
  if (expect1 && strstr (error->message, expect1) == NULL)
    g_error ("'%s' not in: %s", expect1, error->message);
  if (expect2 && strstr (error->message, expect2) == NULL)
    g_error ("'%s' not in: %s", expect2, error->message);
}

static void
test_profile_empty (void)
{
  assert_rejected ("", "empty", NULL);
  assert_rejected ("  \n\n \t\n", "empty", NULL);
}

static void
test_profile_binary (void)
{
  const char junk[] = "[Profile]\nversion=1\n\x89PNG\r\n\x1a\n\0\0\xff\xfe";
  g_autoptr(GError) error = NULL;
  g_autoptr(PxProfile) profile = px_profile_new_from_data (junk, sizeof junk, "test.ini", &error);

  g_assert_null (profile);
  g_assert_error (error, PX_PROFILE_ERROR, PX_PROFILE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "test.ini:3"));
  g_assert_nonnull (strstr (error->message, "UTF-8"));
}

static void
test_profile_duplicates (void)
{
  assert_rejected ("[Profile]\nversion=1\n[Workload]\nworkers=2\nworkers=3\n",
                   "test.ini:5: [Workload] workers", "first on line 4");
  assert_rejected ("[Profile]\nversion=1\n[Workload]\nworkers=2\n[Workload]\ntasks=3\n",
                   "test.ini:5", "twice");
}

static void
test_profile_unknown (void)
{
  assert_rejected ("[Profile]\nversion=1\n[Workload]\nworkerz=2\n",
                   "test.ini:4: [Workload] workerz: unknown key", "did you mean 'workers'");
  assert_rejected ("[Profile]\nversion=1\n[Workload]\nfrobnicate=2\n",
                   "frobnicate: unknown key", "accepted here: executor, workers");
  assert_rejected ("[Profile]\nversion=1\n[Extras]\nx=1\n",
                   "test.ini:3: [Extras]: unknown group", "[Workload]");
  assert_rejected ("[Profile]\nversion=1\nworkers=2\n", "[Profile] workers", "[Workload]");
}

static void
test_profile_extensions (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PxProfile) profile =
    load ("[Profile]\nversion=1\nname[zh_CN]=例子\nX-Course=week 3\n[X-Notes]\nanything=goes\n",
          &error);

  g_assert_no_error (error);
  g_assert_nonnull (profile);
}

static void
test_profile_types_and_ranges (void)
{
  assert_rejected ("[Profile]\nversion=1\n[Workload]\nworkers=abc\n",
                   "test.ini:4: [Workload] workers: 'abc'", "a whole number from 1 to 256");
  assert_rejected ("[Profile]\nversion=1\n[Workload]\nworkers=0\n", "'0'", "from 1 to 256");
  assert_rejected ("[Profile]\nversion=1\n[Workload]\nworkers=257\n", "'257'", NULL);
  assert_rejected ("[Profile]\nversion=1\n[Workload]\nworkers=-1\n", "'-1'", NULL);
  assert_rejected ("[Profile]\nversion=1\n[Workload]\nworkers=2.5\n", "'2.5'", NULL);
  assert_rejected ("[Profile]\nversion=1\n[Workload]\ntask-ms=fast\n", "'fast'", "a number");
  assert_rejected ("[Profile]\nversion=1\n[Workload]\ntask-ms=nan\n", "'nan'", NULL);
  assert_rejected ("[Profile]\nversion=1\n[Workload]\ngil=yes\n", "'yes'", "true or false");
  assert_rejected ("[Profile]\nversion=1\n[Workload]\nexecutor=fibers\n",
                   "'fibers'", "one of: threads, processes");
  assert_rejected ("[Profile]\nversion=1\n[Workload]\nkind=\n", "empty", "one of: cpu");
  assert_rejected ("[Profile]\nversion=1\n[Sampling]\ninterval-ms=5\n",
                   "interval-ms", "from 10 to 10000");
}

static void
test_profile_all_problems_at_once (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PxProfile) profile =
    load ("[Profile]\nversion=1\n[Workload]\nworkers=0\ntasks=x\nkind=gpu\nbogus=1\n", &error);
  g_auto(GStrv) lines = NULL;

  g_assert_null (profile);
  lines = g_strsplit (error->message, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_nonnull (strstr (error->message, "test.ini:4:"));
  g_assert_nonnull (strstr (error->message, "test.ini:5:"));
  g_assert_nonnull (strstr (error->message, "test.ini:6:"));
  g_assert_nonnull (strstr (error->message, "test.ini:7:"));
}

static void
test_profile_version (void)
{
  assert_rejected ("[Profile]\nversion=2\n", "newer", "version 1");
  assert_rejected ("[Profile]\nname=x\n", "version", "missing");
  assert_rejected ("[Profile]\nversion=one\n", "'one'", NULL);
}

static void
test_profile_syntax (void)
{
  assert_rejected ("workers=2\n[Profile]\nversion=1\n", "test.ini:1", "before the first");
  assert_rejected ("[Profile]\nversion=1\nthis line is wrong\n", "test.ini:3", "key=value");
  assert_rejected ("[Profile\nversion=1\n", "test.ini:1", "group header");
}

static void
test_profile_cross_checks (void)
{
  assert_rejected ("[Profile]\nversion=1\n[Workload]\narrival=rate\n", "rate", "above 0");
  assert_rejected ("[Profile]\nversion=1\n[Workload]\nrate=5\n", "only used with arrival=rate", NULL);
  assert_rejected ("[Profile]\nversion=1\n[Workload]\ntask-ms=1\ntask-iterations=5\n",
                   "either task-ms or task-iterations", NULL);
  assert_rejected ("[Profile]\nversion=1\n[Workload]\nspawn=per-task\nchunk-size=4\n",
                   "chunk-size must be 1", NULL);
  assert_rejected ("[Profile]\nversion=1\n[Workload]\nchunk-size=0\n", "chunk-size",
                   "from 1 to 100000, or auto");
  assert_rejected ("[Profile]\nversion=1\n[Workload]\nchunk-size=automatic\n", "chunk-size",
                   "or auto");
}

/* chunk-size=auto is 0 in the spec, written back as auto, and goes with
 * a worker started for each task (a chunk of one). */
static void
test_profile_chunk_auto (void)
{
  static const char text[] = "[Profile]\nversion=1\n[Workload]\nchunk-size=auto\n"
                             "spawn=per-task\nexecutor=processes\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(PxProfile) profile = load (text, &error);
  g_autofree char *value = NULL;
  g_autoptr(PxProfile) copy = NULL;
  g_autofree char *again = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (px_profile_get_spec (profile)->chunk_size, ==, PX_CHUNK_SIZE_AUTO);
  value = px_profile_get_value (profile, "chunk-size");
  g_assert_cmpstr (value, ==, "auto");
  copy = px_profile_new_from_spec (px_profile_get_spec (profile));
  again = px_profile_get_value (copy, "chunk-size");
  g_assert_cmpstr (again, ==, "auto");
  g_assert_true (px_profile_set_value (copy, "chunk-size", "64", &error));
  g_assert_cmpuint (px_profile_get_spec (copy)->chunk_size, ==, 64);
}

static void
test_profile_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PxProfile) profile = load (valid_profile, &error);
  g_autoptr(PxProfile) again = NULL;
  g_autoptr(PxProfile) third = NULL;
  g_autofree char *dir = g_dir_make_tmp ("px-test-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "saved.ini", NULL);
  g_autofree char *text = NULL;
  g_autofree char *text2 = NULL;
  guint n_fields;
  const PxField *fields = px_profile_get_fields (&n_fields);

  g_assert_no_error (error);
  g_assert_true (px_profile_save_to_file (profile, path, &error));
  g_assert_no_error (error);
  again = px_profile_new_from_file (path, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *a = px_profile_get_value (profile, fields[i].key);
      g_autofree char *b = px_profile_get_value (again, fields[i].key);
      g_assert_cmpstr (a, ==, b);
    }

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "# A comment that must survive a save"));
  g_assert_nonnull (strstr (text, "# how the work runs"));

  /* An edit keeps the inline comment of the key it changes. */
  g_assert_true (px_profile_set_value (again, "executor", "threads", &error));
  g_assert_true (px_profile_save_to_file (again, path, &error));
  g_assert_true (g_file_get_contents (path, &text2, NULL, NULL));
  g_assert_nonnull (strstr (text2, "executor=threads   # threads | processes"));
  third = px_profile_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (px_profile_get_spec (third)->executor, ==, PX_EXECUTOR_THREADS);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_profile_save_keeps_old_on_failure (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PxProfile) profile = load (valid_profile, &error);
  g_autofree char *dir = g_dir_make_tmp ("px-test-XXXXXX", &error);
  g_autofree char *sub = g_build_filename (dir, "locked", NULL);
  g_autofree char *path = g_build_filename (sub, "p.ini", NULL);
  g_autofree char *text = NULL;

  if (getuid () == 0)
    {
      /* root writes into read-only folders; test with a folder target instead */
      g_assert_false (px_profile_save_to_file (profile, dir, &error));
      g_assert_nonnull (error);
      g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));
      g_rmdir (dir);
      return;
    }

  g_mkdir (sub, 0700);
  g_file_set_contents (path, "old", -1, NULL);
  g_chmod (sub, 0500);
  g_assert_false (px_profile_save_to_file (profile, path, &error));
  g_assert_nonnull (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "old");
  g_chmod (sub, 0700);
  g_unlink (path);
  g_rmdir (sub);
  g_rmdir (dir);
}

static void
test_profile_set_value (void)
{
  g_autoptr(PxProfile) profile = px_profile_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (px_profile_set_value (profile, "workers", "8", &error));
  g_assert_cmpuint (px_profile_get_spec (profile)->workers, ==, 8);
  g_assert_false (px_profile_set_value (profile, "workers", "many", &error));
  g_assert_nonnull (strstr (error->message, "workers"));
  g_assert_nonnull (strstr (error->message, "from 1 to 256"));
  g_assert_cmpuint (px_profile_get_spec (profile)->workers, ==, 8);
  g_clear_error (&error);
  g_assert_false (px_profile_set_value (profile, "colour", "red", &error));
  g_assert_error (error, PX_PROFILE_ERROR, PX_PROFILE_ERROR_INVALID);
  g_clear_error (&error);

  /* The last of task-ms and task-iterations set wins. */
  g_assert_true (px_profile_set_value (profile, "task-iterations", "1000", &error));
  g_assert_true (px_profile_check (profile, &error));
  g_assert_true (px_profile_set_value (profile, "task-ms", "3", &error));
  g_assert_cmpuint (px_profile_get_spec (profile)->task_iterations, ==, 0);
  g_assert_true (px_profile_check (profile, &error));

  g_assert_true (px_profile_set_value (profile, "arrival", "rate", &error));
  g_assert_false (px_profile_check (profile, &error));
  g_assert_nonnull (strstr (error->message, "rate"));
}

static void
test_profile_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PxProfile) profile = px_profile_new_from_file ("/nonexistent/p.ini", &error);

  g_assert_null (profile);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, "/nonexistent/p.ini"));
  g_clear_error (&error);

  profile = px_profile_new_from_file ("/", &error);
  g_assert_null (profile);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR);
}

static void
test_profile_not_regular (void)
{
  g_autofree char *dir = g_dir_make_tmp ("px-profile-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "fifo.ini", NULL);
  g_autofree char *big = g_build_filename (dir, "big.ini", NULL);
  g_autofree char *text = g_strnfill (PX_PROFILE_MAX_BYTES + 1, '#');
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GError) e3 = NULL;
  gint64 start = g_get_monotonic_time ();

  /* A FIFO without a writer: refused at once, never waited on. */
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_null (px_profile_new_from_file (fifo, &e1));
  g_assert_nonnull (strstr (e1->message, fifo));
  g_assert_nonnull (strstr (e1->message, "not a regular file"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);

  /* An endless device is not read until memory runs out. */
  g_assert_null (px_profile_new_from_file ("/dev/zero", &e2));
  g_assert_nonnull (strstr (e2->message, "/dev/zero"));

  /* A file of a megabyte of comments is refused by its size. */
  text[0] = '#';
  g_assert_true (g_file_set_contents (big, text, -1, NULL));
  g_assert_null (px_profile_new_from_file (big, &e3));
  g_assert_nonnull (strstr (e3->message, big));
  g_assert_nonnull (strstr (e3->message, "at most 1048576 bytes"));

  g_unlink (fifo);
  g_unlink (big);
  g_rmdir (dir);
}

static void
test_profile_blank_unterminated (void)
{
  g_autoptr(GError) error = NULL;
  /* All white space and no NUL after it: only @length bytes are read
   * (AddressSanitizer catches a read past the allocation). */
  char *blank = g_malloc (4);

  memcpy (blank, " \n\t ", 4);
  g_assert_null (px_profile_new_from_data (blank, 4, "blank.ini", &error));
  g_assert_nonnull (strstr (error->message, "empty"));
  g_free (blank);
}

static void
test_profile_bundled (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "..", "data", "profiles", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(PxProfile) profile = NULL;

      if (!g_str_has_suffix (name, ".ini"))
        continue;
      profile = px_profile_new_from_file (path, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (px_profile_get_spec (profile)->name, !=, "");
      g_assert_cmpuint (strlen (px_profile_get_spec (profile)->description), >, 20);
      {
        /* An example sets only what its workload uses. */
        g_auto(GStrv) warnings = px_profile_dup_warnings (profile);

        g_assert_cmpstrv (warnings, ((const char *[]) { NULL }));
      }
      n++;
    }
  g_assert_cmpuint (n, >=, 8);
}

/* Keys its workload does not use are warned about with their line, and
 * say when they are used; the field table decides, for the editor too. */
static void
test_profile_unused_keys (void)
{
  static const char text[] =
    "[Profile]\nversion=1\n[Workload]\nkind=cpu\nlock-fraction=0.3\nworker-timeout=5\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(PxProfile) profile = px_profile_new_from_data (text, sizeof text - 1, "w.ini",
                                                            &error);
  g_auto(GStrv) warnings = NULL;
  g_auto(GStrv) none = NULL;

  g_assert_no_error (error);
  warnings = px_profile_dup_warnings (profile);
  g_assert_cmpuint (g_strv_length (warnings), ==, 2);
  g_assert_cmpstr (warnings[0], ==, "w.ini:5: [Workload] lock-fraction: set, but this workload "
                                    "does not use it (Used when kind is lock)");
  g_assert_cmpstr (warnings[1], ==, "w.ini:6: [Workload] worker-timeout: set, but this workload "
                                    "does not use it (Used when the executor is processes)");

  g_assert_false (px_field_applies (px_profile_find_field ("lock-fraction"),
                                    px_profile_get_spec (profile)));
  g_assert_true (px_field_applies (px_profile_find_field ("workers"),
                                   px_profile_get_spec (profile)));

  g_assert_true (px_profile_set_value (profile, "kind", "lock", NULL));
  g_assert_true (px_profile_set_value (profile, "executor", "processes", NULL));
  none = px_profile_dup_warnings (profile);
  g_assert_cmpstrv (none, ((const char *[]) { NULL }));
}

static void
test_profile_localized (void)
{
  static const char text[] =
    "[Profile]\nversion=1\nname=Locks\nname[zh_CN]=锁\n"
    "description=Watch the lock\ndescription[zh_CN]=观察锁\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(PxProfile) profile = px_profile_new_from_data (text, sizeof text - 1, "l.ini",
                                                             &error);
  const char *old_language = g_getenv ("LANGUAGE");
  g_autofree char *saved = g_strdup (old_language);
  g_autofree char *name = NULL;
  g_autofree char *description = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *data = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (px_profile_get_spec (profile)->name, ==, "Locks");

  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  name = px_profile_dup_localized (profile, "name");
  description = px_profile_dup_localized (profile, "description");
  g_assert_cmpstr (name, ==, "锁");
  g_assert_cmpstr (description, ==, "观察锁");

  /* Editing the text drops its translations, which no longer match. */
  g_assert_true (px_profile_set_value (profile, "name", "Mutexes", NULL));
  edited = px_profile_dup_localized (profile, "name");
  g_assert_cmpstr (edited, ==, "Mutexes");
  data = px_profile_to_data (profile, NULL);
  g_assert_null (strstr (data, "name[zh_CN]"));
  g_assert_nonnull (strstr (data, "description[zh_CN]"));

  if (saved != NULL)
    g_setenv ("LANGUAGE", saved, TRUE);
  else
    g_unsetenv ("LANGUAGE");
}

/* A profile's experiments: named settings in [Try], with labels in the
 * user's language; a copy with a variant's settings and its name; each
 * mistake an error with its line that says what is accepted. */
static void
test_profile_variants (void)
{
  static const char text[] =
    "[Profile]\nversion=1\nname=Locks\n"
    "[Workload]\nworkers=2\ntasks=8\n"
    "[Try]\nprocesses=executor=processes\nprocesses.label=On processes\n"
    "processes.label[zh_CN]=改用进程\nmore=workers=4; tasks=16\n";
  static const struct
  {
    const char *try_group;
    const char *expected;
  } bad[] = {
    { "[Try]\nbad=workerz=3\n", "l.ini:5: [Try] bad: 'workerz' is not a workload key; did you "
                                 "mean 'workers'?" },
    { "[Try]\nbad=executor=thread\n", "l.ini:5: [Try] bad: executor: 'thread' is not "
                                       "accepted" },
    { "[Try]\nbad=workers\n", "l.ini:5: [Try] bad: 'workers' is not key=value" },
    { "[Try]\nbad=name=x\n", "not a workload key a variant can change" },
    { "[Try]\nbad_name=workers=2\n", "letters, digits and dashes" },
    { "[Try]\nx.label=Lonely\n", "expected NAME.label" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PxProfile) profile = px_profile_new_from_data (text, sizeof text - 1, "l.ini",
                                                             &error);
  g_autoptr(PxProfile) tried = NULL;
  g_auto(GStrv) names = NULL;
  g_autofree char *label = NULL;
  g_autofree char *plain = NULL;
  const char *old_language = g_getenv ("LANGUAGE");
  g_autofree char *saved = g_strdup (old_language);

  g_assert_no_error (error);
  names = px_profile_dup_variants (profile);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[0], ==, "processes");
  g_assert_cmpstr (names[1], ==, "more");
  label = px_profile_dup_variant_label (profile, "processes");
  g_assert_cmpstr (label, ==, "On processes");
  plain = px_profile_dup_variant_label (profile, "more");
  g_assert_cmpstr (plain, ==, "more");
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  g_clear_pointer (&label, g_free);
  label = px_profile_dup_variant_label (profile, "processes");
  g_assert_cmpstr (label, ==, "改用进程");
  if (saved != NULL)
    g_setenv ("LANGUAGE", saved, TRUE);
  else
    g_unsetenv ("LANGUAGE");

  tried = px_profile_new_variant (profile, "more", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (px_profile_get_spec (tried)->workers, ==, 4);
  g_assert_cmpuint (px_profile_get_spec (tried)->tasks, ==, 16);
  g_assert_cmpstr (px_profile_get_spec (tried)->name, ==, "Locks · more");
  /* The profile itself is left as it was. */
  g_assert_cmpuint (px_profile_get_spec (profile)->workers, ==, 2);
  g_clear_object (&tried);
  tried = px_profile_new_variant (profile, "fewer", &error);
  g_assert_null (tried);
  g_assert_nonnull (strstr (error->message, "has no variant 'fewer'; its [Try] group has: "
                                            "processes, more"));
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *data = g_strconcat ("[Profile]\nversion=1\n[Workload]\n", bad[i].try_group,
                                           NULL);
      g_autoptr(PxProfile) broken = px_profile_new_from_data (data, strlen (data), "l.ini",
                                                                &error);

      g_assert_null (broken);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, bad[i].expected));
      g_clear_error (&error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/px/profile/valid", test_profile_valid);
  g_test_add_func ("/px/profile/empty", test_profile_empty);
  g_test_add_func ("/px/profile/binary", test_profile_binary);
  g_test_add_func ("/px/profile/duplicates", test_profile_duplicates);
  g_test_add_func ("/px/profile/unknown", test_profile_unknown);
  g_test_add_func ("/px/profile/extensions", test_profile_extensions);
  g_test_add_func ("/px/profile/types-and-ranges", test_profile_types_and_ranges);
  g_test_add_func ("/px/profile/all-problems-at-once", test_profile_all_problems_at_once);
  g_test_add_func ("/px/profile/version", test_profile_version);
  g_test_add_func ("/px/profile/syntax", test_profile_syntax);
  g_test_add_func ("/px/profile/cross-checks", test_profile_cross_checks);
  g_test_add_func ("/px/profile/chunk-auto", test_profile_chunk_auto);
  g_test_add_func ("/px/profile/round-trip", test_profile_round_trip);
  g_test_add_func ("/px/profile/save-keeps-old-on-failure", test_profile_save_keeps_old_on_failure);
  g_test_add_func ("/px/profile/set-value", test_profile_set_value);
  g_test_add_func ("/px/profile/missing-file", test_profile_missing_file);
  g_test_add_func ("/px/profile/not-regular", test_profile_not_regular);
  g_test_add_func ("/px/profile/blank-unterminated", test_profile_blank_unterminated);
  g_test_add_func ("/px/profile/bundled", test_profile_bundled);
  g_test_add_func ("/px/profile/localized", test_profile_localized);
  g_test_add_func ("/px/profile/unused-keys", test_profile_unused_keys);
  g_test_add_func ("/px/profile/variants", test_profile_variants);

  return g_test_run ();
}
