/* test-proc-file.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The stat line as the kernel writes it, read by px_proc_stat_parse():
 * checked against what the kernel says otherwise (a thread's own name
 * and CPU clock, the process's threads), and against lines that are not
 * stat lines.
 */

#include "config.h"

#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include "px-proc-file.h"
#include "px-test-helpers.h"

typedef struct
{
  GMutex   mutex;
  GCond    cond;
  gboolean go;
  int      tid;
} Sleeper;

static gpointer
sleeper (gpointer data)
{
  Sleeper *s = data;

  g_mutex_lock (&s->mutex);
  s->tid = gettid ();
  g_cond_broadcast (&s->cond);
  while (!s->go)
    g_cond_wait (&s->cond, &s->mutex);
  g_mutex_unlock (&s->mutex);
  return NULL;
}

static guint64
process_cpu_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (guint64)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

/* A name with spaces and parentheses, the CPU time, the threads and the
 * start of this very process, as the kernel writes them. */
static void
test_proc_stat_self (void)
{
  Sleeper s = { .tid = 0 };
  GThread *threads[3];
  guint64 ns_per_tick = 1000000000u / sysconf (_SC_CLK_TCK);
  guint64 before, after, ticks_ns, boot_ns;
  char name[16];
  char buf[1024];
  struct timespec ts;
  PxProcStat st;
  volatile guint64 x = 0;
  int fd;

  g_mutex_init (&s.mutex);
  g_cond_init (&s.cond);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("sleeper", sleeper, &s);

  /* A thread's name, up to 15 bytes, as prctl set it. */
  g_mutex_lock (&s.mutex);
  while (s.tid == 0)
    g_cond_wait (&s.cond, &s.mutex);
  g_mutex_unlock (&s.mutex);
  g_assert_cmpint (prctl (PR_SET_NAME, "a) (b) c ) d"), ==, 0);
  g_assert_true (px_proc_read (buf, sizeof buf, "/proc/self/task/%d/stat", gettid ()));
  g_assert_true (px_proc_stat_parse (buf, &st));
  g_assert_cmpuint (px_proc_stat_copy_name (&st, name, sizeof name), ==, 12);
  g_assert_cmpstr (name, ==, "a) (b) c ) d");
  g_assert_cmpuint (px_proc_stat_copy_name (&st, name, 4), ==, 3);
  g_assert_cmpstr (name, ==, "a) ");
  /* The thread reading is running. */
  g_assert_cmpint (st.state, ==, 'R');

  /* A sleeping thread's state, once it waits (it may still be on its
   * way into the wait when it has told its id). */
  px_test_wait_asleep (s.tid);
  g_assert_true (px_proc_read (buf, sizeof buf, "/proc/self/task/%d/stat", s.tid));
  g_assert_true (px_proc_stat_parse (buf, &st));
  g_assert_cmpint (st.state, ==, 'S');

  /* The process: its threads, its CPU time (user and system in whole
   * ticks, each rounded down, so up to two ticks short of its clock),
   * and its start, in ticks since boot, before now. Some CPU time first,
   * so that the figures are not all zero. */
  for (guint64 i = 0; i < 20000000; i++)
    x += i;
  fd = px_proc_open ("/proc/%d/stat", getpid ());
  g_assert_cmpint (fd, >=, 0);
  before = process_cpu_ns ();
  g_assert_true (px_proc_pread (fd, buf, sizeof buf));
  after = process_cpu_ns ();
  g_assert_true (px_proc_stat_parse (buf, &st));
  g_assert_cmpuint (st.num_threads, ==, 1 + G_N_ELEMENTS (threads));
  ticks_ns = (st.utime + st.stime) * ns_per_tick;
  g_test_message ("process CPU %" G_GUINT64_FORMAT " ns by its clock, %" G_GUINT64_FORMAT
                  " ns in stat (%" G_GUINT64_FORMAT " + %" G_GUINT64_FORMAT " ticks)",
                  before, ticks_ns, st.utime, st.stime);
  g_assert_cmpuint (ticks_ns, <=, after);
  g_assert_cmpuint (ticks_ns + 2 * ns_per_tick, >, before);
  g_assert_cmpuint (st.rss, >, 0);
  clock_gettime (CLOCK_BOOTTIME, &ts);
  boot_ns = (guint64)ts.tv_sec * 1000000000u + ts.tv_nsec;
  g_assert_cmpuint (st.starttime, >, 0);
  g_assert_cmpuint (st.starttime * ns_per_tick, <=, boot_ns);

  /* Read again from its start, the same file says the same. */
  g_assert_true (px_proc_pread (fd, buf, sizeof buf));
  g_assert_true (px_proc_stat_parse (buf, &st));
  g_assert_cmpuint (st.num_threads, ==, 1 + G_N_ELEMENTS (threads));
  px_proc_close (&fd);
  g_assert_cmpint (fd, ==, -1);
  px_proc_close (&fd);
  g_assert_false (px_proc_pread (fd, buf, sizeof buf));

  g_mutex_lock (&s.mutex);
  s.go = TRUE;
  g_cond_broadcast (&s.cond);
  g_mutex_unlock (&s.mutex);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  g_mutex_clear (&s.mutex);
  g_cond_clear (&s.cond);
}

/* Lines that are not stat lines are refused, whatever they hold. */
static void
test_proc_stat_refused (void)
{
  static const char *const refused[] = {
    "",
    "1234",
    "1234 (name",
    "1234 name) S 1",
    "1234 )name( S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21",
    "1234 (name)",
    "1234 (name) ",
    "1234 (name)S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21",
    "1234 (name)  1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21",
    /* Cut short: 20 of the 21 numbers after the state. */
    "1234 (name) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20",
    "1234 (name) S 1 2 3 4 5 6 7 8 9 10 11 x 13 14 15 16 17 18 19 20 21",
  };
  PxProcStat st;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_test_message ("refused: \"%s\"", refused[i]);
      g_assert_false (px_proc_stat_parse (refused[i], &st));
    }

  /* The shortest line taken, and what each field is: fields 14 to 17,
   * 20, 22 and 24; a negative figure is read as none. */
  g_assert_true (px_proc_stat_parse ("7 (x) Z 1 2 3 4 5 6 7 8 9 10 11 12 -13 14 15 16 17 18 19 20 "
                                     "21\n", &st));
  g_assert_cmpuint (st.name_len, ==, 1);
  g_assert_cmpint (st.name[0], ==, 'x');
  g_assert_cmpint (st.state, ==, 'Z');
  g_assert_cmpuint (st.utime, ==, 11);
  g_assert_cmpuint (st.stime, ==, 12);
  g_assert_cmpuint (st.cutime, ==, 0);
  g_assert_cmpuint (st.cstime, ==, 14);
  g_assert_cmpuint (st.num_threads, ==, 17);
  g_assert_cmpuint (st.starttime, ==, 19);
  g_assert_cmpuint (st.rss, ==, 21);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/proc-file/stat/self", test_proc_stat_self);
  g_test_add_func ("/proc-file/stat/refused", test_proc_stat_refused);
  return g_test_run ();
}
