/* px-worker-beat.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A worker process's heartbeat: a timer signal, every
 * PX_WORKER_HEARTBEAT_US, that stamps the time and the process's
 * resident memory into its live slot, so that a stopped worker (SIGSTOP,
 * a debugger) goes quiet. A worker on this machine shares the slot with
 * its parent. One on another host (parallax-worker --stdio) has the slot
 * to itself, and the beat writes it to the parent as a LIVE frame, with
 * the process's CPU time: the parent's memory and /proc do not reach it.
 * Such a worker ends at the beat that finds its input closed or its
 * output gone, in the middle of a task if need be: nothing is left
 * running on its host once the run is cancelled or its parent is gone.
 *
 * It beats from a timer signal rather than a thread of its own: a second
 * thread would put the whole process (malloc, stdio) on glibc's slower
 * multi-threaded paths and halve how fast it runs short tasks.
 * Interrupted system calls restart (SA_RESTART) or are retried where
 * they cannot. The worker holds the beat (_px_worker_beat_hold()) while
 * it writes frames itself, so that a LIVE frame never lands inside one.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "px-protocol.h"
#include "px-worker.h"
#include "px-worker-private.h"

/* The signal handler's only state. */
static PxWorkerLive *beat_live;
static int beat_statm_fd = -1;
static guint64 beat_page_size;
static int beat_out_fd = -1;
static int beat_in_fd = -1;
static gboolean beating;
/* The live slot as last read whole: a beat that interrupts the worker in
 * the middle of updating it sends this instead. */
static PxWorkerLive beat_copy;

#define LIVE_BODY (5 * 8 + 2 * 4 + 8 + PX_WORKER_N_STATES * 8)

static gint64
clock_us (clockid_t clock)
{
  struct timespec ts;

  if (clock_gettime (clock, &ts) != 0)
    return 0;
  return (gint64)ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static guint8 *
put64 (guint8  *p,
       guint64  v)
{
  memcpy (p, &v, sizeof v);
  return p + sizeof v;
}

static guint8 *
put32 (guint8  *p,
       guint32  v)
{
  memcpy (p, &v, sizeof v);
  return p + sizeof v;
}

/* Async-signal-safe: clock reads, a pread and a write, atomic loads and
 * stores, memcpy. */
static void
send_live (gint64 now)
{
  guint8 frame[PX_FRAME_HEADER + LIVE_BODY] = { 0 };
  guint8 *p = frame;
  guint32 seq = __atomic_load_n (&beat_live->seq, __ATOMIC_ACQUIRE);
  struct timespec cpu;
  gsize done = 0;

  /* The worker writes its slot with a sequence lock; interrupted in
   * the middle (an odd count), the last whole copy goes. */
  if ((seq & 1) == 0)
    memcpy (&beat_copy, beat_live, sizeof beat_copy);
  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &cpu);

  p = put32 (p, LIVE_BODY);
  *p = PX_MSG_LIVE;
  p += 4;
  p = put64 (p, (guint64)now);
  p = put64 (p, (guint64)cpu.tv_sec * 1000000000u + (guint64)cpu.tv_nsec);
  p = put64 (p, __atomic_load_n (&beat_live->rss_bytes, __ATOMIC_RELAXED));
  p = put64 (p, __atomic_load_n (&beat_live->started, __ATOMIC_RELAXED));
  p = put64 (p, (guint64)__atomic_load_n (&beat_live->task_start_us, __ATOMIC_ACQUIRE));
  p = put32 (p, beat_copy.state);
  p = put32 (p, 0);
  p = put64 (p, (guint64)beat_copy.phase_start_us);
  for (guint i = 0; i < PX_WORKER_N_STATES; i++)
    p = put64 (p, (guint64)beat_copy.time_us[i]);

  while (done < sizeof frame)
    {
      ssize_t n = write (beat_out_fd, frame + done, sizeof frame - done);

      if (n < 0 && errno == EINTR)
        continue;
      /* Its parent is gone (cancelled, killed, its host's connection
       * lost): nothing it does can reach anyone. */
      if (n <= 0)
        _exit (0);
      done += (gsize)n;
    }
}

static void
beat_cb (int signum)
{
  int saved = errno;
  gint64 now = clock_us (CLOCK_MONOTONIC);
  char buf[128];
  ssize_t n;

  if (now > 0)
    __atomic_store_n (&beat_live->heartbeat_us, now, __ATOMIC_RELEASE);
  /* The second number of /proc/self/statm: resident pages. */
  if (beat_statm_fd >= 0 && (n = pread (beat_statm_fd, buf, sizeof buf - 1, 0)) > 0)
    {
      guint64 pages = 0;
      ssize_t i = 0;

      while (i < n && buf[i] != ' ')
        i++;
      for (i++; i < n && buf[i] >= '0' && buf[i] <= '9'; i++)
        pages = pages * 10 + (guint64)(buf[i] - '0');
      if (pages > 0)
        __atomic_store_n (&beat_live->rss_bytes, pages * beat_page_size, __ATOMIC_RELAXED);
    }
  if (beat_out_fd >= 0)
    {
      struct pollfd in = { beat_in_fd, POLLIN, 0 };

      /* Its input closed, in the middle of a task maybe: the run was
       * cancelled or its parent is gone; it ends now, not after the
       * task, so that nothing is left running on its host. */
      if (beat_in_fd >= 0 && poll (&in, 1, 0) > 0 && (in.revents & (POLLHUP | POLLERR)) != 0)
        _exit (0);
      send_live (now);
    }
  errno = saved;
}

/* Starts beating into @live; with @out_fd >= 0, also as LIVE frames
 * written there, ending the process once @in_fd closes. Returns whether
 * the timer runs. */
gboolean
_px_worker_beat_start (PxWorkerLive *live,
                       int           in_fd,
                       int           out_fd)
{
  struct sigaction action = { 0 };
  struct itimerval every = { { 0, PX_WORKER_HEARTBEAT_US }, { 0, PX_WORKER_HEARTBEAT_US } };

  beat_live = live;
  beat_in_fd = in_fd;
  beat_out_fd = out_fd;
  beat_page_size = (guint64)sysconf (_SC_PAGESIZE);
  if (beat_statm_fd < 0)
    beat_statm_fd = open ("/proc/self/statm", O_RDONLY | O_CLOEXEC);
  beat_cb (SIGALRM);
  action.sa_handler = beat_cb;
  action.sa_flags = SA_RESTART;
  sigemptyset (&action.sa_mask);
  beating = sigaction (SIGALRM, &action, NULL) == 0 && setitimer (ITIMER_REAL, &every, NULL) == 0;
  return beating;
}

void
_px_worker_beat_stop (void)
{
  struct itimerval never = { { 0, 0 }, { 0, 0 } };

  if (!beating)
    return;
  setitimer (ITIMER_REAL, &never, NULL);
  signal (SIGALRM, SIG_IGN);
  beating = FALSE;
}

/* Holds the beat while the worker writes a frame of its own to the
 * parent (@hold TRUE), and lets it go again; only a beat that writes
 * frames needs it. */
void
_px_worker_beat_hold (gboolean hold)
{
  sigset_t set;

  if (!beating || beat_out_fd < 0)
    return;
  sigemptyset (&set);
  sigaddset (&set, SIGALRM);
  sigprocmask (hold ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}
