/* test-remote.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Worker processes on other hosts through ssh (launcher=ssh). The other
 * host is this one: the test starts a real sshd of its own on a free
 * port of 127.0.0.1, with a throwaway host key and user key, and stops
 * it at the end. What a remote worker reports is held against the
 * kernel's own accounting of its process, which loopback lets the test
 * read. Host lists and the profile's checks need no sshd.
 */

#include "config.h"

#include <math.h>
#include <signal.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "px-hosts.h"
#include "px-profile.h"
#include "px-report.h"
#include "px-sampler.h"
#include "px-test-helpers.h"
#include "px-test-sshd.h"

/* The test's own sshd, started by the first test that needs it. */
static PxTestSshd sshd;

static void
test_hosts_parse (void)
{
  static const struct
  {
    const char *text;
    guint       n;
    const char *described[3];
    guint       slots[3];
  } good[] = {
    { ":", 1, { ":" }, { 0 } },
    { "2/127.0.0.1:2222,2/:", 2, { "127.0.0.1:2222", ":" }, { 2, 2 } },
    { "alice@build-1.example.org 4/bob@node_2:22\n:", 3,
      { "alice@build-1.example.org", "bob@node_2:22", ":" }, { 0, 4, 0 } },
    { "[::1]:2200, ,1/[fe80::1]", 2, { "[::1]:2200", "[fe80::1]" }, { 0, 1 } },
  };
  static const struct
  {
    const char *text;
    const char *says;
  } bad[] = {
    { "", "no host is named" },
    { " , ", "no host is named" },
    { "0/host", "N/ takes a whole number" },
    { "x/host", "N/ takes a whole number" },
    { "host:0", "the port after ':'" },
    { "host:70000", "the port after ':'" },
    { "host:", "the port after ':'" },
    { "-oProxyCommand=evil", "cannot begin with '-'" },
    { "-l@host", "the user before @" },
    { "@host", "the user before @" },
    { "host;rm", "“;” cannot appear" },
    { "[::1", "closing ']'" },
    { "[zz]", "hexadecimal" },
    { "2/", "the host name is empty" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PxHostList) list = px_host_list_parse (good[i].text, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (list->n_hosts, ==, good[i].n);
      for (guint h = 0; h < list->n_hosts; h++)
        {
          g_autofree char *described = px_host_describe (&list->hosts[h]);

          g_assert_cmpstr (described, ==, good[i].described[h]);
          g_assert_cmpuint (list->hosts[h].slots, ==, good[i].slots[h]);
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PxHostList) list = px_host_list_parse (bad[i].text, &error);

      g_assert_null (list);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_test_message ("%s: %s", bad[i].text, error->message);
      g_assert_nonnull (strstr (error->message, bad[i].says));
      /* Each names what is accepted. */
      g_assert_nonnull (strstr (error->message, "[N/][user@]host[:port]"));
    }
}

/* Workers are dealt to the hosts in turn, as many as N/ allows. */
static void
test_hosts_assign (void)
{
  g_autoptr(PxHostList) list = px_host_list_parse ("1/a,b,2/:", NULL);
  g_autoptr(GError) error = NULL;
  guint host_of[6];
  const guint expected[6] = { 0, 1, 2, 1, 2, 1 };

  g_assert_true (px_host_list_assign (list, 6, host_of, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpuint (host_of[i], ==, expected[i]);

  g_clear_pointer (&list, px_host_list_free);
  list = px_host_list_parse ("2/a,1/:", NULL);
  g_assert_false (px_host_list_assign (list, 4, host_of, &error));
  g_assert_nonnull (strstr (error->message, "workers=4, but the hosts offer 3 worker slots"));
}

/* What cannot run on another host is refused before anything starts,
 * naming the key. */
static void
test_profile_checks (void)
{
  static const struct
  {
    const char *keys;
    const char *key;
    const char *says;
  } cases[] = {
    { "hosts=\nworkers=2", "hosts", "no host is named" },
    { "hosts=2/a:99999\nworkers=2", "hosts", "the port after ':'" },
    { "hosts=1/a,1/:\nworkers=3", "workers", "offer 2 worker slots" },
    { "hosts=a,:\nworkers=2\nkind=lock", "kind", "kind=lock needs what only this machine" },
    { "hosts=a,:\nworkers=2\nkind=net", "kind", "kind must be cpu, sleep" },
    { "hosts=a\nworkers=2\nssh=ssh 'unclosed", "ssh", "does not split" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("[Profile]\nversion=1\nname=t\n[Workload]\n"
                                               "executor=processes\nlauncher=ssh\n%s\n",
                                               cases[i].keys);
      g_autoptr(GError) error = NULL;
      g_autoptr(PxProfile) profile = px_profile_new_from_data (text, strlen (text), "remote.ini",
                                                                 &error);

      g_assert_null (profile);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, cases[i].key));
      g_assert_nonnull (strstr (error->message, cases[i].says));
    }

  /* With srun, every worker is elsewhere. */
  {
    static const char * const srun_cases[][3] = {
      { "kind=lock", "kind", "kind=lock needs what only this machine" },
      { "srun=srun 'unclosed", "srun", "does not split" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (srun_cases); i++)
      {
        g_autofree char *text = g_strdup_printf ("[Profile]\nversion=1\nname=t\n[Workload]\n"
                                                 "executor=processes\nlauncher=srun\n"
                                                 "workers=2\n%s\n", srun_cases[i][0]);
        g_autoptr(GError) error = NULL;
        g_autoptr(PxProfile) profile = px_profile_new_from_data (text, strlen (text), "s.ini",
                                                                 &error);

        g_assert_null (profile);
        g_test_message ("%s", error->message);
        g_assert_nonnull (strstr (error->message, srun_cases[i][1]));
        g_assert_nonnull (strstr (error->message, srun_cases[i][2]));
      }
  }

  /* Hosts start worker processes, not threads. */
  {
    const char *text = "[Profile]\nversion=1\nname=t\n[Workload]\nexecutor=threads\n"
                       "launcher=ssh\nhosts=a\nworkers=2\n";
    g_autoptr(GError) error = NULL;
    g_autoptr(PxProfile) profile = px_profile_new_from_data (text, strlen (text), "t.ini",
                                                             &error);

    g_assert_null (profile);
    g_assert_nonnull (strstr (error->message, "launcher: launcher=ssh"));
    g_assert_nonnull (strstr (error->message, "needs executor=processes"));
  }

  /* Only hosts of this machine: any kind, as a local run. */
  {
    g_autoptr(GError) error = NULL;
    const char *text = "[Profile]\nversion=1\nname=t\n[Workload]\nexecutor=processes\n"
                       "launcher=ssh\nhosts=:\nworkers=2\nkind=lock\n";
    g_autoptr(PxProfile) profile = px_profile_new_from_data (text, strlen (text), "local.ini",
                                                             &error);

    g_assert_no_error (error);
    g_assert_nonnull (profile);
  }
}

/* A run on @hosts; with @rate, its tasks arrive at that many a second. */
static PxRun *
new_remote_run (const char *hosts,
                PxTaskKind  kind,
                guint       workers,
                guint       tasks,
                double      task_ms,
                double      rate)
{
  PxSpec spec;
  PxRun *run;

  px_test_sshd_spec (&sshd, &spec, hosts, kind, workers, tasks, task_ms);
  if (rate > 0)
    {
      spec.arrival = PX_ARRIVAL_RATE;
      spec.rate = rate;
    }
  run = px_run_new (&spec);
  px_spec_clear (&spec);
  return run;
}

/* The kernel's count of a process's time on a CPU, in ns (its first
 * schedstat field), summed over its threads; 0 once it is gone. */
static guint64
kernel_cpu_ns (int pid)
{
  guint64 ns;

  return px_test_process_schedstat (pid, &ns, NULL) ? ns : 0;
}

/* The reports say where each worker ran, and a report read again too. */
static void
check_reports (PxRun      *run,
               PxSampler  *live,
               const char *hosts)
{
  g_autofree char *dir = px_test_make_dir ("px-remote-report");
  g_autofree char *json = g_build_filename (dir, "run.json", NULL);
  g_autofree char *md = g_build_filename (dir, "run.md", NULL);
  g_autofree char *text = NULL;
  g_autofree char *host = g_strdup_printf ("127.0.0.1:%u", sshd.port);
  g_autoptr(GError) error = NULL;
  g_autoptr(PxRun) loaded = NULL;
  g_autoptr(PxSampler) sampler = NULL;

  g_assert_true (px_report_write (run, live, NULL, PX_REPORT_JSON, json, &error));
  g_assert_no_error (error);
  g_assert_true (px_report_write (run, live, NULL, PX_REPORT_MARKDOWN, md, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (md, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "| host |"));
  g_assert_nonnull (strstr (text, host));

  g_assert_true (px_report_read (json, &loaded, &sampler, NULL, &error));
  g_assert_no_error (error);
  for (guint w = 0; w < 4; w++)
    {
      g_autofree char *was = px_run_dup_worker_host (run, w);
      g_autofree char *read = px_run_dup_worker_host (loaded, w);

      g_autofree char *node = px_run_dup_worker_node (run, w);
      g_autofree char *node_read = px_run_dup_worker_node (loaded, w);
      PxWorkerSnapshot s;

      g_assert_cmpstr (read, ==, w % 2 == 0 ? host : NULL);
      g_assert_cmpstr (read, ==, was);
      /* The hosts over ssh are this machine, under its own name. */
      g_assert_cmpstr (node, ==, w % 2 == 0 ? g_get_host_name () : NULL);
      g_assert_cmpstr (node_read, ==, node);
      px_run_get_worker (loaded, w, &s);
      g_assert_true (s.elsewhere == (w % 2 == 0));
      g_assert_cmpuint (px_sampler_get_worker_place (sampler, w), ==, w % 2);
    }

  /* Each host's throughput, read back from its tasks' ends at the
   * report's sample times over the windows the live sampler used, is
   * what was sampled live: over the run, the same tasks a second within
   * 15 % (a task that ended between two live readings is counted at the
   * later one; 1 % off here, and 6 to 18 % when the read back took
   * windows of exactly a second, the live readings being half a second
   * or more apart). */
  g_assert_cmpuint (px_sampler_get_n_places (sampler), ==, 2);
  g_assert_cmpstr (px_sampler_get_place_name (sampler, 0), ==, host);
  g_assert_null (px_sampler_get_place_name (sampler, 1));
  for (guint p = 0; p < 2; p++)
    {
      PxHistory *was = px_sampler_get_place_throughput (live, p);
      PxHistory *read = px_sampler_get_place_throughput (sampler, p);
      double sum_was = 0, sum_read = 0;

      g_assert_cmpuint (px_history_get_length (read), ==,
                        px_history_get_length (px_sampler_get_time (sampler)));
      for (guint k = 0; k < MIN (px_history_get_length (was), px_history_get_length (read)); k++)
        if (isfinite (px_history_get (was, k)) && isfinite (px_history_get (read, k)))
          {
            sum_was += px_history_get (was, k);
            sum_read += px_history_get (read, k);
          }
      g_test_message ("host %u: %.0f tasks/s summed over the samples live, %.0f read back", p,
                      sum_was, sum_read);
      g_assert_cmpfloat (sum_read, >, 0);
      g_assert_cmpfloat (fabs (sum_read - sum_was), <=, 0.15 * sum_was + 20);
    }
  px_test_remove_dir (dir);
}

/* The sampler's hosts: the list's two, in order, each worker on its own,
 * and at every sample their throughputs add up to the run's (each read
 * over the same window; the run's count and the workers' are read a
 * moment apart, so a few tasks may end between them). */
static void
check_places (PxSampler  *sampler,
              const char *hosts)
{
  g_autofree char *remote = g_strdup_printf ("127.0.0.1:%u", sshd.port);
  PxHistory *total = px_sampler_get_series (sampler, PX_SERIES_THROUGHPUT);
  double most[2] = { 0, 0 };
  guint compared = 0;

  g_assert_cmpuint (px_sampler_get_n_places (sampler), ==, 2);
  g_assert_cmpstr (px_sampler_get_place_name (sampler, 0), ==, remote);
  g_assert_null (px_sampler_get_place_name (sampler, 1));
  for (guint w = 0; w < 4; w++)
    g_assert_cmpuint (px_sampler_get_worker_place (sampler, w), ==, w % 2);
  for (guint k = 0; k < px_history_get_length (total); k++)
    {
      double all = px_history_get (total, k);
      double a = px_history_get (px_sampler_get_place_throughput (sampler, 0), k);
      double b = px_history_get (px_sampler_get_place_throughput (sampler, 1), k);

      g_assert_true (isfinite (all) == isfinite (a) && isfinite (a) == isfinite (b));
      if (!isfinite (all))
        continue;
      g_assert_cmpfloat (fabs (a + b - all), <=, 0.05 * all + 20);
      most[0] = MAX (most[0], a);
      most[1] = MAX (most[1], b);
      compared++;
    }
  g_test_message ("%u samples: the hosts' throughputs add up to the run's; at most %.0f and "
                  "%.0f tasks/s", compared, most[0], most[1]);
  g_assert_cmpuint (compared, >, 10);
  g_assert_cmpfloat (most[0], >, 0);
  g_assert_cmpfloat (most[1], >, 0);
}

/* Two workers through ssh and two here run a workload as a local run
 * does: every task done, each worker some, the ones over ssh with pids
 * of their host, and their CPU, memory and state as they report them
 * over the protocol. The CPU a remote worker is read to have used is
 * what the kernel counted for its process a beat earlier: between the
 * kernel's readings taken around that moment. */
static void
test_ssh_run (void)
{
  g_autoptr(PxRun) run = NULL;
  g_autoptr(PxSampler) sampler = NULL;
  g_autofree char *hosts = NULL;
  const guint tasks = 1500;
  guint checked = 0;
  double worst = 0;

  if (!px_test_sshd_start (&sshd))
    return;
  hosts = g_strdup_printf ("2/127.0.0.1:%u,2/:", sshd.port);
  /* Tasks of 8 ms arrive at 400 a second, 3.2 cores' worth on a machine
   * of two: a queue builds, and every worker, once up, finds tasks
   * waiting until about 6 s in, however long ssh takes to connect on a
   * busy machine. (A lighter stream would go to the idle worker of the
   * lowest index first, and another might get none.) */
  run = new_remote_run (hosts, PX_KIND_CPU, 4, tasks, 8, 400);
  sampler = px_sampler_new (run);
  px_run_execute_async (run, NULL, NULL, NULL);

  while (px_run_get_end_time (run) == 0)
    {
      px_sampler_sample (sampler);
      for (guint w = 0; w < 4; w += 2)
        {
          PxWorkerSnapshot s;
          guint64 before, after;
          gint64 t0;

          /* The kernel's count of the worker's CPU before and after the
           * reading; the reading is of a beat (0.1 s) ago, and within a
           * beat of that: from 0.25 s before on. */
          px_run_get_worker (run, w, &s);
          if (s.pid <= 0 || s.host < 0 || s.tasks_done == 0)
            continue;
          before = kernel_cpu_ns (s.pid);
          t0 = g_get_monotonic_time ();
          g_usleep (250000);
          px_run_get_worker (run, w, &s);
          after = kernel_cpu_ns (s.pid);
          if (after == 0 || px_run_get_end_time (run) != 0 ||
              g_get_monotonic_time () - t0 > 400000)
            continue;
          g_assert_cmpint (s.host, ==, 0);
          g_assert_cmpuint (s.rss_bytes, >, 1u << 20);
          /* The kernel's count lags by up to a scheduler tick. */
          worst = MAX (worst, (double)s.cpu_ns - (double)after);
          g_assert_cmpuint (s.cpu_ns, <=, after + 10000000);
          g_assert_cmpuint (s.cpu_ns + 10000000, >=, before);
          checked++;
        }
      g_usleep (20000);
    }
  px_test_wait (run);
  px_sampler_sample (sampler);
  check_places (sampler, hosts);
  g_test_message ("%u readings of remote workers' CPU checked against the kernel's; at most "
                  "%.1f ms past its later count", checked, worst / 1e6);
  g_assert_cmpuint (checked, >, 0);

  {
    PxRunCounters c;

    px_run_get_counters (run, &c);
    g_assert_cmpuint (c.done, ==, tasks);
    g_assert_cmpuint (c.failed, ==, 0);
    g_assert_cmpuint (c.workers_lost, ==, 0);
  }
  for (guint w = 0; w < 4; w++)
    {
      PxWorkerSnapshot s;

      px_run_get_worker (run, w, &s);
      g_test_message ("worker %u: host %d, pid %d, %" G_GUINT64_FORMAT " tasks, %.0f ms of CPU",
                      w, s.host, s.pid, s.tasks_done, s.cpu_ns / 1e6);
      g_assert_cmpint (s.host, ==, w % 2 == 0 ? 0 : -1);
      g_assert_cmpuint (s.tasks_done, >, 0);
      /* A computing worker's CPU, counted at its exit by itself. */
      g_assert_cmpuint (s.cpu_ns, >, 0);
      /* One clock on loopback: no offset beyond the round trip's error. */
      if (s.host >= 0)
        {
          g_test_message ("worker %u: clock %+" G_GINT64_FORMAT " us, give or take %"
                          G_GINT64_FORMAT " us", w, s.clock_offset_us, s.clock_error_us);
          g_assert_cmpint (s.clock_error_us, >, 0);
          g_assert_cmpint (ABS (s.clock_offset_us), <=, s.clock_error_us + 1);
        }
    }
  px_test_assert_all_accounted (run, NULL);
  check_reports (run, sampler, hosts);
}

/* A host that refuses: its workers are given up after three tries, the
 * others run every task, and the events say which host and why. */
static void
test_ssh_refused (void)
{
  g_autoptr(PxRun) run = NULL;
  g_autofree char *hosts = NULL;
  PxRunCounters c;

  if (!px_test_sshd_start (&sshd))
    return;
  hosts = g_strdup_printf ("1/127.0.0.1:%u,1/:", px_test_free_port ());
  run = new_remote_run (hosts, PX_KIND_SLEEP, 2, 40, 5, 0);
  px_run_execute_async (run, NULL, NULL, NULL);
  px_test_wait (run);

  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.done, ==, 40);
  g_assert_true (px_test_events_contain (run, "Connection refused"));
  g_assert_true (px_test_events_contain (run, "the run goes on without it"));
  px_test_assert_all_accounted (run, NULL);
}

/* A worker killed on its host: lost, its task tried again, a new one
 * started there through ssh, the run done. It is the only worker, so
 * the run waits for it however slowly ssh connects. */
static void
test_ssh_worker_killed (void)
{
  g_autoptr(PxRun) run = NULL;
  g_autofree char *hosts = NULL;
  PxWorkerSnapshot s;
  PxRunCounters c;
  PxSpec spec;

  if (!px_test_sshd_start (&sshd))
    return;
  hosts = g_strdup_printf ("127.0.0.1:%u", sshd.port);
  /* Sleeps of 200 ms: 3 s of run left when the worker is killed. */
  px_test_sshd_spec (&sshd, &spec, hosts, PX_KIND_SLEEP, 1, 20, 200);
  spec.retries = 1;
  run = px_run_new (&spec);
  px_spec_clear (&spec);
  px_run_execute_async (run, NULL, NULL, NULL);

  do
    {
      g_usleep (10000);
      px_run_get_worker (run, 0, &s);
    }
  while (s.tasks_done < 3 && px_run_get_end_time (run) == 0);
  g_assert_cmpint (s.host, ==, 0);
  g_assert_cmpint (s.pid, >, 0);
  g_assert_cmpint (kill (s.pid, SIGKILL), ==, 0);
  px_test_wait (run);

  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.done, ==, 20);
  g_assert_cmpuint (c.workers_lost, ==, 1);
  /* The task under way, if it held one (it is between two for a moment
   * now and then), fails with it and is tried again. */
  g_assert_true (px_test_events_contain (run, "on 127.0.0.1:"));
  if (px_test_events_contain (run, "while running 1 task"))
    g_assert_cmpuint (c.retried, ==, 1);
  else
    g_assert_cmpuint (c.retried, ==, 0);
  px_run_get_worker (run, 0, &s);
  g_assert_cmpuint (s.restarts, ==, 1);
  px_test_assert_all_accounted (run, NULL);
}

/* Cancelled while its remote worker is in the middle of a 30 s task:
 * ssh is ended, the worker sees its input close at its next beat and
 * ends too, nothing left running on its host. */
static void
test_ssh_cancel (void)
{
  g_autoptr(PxRun) run = NULL;
  g_autofree char *hosts = NULL;
  PxWorkerSnapshot s;
  gint64 deadline;
  PxSpec spec;

  if (!px_test_sshd_start (&sshd))
    return;
  hosts = g_strdup_printf ("127.0.0.1:%u", sshd.port);
  px_test_sshd_spec (&sshd, &spec, hosts, PX_KIND_SLEEP, 1, 4, 30000);
  run = px_run_new (&spec);
  px_spec_clear (&spec);
  px_run_execute_async (run, NULL, NULL, NULL);

  /* Until its beats say it is in its task. */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  do
    {
      g_usleep (20000);
      px_run_get_worker (run, 0, &s);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
  while (s.pid <= 0 || s.state != PX_WORKER_IO_WAIT);
  g_assert_cmpint (kill (s.pid, 0), ==, 0);

  px_run_cancel (run);
  px_test_wait (run);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (kill (s.pid, 0) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (10000);
    }
  px_test_assert_all_accounted (run, NULL);
}

/* A host whose clock is an hour ahead of this one's: the worker runs in
 * a time namespace of its own (unshare --time, which needs root), its
 * CLOCK_MONOTONIC 3600 s on. The offset is found within its error, and
 * its tasks' times land on this machine's clock, inside the run. */
static void
test_ssh_clock_offset (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *wrapper = NULL;
  g_autofree char *script = NULL;
  g_autofree char *hosts = NULL;
  g_autofree char *worker = px_find_worker_binary ();
  g_autoptr(PxRun) run = NULL;
  PxWorkerSnapshot s;
  PxRunCounters c;
  PxSpec spec;
  int status = 0;
  const gint64 shift_us = G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC;

  if (!px_test_sshd_start (&sshd))
    return;
  if (!g_spawn_command_line_sync ("unshare --time --monotonic=3600 true", NULL, NULL, &status,
                                  NULL) || !g_spawn_check_wait_status (status, NULL))
    {
      g_test_skip ("needs unshare --time (util-linux, Linux 5.6 or later, as root) to give "
                   "a worker a clock of its own");
      return;
    }
  dir = px_test_make_dir ("px-clock");
  wrapper = g_build_filename (dir, "shifted-worker", NULL);
  script = g_strdup_printf ("#!/bin/sh\nexec unshare --time --monotonic=3600 '%s' \"$@\"\n",
                            worker);
  g_assert_true (g_file_set_contents (wrapper, script, -1, NULL));
  g_assert_cmpint (g_chmod (wrapper, 0755), ==, 0);

  hosts = g_strdup_printf ("127.0.0.1:%u", sshd.port);
  px_test_sshd_spec (&sshd, &spec, hosts, PX_KIND_SLEEP, 1, 20, 10);
  px_test_set_text (&spec.remote_worker, wrapper);
  run = px_run_new (&spec);
  px_spec_clear (&spec);
  px_run_execute_async (run, NULL, NULL, NULL);
  px_test_wait (run);

  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.done, ==, 20);
  g_assert_cmpuint (c.workers_lost, ==, 0);
  px_run_get_worker (run, 0, &s);
  g_test_message ("clock %+" G_GINT64_FORMAT " us, give or take %" G_GINT64_FORMAT " us",
                  s.clock_offset_us, s.clock_error_us);
  g_assert_cmpint (ABS (s.clock_offset_us - shift_us), <=, s.clock_error_us + 1);
  /* Each task between its run's start and end, after it was queued. */
  {
    guint n;
    const PxTaskRecord *r = px_run_get_records (run, &n);

    for (guint i = 0; i < n; i++)
      {
        g_assert_cmpint (r[i].start_us, >=, px_run_get_start_time (run));
        g_assert_cmpint (r[i].end_us, <=, px_run_get_end_time (run));
      }
  }
  px_test_assert_all_accounted (run, NULL);
  px_test_remove_dir (dir);
}

/* When @worker worked, in seconds from @run's start: its first task's
 * start to its last task's end. */
static void
worker_window (PxRun  *run,
               guint   worker,
               double *from,
               double *until)
{
  guint n;
  const PxTaskRecord *r = px_run_get_records (run, &n);
  gint64 start = G_MAXINT64, end = 0;

  for (guint i = 0; i < n; i++)
    if (r[i].worker == worker)
      {
        start = MIN (start, r[i].start_us);
        end = MAX (end, r[i].end_us);
      }
  g_assert_cmpint (end, >, 0);
  *from = (start - px_run_get_start_time (run)) / 1e6;
  *until = (end - px_run_get_start_time (run)) / 1e6;
}

/* A duty cycle read over ssh as it is read here: a worker over ssh and
 * one here, each busy half of every 4 ms task, sampled at 100 ms. Over
 * the samples while both worked, each one's mean CPU is within 3 points
 * of the kernel's count of its process over the same samples, and so
 * is the difference between them: the remote worker, which reports its
 * own CPU a beat late over the pipe, reads what a local one reads, never
 * a nominal 50 % that a busy machine may not give. */
static void
test_ssh_duty_cycle (void)
{
  g_autoptr(PxRun) run = NULL;
  g_autoptr(PxSampler) sampler = NULL;
  g_autoptr(GArray) kernel = g_array_new (FALSE, TRUE, sizeof (guint64) * 2);
  g_autofree char *hosts = NULL;
  PxHistory *t;
  int pid[2] = { 0, 0 };
  double from = 0, until = G_MAXDOUBLE, read[2], counted[2];
  guint first = 0, last = 0;
  PxSpec spec;

  if (!px_test_sshd_start (&sshd))
    return;
  hosts = g_strdup_printf ("1/127.0.0.1:%u,1/:", sshd.port);
  /* 500 tasks a second for two workers that take 250 each: a queue
   * builds while ssh connects, and both work until it is empty. */
  px_test_sshd_spec (&sshd, &spec, hosts, PX_KIND_MIXED, 2, 3000, 4);
  spec.cpu_fraction = 0.5;
  spec.arrival = PX_ARRIVAL_RATE;
  spec.rate = 500;
  spec.interval_ms = 100;
  run = px_run_new (&spec);
  px_spec_clear (&spec);
  sampler = px_sampler_new (run);
  px_run_execute_async (run, NULL, NULL, NULL);

  /* The kernel's count of each worker's CPU, read at each sample. */
  while (px_run_get_end_time (run) == 0)
    {
      guint64 k[2] = { 0, 0 };

      px_sampler_sample (sampler);
      for (guint w = 0; w < 2; w++)
        {
          PxWorkerSnapshot s;

          px_run_get_worker (run, w, &s);
          if (pid[w] == 0 && s.pid > 0)
            pid[w] = s.pid;
          g_assert_true (s.pid == 0 || s.pid == pid[w]);
          k[w] = pid[w] > 0 ? kernel_cpu_ns (pid[w]) : 0;
        }
      g_array_append_val (kernel, k);
      g_usleep (100000);
    }
  px_test_wait (run);

  for (guint w = 0; w < 2; w++)
    {
      double a, b;

      worker_window (run, w, &a, &b);
      from = MAX (from, a);
      until = MIN (until, b);
    }
  t = px_sampler_get_time (sampler);
  for (guint i = 1; i < MIN (kernel->len, px_history_get_length (t)); i++)
    {
      const guint64 *k = &g_array_index (kernel, guint64, 2 * i);

      if (px_history_get (t, i - 1) < from || px_history_get (t, i) > until ||
          k[0] == 0 || k[1] == 0)
        continue;
      if (first == 0)
        first = i;
      last = i;
    }
  g_test_message ("both workers worked from %.2f s to %.2f s: samples %u to %u", from, until,
                  first, last);
  g_assert_cmpuint (first, >, 0);
  g_assert_cmpuint (last, >=, first + 10);
  for (guint w = 0; w < 2; w++)
    {
      PxHistory *cpu = px_sampler_get_worker_series (sampler, w, PX_WORKER_SERIES_CPU);
      double dt = px_history_get (t, last) - px_history_get (t, first - 1);
      double sum = 0;

      for (guint i = first; i <= last; i++)
        sum += px_history_get (cpu, i) * (px_history_get (t, i) - px_history_get (t, i - 1));
      read[w] = sum / dt;
      counted[w] = (g_array_index (kernel, guint64, 2 * last + w) -
                    g_array_index (kernel, guint64, 2 * (first - 1) + w)) / 1e9 / dt * 100;
      g_test_message ("worker %u (%s): %.1f %% read, %.1f %% by the kernel's count", w,
                      w == 0 ? "over ssh" : "here", read[w], counted[w]);
      g_assert_cmpfloat (fabs (read[w] - counted[w]), <=, 3);
    }
  g_assert_cmpfloat (fabs ((read[0] - read[1]) - (counted[0] - counted[1])), <=, 3);
  px_test_assert_all_accounted (run, NULL);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  /* Writes to workers whose ssh ended must fail, not kill the test. */
  signal (SIGPIPE, SIG_IGN);

  g_test_add_func ("/px/remote/hosts/parse", test_hosts_parse);
  g_test_add_func ("/px/remote/hosts/assign", test_hosts_assign);
  g_test_add_func ("/px/remote/profile-checks", test_profile_checks);
  g_test_add_func ("/px/remote/ssh/run", test_ssh_run);
  g_test_add_func ("/px/remote/ssh/refused", test_ssh_refused);
  g_test_add_func ("/px/remote/ssh/worker-killed", test_ssh_worker_killed);
  g_test_add_func ("/px/remote/ssh/clock-offset", test_ssh_clock_offset);
  g_test_add_func ("/px/remote/ssh/cancel", test_ssh_cancel);
  g_test_add_func ("/px/remote/ssh/duty-cycle", test_ssh_duty_cycle);

  status = g_test_run ();
  px_test_sshd_stop (&sshd);
  return status;
}
