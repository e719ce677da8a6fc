/* px-guard.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Before a run starts: what the profile asks of the machine (memory for
 * buffers, payloads, task records and sampled series; files in the
 * temporary folder; processes) against what the machine has (available
 * memory, the cgroup's limit, the address-space limit, free disk, the
 * process limit). A run that would exhaust them is refused with a message
 * naming the keys, instead of dying in an allocation half way through.
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "px-guard.h"
#include "px-kernels.h"
#include "px-run.h"
#include "px-run-private.h"
#include "px-sampler.h"

/* What a worker process holds before any task: code, GLib, its buffers. */
#define WORKER_PROCESS_BYTES (6u << 20)
/* Address space a thread reserves for its stack. */
#define THREAD_STACK_BYTES   (8u << 20)
/* A run is refused when it needs more than this share of what is free. */
#define SHARE_NUMERATOR      9
#define SHARE_DENOMINATOR    10

/* The @k largest task amounts (bytes, for memory and file-io), summed:
 * the most @k workers can hold at once, each sized by its largest task. */
static guint64
sum_of_largest (const PxSpec *spec,
                guint         k)
{
  g_autofree guint64 *heap = NULL;
  guint n = 0;
  guint64 sum = 0;

  k = MIN (k, spec->tasks);
  if (spec->jitter != PX_JITTER_EXPONENTIAL)
    {
      /* Without exponential jitter the largest task is known: the size,
       * or under 1.5 times it (uniform jitter). */
      guint64 size = spec->kind == PX_KIND_MEMORY ? spec->memory_bytes : spec->file_bytes;

      return (spec->jitter == PX_JITTER_UNIFORM ? size + size / 2 : size) * k;
    }

  /* A min-heap of the k largest seen. */
  heap = g_new (guint64, MAX (k, 1));
  for (guint32 id = 0; id < spec->tasks; id++)
    {
      guint64 v = px_task_amount (spec, 0, id);
      guint i;

      if (n < k)
        {
          i = n++;
          while (i > 0 && heap[(i - 1) / 2] > v)
            {
              heap[i] = heap[(i - 1) / 2];
              i = (i - 1) / 2;
            }
          heap[i] = v;
          continue;
        }
      if (k == 0 || v <= heap[0])
        continue;
      i = 0;
      for (;;)
        {
          guint l = 2 * i + 1, r = l + 1, m = i;
          guint64 mv = v;

          if (l < n && heap[l] < mv)
            {
              m = l;
              mv = heap[l];
            }
          if (r < n && heap[r] < mv)
            m = r;
          if (m == i)
            break;
          heap[i] = heap[m];
          i = m;
        }
      heap[i] = v;
    }

  for (guint i = 0; i < n; i++)
    sum += heap[i];
  return sum;
}

static char *
format_bytes (guint64 bytes)
{
  return g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);
}

/**
 * px_resources_estimate:
 * @spec: a workload
 * @estimate: (out caller-allocates): what it needs; clear it with
 *   px_resources_estimate_clear()
 *
 * Estimates the peak memory, disk and processes of a run of @spec. The
 * estimate errs on the high side only where the workload itself decides
 * (the largest tasks of a jittered kind all at once).
 */
void
px_resources_estimate (const PxSpec       *spec,
                       PxResourceEstimate *estimate)
{
  gboolean processes = spec->executor == PX_EXECUTOR_PROCESSES;
  g_autoptr(GString) detail = g_string_new (NULL);
  guint64 parent, per_worker = 0, workers_total = 0;
  guint64 records, series;

  memset (estimate, 0, sizeof *estimate);

  /* The rarer waits count too, though a run without them never touches
   * their memory. */
  records = (guint64)spec->tasks * (sizeof (PxTaskRecord) + sizeof (PxTaskWaits));
  series = (guint64)spec->history * sizeof (double) *
           (1 + PX_N_SERIES + (guint64)spec->workers * PX_N_WORKER_SERIES +
            g_get_num_processors ());
  parent = records + series;

  if (spec->kind == PX_KIND_MEMORY)
    {
      guint64 buffers = 2 * sum_of_largest (spec, spec->workers);
      g_autofree char *text = format_bytes (buffers);

      /* Translators: a part of the memory a run needs, then the keys that
       * decide it */
      g_string_append_printf (detail, _("%s for the buffers of kind=memory (workers=%u, "
                                        "memory-bytes=%u, jitter=%s)"),
                              text, spec->workers, spec->memory_bytes,
                              spec->jitter == PX_JITTER_EXPONENTIAL ? "exponential"
                              : spec->jitter == PX_JITTER_UNIFORM ? "uniform" : "none");
      if (processes)
        {
          workers_total += buffers;
          per_worker = MAX (per_worker, 2 * sum_of_largest (spec, 1));
        }
      else
        parent += buffers;
    }

  if (spec->payload_bytes > 0)
    {
      guint64 bytes;
      g_autofree char *text = NULL;

      if (processes)
        {
          /* Per worker: what is in flight, held by the parent going and
           * coming back, and by the worker three times over. */
          guint64 inflight = MIN ((guint64)_px_run_shared_chunk_max (spec) * spec->payload_bytes,
                                  MAX ((guint64)PX_MAX_INFLIGHT_BYTES, spec->payload_bytes));

          parent += 2 * inflight * spec->workers + spec->payload_bytes;
          workers_total += 3 * inflight * spec->workers;
          per_worker = MAX (per_worker, 3 * inflight);
          bytes = 5 * inflight * spec->workers;
        }
      else
        {
          bytes = 2 * (guint64)spec->payload_bytes * spec->workers;
          parent += bytes;
        }
      text = format_bytes (bytes);
      if (detail->len > 0)
        g_string_append (detail, ", ");
      g_string_append_printf (detail, _("%s for payloads (workers=%u, payload-bytes=%u, "
                                        "chunk-size=%u)"),
                              text, spec->workers, spec->payload_bytes,
                              _px_run_shared_chunk_max (spec));
    }

  if (records + series > (64u << 20))
    {
      g_autofree char *text = format_bytes (records + series);

      if (detail->len > 0)
        g_string_append (detail, ", ");
      g_string_append_printf (detail, _("%s for task records and sampled series (tasks=%u, "
                                        "history=%u)"),
                              text, spec->tasks, spec->history);
    }

  if (processes)
    {
      g_autofree char *text = format_bytes ((guint64)WORKER_PROCESS_BYTES * spec->workers);

      workers_total += (guint64)WORKER_PROCESS_BYTES * spec->workers;
      per_worker += WORKER_PROCESS_BYTES;
      estimate->processes = spec->workers;
      if (detail->len > 0)
        g_string_append (detail, ", ");
      g_string_append_printf (detail, _("%s for the worker processes themselves (workers=%u)"),
                              text, spec->workers);
    }
  else
    {
      g_autofree char *text = format_bytes ((guint64)THREAD_STACK_BYTES * spec->workers);

      if (detail->len > 0)
        g_string_append (detail, ", ");
      g_string_append_printf (detail, _("%s of address space for thread stacks (workers=%u)"),
                              text, spec->workers);
    }

  estimate->memory_bytes = parent + workers_total;
  estimate->largest_process = processes ? MAX (parent, per_worker)
                                        : parent + (guint64)THREAD_STACK_BYTES * spec->workers;
  estimate->memory_detail = g_string_free (g_steal_pointer (&detail), FALSE);

  if (spec->kind == PX_KIND_FILE_IO)
    {
      g_autofree char *text = NULL;

      estimate->disk_bytes = sum_of_largest (spec, spec->workers);
      text = format_bytes (estimate->disk_bytes);
      estimate->disk_detail = g_strdup_printf (_("%s of files for kind=file-io (workers=%u, "
                                                 "file-bytes=%u)"),
                                               text, spec->workers, spec->file_bytes);
    }
}

void
px_resources_estimate_clear (PxResourceEstimate *estimate)
{
  g_clear_pointer (&estimate->memory_detail, g_free);
  g_clear_pointer (&estimate->disk_detail, g_free);
}

static guint64
read_u64_file (const char *path)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return G_MAXUINT64;
  g_strstrip (text);
  if (g_str_equal (text, "max"))
    return G_MAXUINT64;
  return g_ascii_strtoull (text, NULL, 10);
}

/* Room left under this process's cgroup (v2) memory limit. */
static guint64
cgroup_memory_room (void)
{
  g_autofree char *self = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/self/cgroup", &self, NULL, NULL))
    return G_MAXUINT64;
  lines = g_strsplit (self, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      if (g_str_has_prefix (lines[i], "0::"))
        {
          g_autofree char *dir = g_build_filename ("/sys/fs/cgroup", lines[i] + 3, NULL);
          g_autofree char *max_path = g_build_filename (dir, "memory.max", NULL);
          g_autofree char *cur_path = g_build_filename (dir, "memory.current", NULL);
          guint64 max = read_u64_file (max_path);
          guint64 cur = read_u64_file (cur_path);

          if (max == G_MAXUINT64)
            return G_MAXUINT64;
          return cur == G_MAXUINT64 || cur >= max ? 0 : max - cur;
        }
    }
  return G_MAXUINT64;
}

static guint64
meminfo_available (void)
{
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/meminfo", &text, NULL, NULL))
    return G_MAXUINT64;
  line = strstr (text, "MemAvailable:");
  if (line == NULL)
    return G_MAXUINT64;
  return g_ascii_strtoull (line + strlen ("MemAvailable:"), NULL, 10) * 1024;
}

static guint64
processes_of_user (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;
  guint64 n = 0;
  uid_t uid = getuid ();

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = NULL;
      g_autofree char *status = NULL;
      const char *line;

      if (!g_ascii_isdigit (name[0]))
        continue;
      path = g_strdup_printf ("/proc/%s/status", name);
      if (!g_file_get_contents (path, &status, NULL, NULL))
        continue;
      line = strstr (status, "\nUid:");
      if (line != NULL && g_ascii_strtoull (line + 5, NULL, 10) == uid)
        {
          const char *threads = strstr (status, "\nThreads:");
          n += threads ? g_ascii_strtoull (threads + 9, NULL, 10) : 1;
        }
    }
  return n;
}

void
px_machine_resources_read (PxMachineResources *machine)
{
  struct rlimit limit;
  struct statvfs fs;

  memset (machine, 0, sizeof *machine);

  machine->memory_available = MIN (meminfo_available (), cgroup_memory_room ());

  machine->process_limit = G_MAXUINT64;
  if (getrlimit (RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
    machine->process_limit = limit.rlim_cur;

  machine->tmpdir = g_strdup (g_get_tmp_dir ());
  machine->disk_available = G_MAXUINT64;
  if (statvfs (machine->tmpdir, &fs) == 0)
    machine->disk_available = (guint64)fs.f_bavail * fs.f_frsize;

  machine->processes_allowed = G_MAXUINT64;
  if (getrlimit (RLIMIT_NPROC, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY && getuid () != 0)
    {
      guint64 used = processes_of_user ();

      machine->processes_allowed = limit.rlim_cur > used ? limit.rlim_cur - used : 0;
    }
}

void
px_machine_resources_clear (PxMachineResources *machine)
{
  g_clear_pointer (&machine->tmpdir, g_free);
}

static gboolean
exceeds (guint64 need,
         guint64 have)
{
  if (have == G_MAXUINT64)
    return FALSE;
  return need / SHARE_NUMERATOR > have / SHARE_DENOMINATOR;
}

/**
 * px_resources_judge:
 *
 * Compares an estimate with what the machine has. Returns %FALSE, with a
 * message naming the keys, the estimate and what the machine has, when
 * the run would exhaust memory, the temporary folder or processes.
 */
gboolean
px_resources_judge (const PxResourceEstimate  *estimate,
                    const PxMachineResources  *machine,
                    GError                   **error)
{
  g_autoptr(GString) problems = g_string_new (NULL);

  if (exceeds (estimate->memory_bytes, machine->memory_available))
    {
      g_autofree char *need = format_bytes (estimate->memory_bytes);
      g_autofree char *have = format_bytes (machine->memory_available);

      g_string_append_printf (problems, _("The run would need about %s of memory (%s); this "
                                          "machine has %s available."),
                              need, estimate->memory_detail, have);
    }
  else if (exceeds (estimate->largest_process, machine->process_limit))
    {
      g_autofree char *need = format_bytes (estimate->largest_process);
      g_autofree char *have = format_bytes (machine->process_limit);

      g_string_append_printf (problems, _("One process of the run would need about %s of "
                                          "memory (%s); the address-space limit (ulimit -v) is "
                                          "%s."),
                              need, estimate->memory_detail, have);
    }

  if (estimate->disk_bytes > 0 && exceeds (estimate->disk_bytes, machine->disk_available))
    {
      g_autofree char *have = format_bytes (machine->disk_available);

      if (problems->len > 0)
        g_string_append_c (problems, '\n');
      g_string_append_printf (problems, _("The run would write up to %s; the temporary folder "
                                          "%s has %s free."),
                              estimate->disk_detail, machine->tmpdir, have);
    }

  if (estimate->processes > 0 && estimate->processes > machine->processes_allowed)
    {
      if (problems->len > 0)
        g_string_append_c (problems, '\n');
      g_string_append_printf (problems, _("The run would start %u worker processes (workers=%u); "
                                          "this user may start %u more (ulimit -u)."),
                              estimate->processes, estimate->processes,
                              (guint)MIN (machine->processes_allowed, G_MAXUINT));
    }

  if (problems->len > 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, problems->str);
      return FALSE;
    }
  return TRUE;
}

/**
 * px_resources_check:
 * @spec: a workload about to run
 * @error: the reasons it should not
 *
 * Estimates what @spec needs and judges it against this machine now.
 */
gboolean
px_resources_check (const PxSpec  *spec,
                    GError       **error)
{
  PxResourceEstimate estimate;
  PxMachineResources machine;
  gboolean ok;

  px_resources_estimate (spec, &estimate);
  px_machine_resources_read (&machine);
  ok = px_resources_judge (&estimate, &machine, error);
  px_machine_resources_clear (&machine);
  px_resources_estimate_clear (&estimate);
  return ok;
}
