/* test-slurm.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Worker processes as Slurm job steps (launcher=srun), on a real
 * single-node Slurm the test starts itself: munged with a generated key,
 * slurmctld and slurmd from a slurm.conf in a temporary folder (this
 * machine the only node, ports of their own, state and spool in the
 * folder), in the foreground as daemons of the test's (they end with it,
 * however it ends), all stopped at the end. Slurm's daemons need root;
 * elsewhere the test says so and is skipped.
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "px-profile.h"
#include "px-report.h"
#include "px-sampler.h"
#include "px-test-helpers.h"
#include "px-test-sshd.h"


static char *dir;
static char *conf;
/* munged, slurmctld, slurmd: daemons of this test's, in the foreground. */
static int daemons[3];

/* Starts munged, slurmctld and slurmd; FALSE (skipped, saying why) where
 * they cannot run. */
static gboolean
start_slurm (void)
{
  static const char * const programs[] = {
    "/usr/sbin/munged", "/usr/sbin/slurmctld", "/usr/sbin/slurmd", "srun", "salloc", "sinfo",
  };
  g_autofree char *key = NULL;
  g_autofree char *text = NULL;
  guint8 bytes[1024];
  char host[256];
  gint64 deadline;

  if (conf != NULL)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (programs); i++)
    {
      g_autofree char *found = g_find_program_in_path (programs[i]);

      if (found == NULL)
        {
          g_test_skip ("needs Slurm (Debian's slurmctld, slurmd, slurm-client and munge; "
                       "build-aux/dev test installs them)");
          return FALSE;
        }
    }
  if (geteuid () != 0)
    {
      g_test_skip ("Slurm's daemons run as root here");
      return FALSE;
    }

  dir = px_test_make_dir ("px-slurm");
  for (const char *sub = "munge"; sub != NULL;
       sub = g_str_equal (sub, "munge") ? "state" : g_str_equal (sub, "state") ? "spool" : NULL)
    {
      g_autofree char *path = g_build_filename (dir, sub, NULL);

      g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
    }
  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8)g_random_int ();
  key = g_build_filename (dir, "munge", "munge.key", NULL);
  g_assert_true (g_file_set_contents (key, (const char *)bytes, sizeof bytes, NULL));
  g_assert_cmpint (g_chmod (key, 0600), ==, 0);
  {
    g_autofree char *key_file = g_strdup_printf ("--key-file=%s", key);
    g_autofree char *socket = g_strdup_printf ("--socket=%s/munge/munge.sock", dir);
    g_autofree char *pid_file = g_strdup_printf ("--pid-file=%s/munged.pid", dir);
    g_autofree char *log_file = g_strdup_printf ("--log-file=%s/munged.log", dir);
    g_autofree char *seed_file = g_strdup_printf ("--seed-file=%s/munge/seed", dir);
    g_autofree char *socket_path = g_strdup_printf ("%s/munge/munge.sock", dir);
    const char *argv[] = { "/usr/sbin/munged", "--foreground", "--force", key_file, socket,
                           pid_file, log_file, seed_file, NULL };

    daemons[0] = px_test_spawn_daemon (argv);
    /* Slurm's daemons ask munged from the start. */
    deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
    while (!g_file_test (socket_path, G_FILE_TEST_EXISTS))
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_usleep (20000);
      }
  }

  g_assert_cmpint (gethostname (host, sizeof host), ==, 0);
  host[sizeof host - 1] = '\0';
  if (strchr (host, '.') != NULL)
    *strchr (host, '.') = '\0';
  text = g_strdup_printf ("ClusterName=pxtest\nSlurmctldHost=%s\nSlurmctldPort=%u\n"
                          "SlurmdPort=%u\nAuthType=auth/munge\n"
                          "AuthInfo=socket=%s/munge/munge.sock\nCredType=cred/munge\n"
                          "ProctrackType=proctrack/linuxproc\nTaskPlugin=task/none\n"
                          "JobAcctGatherType=jobacct_gather/none\n"
                          "SelectType=select/cons_tres\nSelectTypeParameters=CR_CPU\n"
                          "StateSaveLocation=%s/state\nSlurmdSpoolDir=%s/spool\n"
                          "SlurmctldPidFile=%s/slurmctld.pid\nSlurmdPidFile=%s/slurmd.pid\n"
                          "SlurmctldLogFile=%s/slurmctld.log\nSlurmdLogFile=%s/slurmd.log\n"
                          "SlurmUser=root\nReturnToService=2\nMpiDefault=none\n"
                          "NodeName=%s CPUs=%u State=UNKNOWN\n"
                          "PartitionName=debug Nodes=%s Default=YES MaxTime=INFINITE "
                          "State=UP\n",
                          host, px_test_free_port (), px_test_free_port (), dir, dir, dir, dir,
                          dir, dir, dir, host, g_get_num_processors (), host);
  conf = g_build_filename (dir, "slurm.conf", NULL);
  g_assert_true (g_file_set_contents (conf, text, -1, NULL));
  /* srun, salloc and sinfo, here and in the runs, read this one. */
  g_setenv ("SLURM_CONF", conf, TRUE);

  {
    const char *ctld[] = { "/usr/sbin/slurmctld", "-D", "-f", conf, NULL };
    const char *d[] = { "/usr/sbin/slurmd", "-D", "-f", conf, NULL };

    daemons[1] = px_test_spawn_daemon (ctld);
    daemons[2] = px_test_spawn_daemon (d);
  }

  /* Ready when the node is idle. */
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  for (;;)
    {
      g_autofree char *out = NULL;
      int status = 0;

      if (g_spawn_command_line_sync ("sinfo -h -o %T", &out, NULL, &status, NULL) &&
          g_spawn_check_wait_status (status, NULL) && out != NULL && strstr (out, "idle"))
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (200000);
    }
  g_test_message ("Slurm up: %s", conf);
  return TRUE;
}

static void
stop_slurm (void)
{
  if (conf == NULL)
    return;
  for (int i = G_N_ELEMENTS (daemons) - 1; i >= 0; i--)
    px_test_stop_daemon (daemons[i]);
  px_test_remove_dir (dir);
  g_clear_pointer (&dir, g_free);
  g_clear_pointer (&conf, g_free);
}

/* Two workers as job steps run a workload as workers here do: every task
 * done, each worker some, elsewhere by their pids, with the CPU, memory
 * and state their beats tell. */
/* Each step said which node it ran on (the only node: this machine, by
 * the name it gives itself), and the reports keep it. */
static void
check_nodes (PxRun *run)
{
  g_autofree char *out = px_test_make_dir ("px-slurm-report");
  g_autofree char *json = g_build_filename (out, "run.json", NULL);
  g_autofree char *md = g_build_filename (out, "run.md", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PxRun) loaded = NULL;
  g_autoptr(PxSampler) sampler = NULL;

  g_assert_true (px_report_write (run, NULL, NULL, PX_REPORT_JSON, json, &error));
  g_assert_no_error (error);
  g_assert_true (px_report_write (run, NULL, NULL, PX_REPORT_MARKDOWN, md, &error));
  g_assert_no_error (error);
  g_assert_true (px_report_read (json, &loaded, &sampler, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (md, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "| host |"));
  for (guint w = 0; w < 2; w++)
    {
      g_autofree char *node = px_run_dup_worker_node (run, w);
      g_autofree char *host = px_run_dup_worker_host (run, w);
      g_autofree char *node_read = px_run_dup_worker_node (loaded, w);
      g_autofree char *host_read = px_run_dup_worker_host (loaded, w);
      g_autofree char *cell = g_strdup_printf ("| %s (clock ", g_get_host_name ());
      PxWorkerSnapshot s;

      g_assert_cmpstr (node, ==, g_get_host_name ());
      g_assert_cmpstr (host, ==, node);
      g_assert_cmpstr (node_read, ==, node);
      g_assert_cmpstr (host_read, ==, node);
      g_assert_nonnull (strstr (text, cell));
      px_run_get_worker (loaded, w, &s);
      g_assert_true (s.elsewhere);
    }
  px_test_remove_dir (out);
}

static void
test_srun_run (void)
{
  g_autoptr(PxRun) run = NULL;
  g_autoptr(PxSampler) sampler = NULL;
  PxRunCounters c;
  PxSpec spec;

  if (!start_slurm ())
    return;
  px_test_spec (&spec, PX_EXECUTOR_PROCESSES, PX_KIND_CPU, 2, 600, 8);
  spec.launcher = PX_LAUNCHER_SRUN;
  /* Tasks of 8 ms arrive at 400 a second, more than two workers can
   * take: a queue builds, and both steps, however slowly Slurm starts
   * them, find tasks waiting. (A lighter stream would go to worker 0
   * first, and worker 1 might get none.) */
  spec.arrival = PX_ARRIVAL_RATE;
  spec.rate = 400;
  run = px_run_new (&spec);
  px_spec_clear (&spec);
  px_run_execute_async (run, NULL, NULL, NULL);
  px_test_wait (run);

  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.done, ==, 600);
  g_assert_cmpuint (c.workers_lost, ==, 0);
  for (guint w = 0; w < 2; w++)
    {
      PxWorkerSnapshot s;

      px_run_get_worker (run, w, &s);
      g_test_message ("worker %u: pid %d, %" G_GUINT64_FORMAT " tasks, %.0f ms of CPU", w,
                      s.pid, s.tasks_done, s.cpu_ns / 1e6);
      g_assert_true (s.elsewhere);
      g_assert_cmpint (s.pid, >, 0);
      g_assert_cmpuint (s.tasks_done, >, 0);
      g_assert_cmpuint (s.cpu_ns, >, 0);
    }
  px_test_assert_all_accounted (run, NULL);
  check_nodes (run);

  /* The sampler's hosts: the node, as the steps said it. */
  sampler = px_sampler_new (run);
  px_sampler_sample (sampler);
  g_assert_cmpuint (px_sampler_get_n_places (sampler), ==, 1);
  g_assert_cmpstr (px_sampler_get_place_name (sampler, 0), ==, g_get_host_name ());
  for (guint w = 0; w < 2; w++)
    g_assert_cmpuint (px_sampler_get_worker_place (sampler, w), ==, 0);
}

/* A command's jobs as job steps: each one's output as it wrote it, its
 * exit status, its errors as it wrote them (none: the line of its
 * figures taken off, and srun saying nothing of its own), its CPU time
 * its own as the step's worker counted it (300 ms of parallax-worker
 * --spin-us), not srun's; the joblog's Host is the node. */
static void
test_srun_jobs (void)
{
  g_autoptr(PxRun) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *worker = px_find_worker_binary ();
  g_autofree char *command = NULL;
  g_autofree char *out = px_test_make_dir ("px-slurm-jobs");
  g_autofree char *text = NULL;
  const PxJobRecord *jobs;
  PxSpec spec;
  guint n;

  if (!start_slurm ())
    return;
  command = g_strdup_printf ("sh -c '%s --spin-us=300000; echo {}; exit $(( {} %% 2 ))'",
                             worker);
  px_test_spec (&spec, PX_EXECUTOR_THREADS, PX_KIND_COMMAND, 2, 1, 0);
  spec.launcher = PX_LAUNCHER_SRUN;
  px_test_set_text (&spec.command, command);
  px_test_set_text (&spec.inputs, "1..4");
  px_test_set_text (&spec.results, out);
  run = px_run_new (&spec);
  px_spec_clear (&spec);
  px_run_execute (run, NULL);

  jobs = px_run_get_job_records (run, &n);
  g_assert_cmpuint (n, ==, 4);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/%u/stdout", out, i + 1);
      g_autofree char *want = g_strdup_printf ("%u\n", i + 1);
      g_autofree char *got = NULL;
      gint64 cpu = jobs[i].user_us + jobs[i].system_us;

      g_test_message ("job %u: exit %d, pid %d, %.1f ms of CPU", i + 1, jobs[i].exit_status,
                      jobs[i].pid, cpu / 1e3);
      g_assert_true (g_file_get_contents (path, &got, NULL, NULL));
      g_assert_cmpstr (got, ==, want);
      /* The step's figures taken off its errors, and srun quiet. */
      g_free (path);
      g_free (got);
      path = g_strdup_printf ("%s/%u/stderr", out, i + 1);
      g_assert_true (g_file_get_contents (path, &got, NULL, NULL));
      g_assert_cmpstr (got, ==, "");
      g_assert_cmpint (jobs[i].exit_status, ==, (i + 1) % 2);
      g_assert_cmpint (cpu, >=, 300000);
      /* Its start-up besides, slower under sanitizers; not srun's too. */
      g_assert_cmpint (cpu, <=, 300000 + 150000 * PX_TEST_SLACK);
    }
  text = px_test_joblog_text (run);
  g_assert_nonnull (strstr (text, g_get_host_name ()));
  px_test_remove_dir (out);
}

/* The command line inside an allocation (salloc): its workers are steps
 * of that job. */
static void
test_srun_in_allocation (void)
{
  g_autofree char *profile = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!start_slurm ())
    return;
  profile = g_build_filename (dir, "p.ini", NULL);
  g_assert_true (g_file_set_contents (profile, "[Profile]\nversion=1\nname=s\n[Workload]\n"
                                      "executor=processes\nlauncher=srun\nworkers=2\n"
                                      "kind=sleep\ntasks=40\ntask-ms=20\n", -1, NULL));
  {
    const char *argv[] = { "salloc", "--quiet", "--ntasks=2", g_getenv ("PARALLAX_TEST_BINARY"),
                           "run", profile, "-q", NULL };

    g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 &out, &err, &status, &error));
  }
  g_assert_no_error (error);
  g_test_message ("%s\n%s", out, err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "Tasks done                40"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  signal (SIGPIPE, SIG_IGN);

  g_test_add_func ("/px/slurm/srun", test_srun_run);
  g_test_add_func ("/px/slurm/in-allocation", test_srun_in_allocation);
  g_test_add_func ("/px/slurm/jobs", test_srun_jobs);

  status = g_test_run ();
  stop_slurm ();
  return status;
}
