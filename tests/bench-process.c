/* bench-process.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a user measures with `time`: whole processes, start to exit, and
 * their peak memory, beside the programs they would otherwise write —
 * Python's multiprocessing.Pool.map and a bare two-thread GThreadPool
 * (bench-bare-pool, built beside this). Five rounds, order rotated each
 * round, medians judged.
 */

#include "config.h"

#include <fcntl.h>
#include <spawn.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "px-bench.h"
#include "px-test-helpers.h"

extern char **environ;

#define TASKS 1000000
#define ROUNDS 5

typedef struct
{
  const char *argv[16];
  /* Peak resident memory of the last run, in MB (the largest of the
   * process and those it waited for, as wait4 reports it). */
  double      rss_mb;
  /* Where its output goes, if kept (else /dev/null). */
  const char *out_path;
} Program;

/* Runs @data's program to its end, output discarded: its wall time in
 * seconds, or -1 if it could not run or failed. */
static double
run_program (gpointer data)
{
  Program *program = data;
  posix_spawn_file_actions_t actions;
  struct timespec t0, t1;
  struct rusage usage;
  int status = 0;
  pid_t pid;
  int rc;

  posix_spawn_file_actions_init (&actions);
  posix_spawn_file_actions_addopen (&actions, 1,
                                    program->out_path != NULL ? program->out_path : "/dev/null",
                                    O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen (&actions, 2, "/dev/null", O_WRONLY, 0);
  clock_gettime (CLOCK_MONOTONIC, &t0);
  rc = posix_spawnp (&pid, program->argv[0], &actions, NULL, (char **)program->argv, environ);
  posix_spawn_file_actions_destroy (&actions);
  if (rc != 0)
    return -1;
  if (wait4 (pid, &status, 0, &usage) != pid)
    return -1;
  clock_gettime (CLOCK_MONOTONIC, &t1);
  program->rss_mb = usage.ru_maxrss / 1024.0;
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    return -1;
  return (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
}

static double
rss_of (gpointer data)
{
  Program *program = data;

  return run_program (program) < 0 ? -1 : program->rss_mb;
}

static char *
profile (void)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "profiles",
                                "threads-vs-processes.ini", NULL);
}

static const char *
parallax (void)
{
  return g_getenv ("PARALLAX_TEST_BINARY");
}

static gboolean
have_python (void)
{
  g_autofree char *python = g_find_program_in_path ("python3");

  return python != NULL;
}

static const char python_pool[] =
  "import multiprocessing as mp\n"
  "def f(x):\n    return x\n"
  "if __name__ == '__main__':\n"
  "    with mp.Pool(2) as p:\n"
  "        p.map(f, range(1000000))\n";

static char *
seconds (const PxBenchSubject *s)
{
  return g_strdup_printf ("%.3f s [%.3f…%.3f]", s->median, s->min, s->max);
}

static char *
megabytes (const PxBenchSubject *s)
{
  return g_strdup_printf ("%.1f MB", s->median);
}

/* Judges @ours against @base: the baseline's median over ours (bigger
 * is better for us), against @target. */
static void
judge (const char           *figure,
       const PxBenchSubject *ours,
       const PxBenchSubject *base,
       double                target,
       char               *(*format) (const PxBenchSubject *))
{
  g_autofree char *ours_text = format (ours);
  g_autofree char *base_text = format (base);
  g_autofree char *target_text = g_strdup_printf ("≥ %.2gx", target);
  double ratio = ours->median > 0 && base->median > 0 ? base->median / ours->median : 0;

  px_bench_target (figure, ours_text, base_text, ratio, target_text,
                   ours->median > 0 && base->median > 0 && ratio >= target);
}

/* The run's own wall time, in seconds, from the summary a run printed
 * to @path ("Wall time   293.73 ms"); -1 if not found. */
static double
printed_wall_s (const char *path)
{
  g_autofree char *text = NULL;
  const char *line;
  char *end;
  double value;

  if (!g_file_get_contents (path, &text, NULL, NULL) ||
      (line = strstr (text, "Wall time")) == NULL)
    return -1;
  line += strlen ("Wall time");
  while (*line == ' ')
    line++;
  value = g_ascii_strtod (line, &end);
  if (end == line)
    return -1;
  return g_str_has_prefix (end, " ms") ? value / 1000 : g_str_has_prefix (end, " µs") ? value / 1e6
                                                                                       : value;
}

/* What a run costs beyond its tasks: the whole process's wall time less
 * the run's own (start-up, the summary and the tear-down), the median of
 * @rounds. */
static void
beyond_the_run (Program *program,
                guint    rounds)
{
  g_autofree char *dir = px_test_make_dir ("bench-process");
  g_autofree char *out = g_build_filename (dir, "out.txt", NULL);
  g_autofree double *beyond = g_new (double, rounds);
  guint n = 0;

  program->out_path = out;
  for (guint r = 0; r < rounds; r++)
    {
      double whole = run_program (program);
      double run = printed_wall_s (out);

      if (whole > 0 && run > 0)
        beyond[n++] = whole - run;
    }
  program->out_path = NULL;
  g_unlink (out);
  g_rmdir (dir);
  if (n > 0)
    g_test_message ("beyond the run's own wall time (start-up, summary, tear-down): %.0f ms "
                    "(median of %u)", 1000 * px_test_median (beyond, n), n);
}

static void
bench_whole_threads (void)
{
  g_autofree char *path = profile ();
  g_autofree char *bare_path = g_test_build_filename (G_TEST_BUILT, "bench-bare-pool", NULL);
  Program ours = { { parallax (), "run", path, "-q", "--task-ms=0", "--tasks=1000000",
                     "--workers=2", "--executor=threads", NULL } };
  Program bare = { { bare_path, "1000000", NULL } };
  PxBenchSubject subjects[] = {
    { "parallax, 2 threads", run_program, &ours },
    { "bare GThreadPool", run_program, &bare },
  };

  px_bench_interleave (subjects, G_N_ELEMENTS (subjects), ROUNDS);
  judge ("1 M empty tasks, 2 threads, whole process (bare GThreadPool / ours)", &subjects[0],
         &subjects[1], 0.9, seconds);
  beyond_the_run (&ours, 3);
}

static void
bench_whole_processes (void)
{
  g_autofree char *path = profile ();
  Program chunked = { { parallax (), "run", path, "-q", "--task-ms=0", "--tasks=1000000",
                        "--workers=2", "--executor=processes", "--chunk-size=5000", NULL } };
  Program automatic = { { parallax (), "run", path, "-q", "--task-ms=0", "--tasks=1000000",
                          "--workers=2", "--executor=processes", "--chunk-size=auto", NULL } };
  Program python = { { "python3", "-c", python_pool, NULL } };
  PxBenchSubject subjects[] = {
    { "parallax, 2 processes, chunk-size 5000", run_program, &chunked },
    { "python3 Pool(2).map", run_program, &python },
    { "parallax, 2 processes, chunk-size auto", run_program, &automatic },
  };

  if (!have_python ())
    {
      g_test_skip ("python3 is not installed: no Pool.map to measure against");
      return;
    }
  px_bench_interleave (subjects, G_N_ELEMENTS (subjects), ROUNDS);
  judge ("1 M empty tasks, 2 processes, chunk-size 5000, whole process (Pool.map / ours)",
         &subjects[0], &subjects[1], 1.2, seconds);
  judge ("1 M empty tasks, 2 processes, chunk-size auto, whole process (Pool.map / ours)",
         &subjects[2], &subjects[1], 1.2, seconds);
  beyond_the_run (&chunked, 3);
}

static void
bench_start_up (void)
{
  g_autofree char *path = profile ();
  Program one = { { parallax (), "run", path, "-q", "--task-ms=0", "--tasks=1", NULL } };
  Program python = { { "python3", "-c", "import multiprocessing", NULL } };
  PxBenchSubject subjects[] = {
    { "parallax, one task", run_program, &one },
    { "python3 -c 'import multiprocessing'", run_program, &python },
  };

  if (!have_python ())
    {
      g_test_skip ("python3 is not installed: no start-up to measure against");
      return;
    }
  px_bench_interleave (subjects, G_N_ELEMENTS (subjects), ROUNDS);
  judge ("start-up, one task, whole process (import multiprocessing / ours)", &subjects[0],
         &subjects[1], 1.0, seconds);
}

static void
bench_peak_memory (void)
{
  g_autofree char *path = profile ();
  g_autofree char *dir = px_test_make_dir ("bench-process");
  g_autofree char *report = g_build_filename (dir, "report.json", NULL);
  Program ours = { { parallax (), "run", path, "-q", "--task-ms=0", "--tasks=1000000",
                     "--workers=2", "--executor=threads", "-o", report, NULL } };
  Program python = { { "python3", "-c", python_pool, NULL } };
  PxBenchSubject subjects[] = {
    { "parallax, 2 threads, JSON report", rss_of, &ours },
    { "python3 Pool(2).map", rss_of, &python },
  };

  if (!have_python ())
    {
      g_test_skip ("python3 is not installed: no Pool.map to measure against");
      return;
    }
  px_bench_interleave (subjects, G_N_ELEMENTS (subjects), 3);
  judge ("peak RSS, 1 M tasks and a JSON report (Pool.map / ours)", &subjects[0], &subjects[1],
         1.0, megabytes);
  px_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/px/bench/whole/start-up", bench_start_up);
  g_test_add_func ("/px/bench/whole/threads", bench_whole_threads);
  g_test_add_func ("/px/bench/whole/processes", bench_whole_processes);
  g_test_add_func ("/px/bench/whole/peak-memory", bench_peak_memory);

  return g_test_run ();
}
