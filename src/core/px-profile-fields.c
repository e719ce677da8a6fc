/* px-profile-fields.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The keys of a profile: where each lives, its type, range, default and
 * help, and when it applies; parsing a value into a PxSpec and writing
 * it back. The editor, the command line's options and help, and the
 * profile loader all read this one table.
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "px-net.h"
#include "px-profile-private.h"

static const char * const executor_choices[] = { "threads", "processes", "event-loop", NULL };
static const char * const kind_choices[] = {
  "cpu", "sleep", "file-io", "memory", "lock", "semaphore", "barrier", "shared-update", "mixed",
  "command", "net", "event", "condition", NULL
};
static const char * const jitter_choices[] = { "none", "uniform", "exponential", NULL };
/* For a whole number, the word that stands for 0. */
static const char * const chunk_words[] = { "auto", NULL };
static const char * const arrival_choices[] = { "burst", "rate", NULL };
static const char * const spawn_choices[] = { "pool", "per-task", NULL };
static const char * const serve_choices[] = { "none", "lines", NULL };
static const char * const launcher_choices[] = { "local", "ssh", "srun", NULL };

#define OFF(member) G_STRUCT_OFFSET (PxSpec, member)

static gboolean kind_is_lock (const PxSpec *s) { return s->kind == PX_KIND_LOCK; }
static gboolean kind_is_semaphore (const PxSpec *s) { return s->kind == PX_KIND_SEMAPHORE; }
static gboolean kind_is_barrier (const PxSpec *s) { return s->kind == PX_KIND_BARRIER; }
static gboolean kind_is_shared_update (const PxSpec *s) { return s->kind == PX_KIND_SHARED_UPDATE; }
static gboolean kind_is_file_io (const PxSpec *s) { return s->kind == PX_KIND_FILE_IO; }
static gboolean kind_is_memory (const PxSpec *s) { return s->kind == PX_KIND_MEMORY; }
static gboolean kind_is_mixed (const PxSpec *s) { return s->kind == PX_KIND_MIXED; }
static gboolean kind_is_net (const PxSpec *s) { return s->kind == PX_KIND_NET; }
static gboolean kind_is_event (const PxSpec *s) { return s->kind == PX_KIND_EVENT; }
static gboolean kind_is_sleep (const PxSpec *s) { return s->kind == PX_KIND_SLEEP; }
static gboolean kind_is_condition (const PxSpec *s) { return s->kind == PX_KIND_CONDITION; }
static gboolean arrival_is_rate (const PxSpec *s) { return s->arrival == PX_ARRIVAL_RATE; }
static gboolean executor_is_threads (const PxSpec *s) { return s->executor == PX_EXECUTOR_THREADS; }
static gboolean executor_is_processes (const PxSpec *s)
{
  return s->executor == PX_EXECUTOR_PROCESSES;
}
static gboolean executor_is_loop (const PxSpec *s)
{
  return s->executor == PX_EXECUTOR_EVENT_LOOP;
}
static gboolean kind_is_command (const PxSpec *s) { return s->kind == PX_KIND_COMMAND; }
/* What a launcher starts: worker processes, or a command's jobs. */
static gboolean starts_processes (const PxSpec *s)
{
  return s->executor == PX_EXECUTOR_PROCESSES || s->kind == PX_KIND_COMMAND;
}
static gboolean launcher_is_ssh (const PxSpec *s)
{
  return starts_processes (s) && s->launcher == PX_LAUNCHER_SSH;
}
static gboolean launcher_is_srun (const PxSpec *s)
{
  return starts_processes (s) && s->launcher == PX_LAUNCHER_SRUN;
}
static gboolean launcher_is_remote (const PxSpec *s)
{
  return launcher_is_ssh (s) || launcher_is_srun (s);
}
static gboolean not_loop (const PxSpec *s) { return !executor_is_loop (s); }
static gboolean built_in_not_loop (const PxSpec *s)
{
  return s->kind != PX_KIND_COMMAND && !executor_is_loop (s);
}
static gboolean kind_is_built_in (const PxSpec *s) { return s->kind != PX_KIND_COMMAND; }
/* Tasks sized by the key task-ms or task-iterations: not a user's
 * command, nor a request whose size is the server's. */
static gboolean kind_is_sized (const PxSpec *s)
{
  return kind_is_built_in (s) && s->kind != PX_KIND_NET;
}
static gboolean threads_built_in (const PxSpec *s)
{
  return executor_is_threads (s) && kind_is_built_in (s);
}
static gboolean iterations_unset (const PxSpec *s)
{
  return s->task_iterations == 0 && kind_is_sized (s);
}

static const PxField fields[] = {
  { "Profile", "version", PX_FIELD_UINT, PX_FIELD_NO_SLOT, 1, G_MAXUINT32, NULL, "1",
    N_("Profile format version") },
  { "Profile", "name", PX_FIELD_STRING, OFF (name), 0, 0, NULL, "",
    N_("Name shown for the profile") },
  { "Profile", "description", PX_FIELD_STRING, OFF (description), 0, 0, NULL, "",
    N_("What the profile shows and what to watch for") },
  { "Workload", "executor", PX_FIELD_ENUM, OFF (executor), 0, 0, executor_choices, "threads",
    N_("Run tasks on threads, worker processes or event loops"),
    kind_is_built_in, N_("Used when kind is not command (jobs are processes of their own)") },
  { "Workload", "workers", PX_FIELD_UINT, OFF (workers), 1, PX_MAX_WORKERS, NULL, "2",
    N_("Number of workers") },
  { "Workload", "concurrency", PX_FIELD_UINT, OFF (concurrency), 0, 1000000, NULL, "0",
    N_("Tasks in flight on each event loop at once, as a semaphore around asyncio.gather (0: "
       "no limit)"),
    executor_is_loop, N_("Used when the executor is event-loop") },
  { "Workload", "slow-callback-ms", PX_FIELD_DOUBLE, OFF (slow_callback_ms), 1, 60000, NULL,
    "100",
    N_("A task that holds its event loop longer than this is listed as a slow callback, as in "
       "asyncio's debug mode"),
    executor_is_loop, N_("Used when the executor is event-loop") },
  { "Workload", "tasks", PX_FIELD_UINT, OFF (tasks), 1, PX_MAX_TASKS, NULL, "100",
    N_("Number of tasks") },
  { "Workload", "kind", PX_FIELD_ENUM, OFF (kind), 0, 0, kind_choices, "cpu",
    N_("What each task does") },
  { "Workload", "task-ms", PX_FIELD_DOUBLE, OFF (task_ms), 0, 60000, NULL, "10",
    N_("Size of one task in milliseconds (calibrated on this machine)"),
    iterations_unset, N_("Used when task-iterations is 0 and kind is not command or net") },
  { "Workload", "task-iterations", PX_FIELD_UINT64, OFF (task_iterations), 0, 1e15, NULL, "0",
    N_("Size of one task in raw iterations (0: use task-ms)"),
    kind_is_sized, N_("Used when kind is not command or net") },
  { "Workload", "jitter", PX_FIELD_ENUM, OFF (jitter), 0, 0, jitter_choices, "none",
    N_("Spread of task sizes"),
    kind_is_built_in, N_("Used when kind is not command") },
  { "Workload", "chunk-size", PX_FIELD_UINT, OFF (chunk_size), 1, 100000, chunk_words, "1",
    N_("Tasks handed to a worker at a time; auto: large chunks first, then smaller ones as "
       "the queue empties, so that workers finish together"),
    not_loop, N_("Used when the executor is threads or processes") },
  { "Workload", "payload-bytes", PX_FIELD_UINT, OFF (payload_bytes), 0, 16 << 20, NULL, "0",
    N_("Data carried to the worker and back with each task"),
    built_in_not_loop, N_("Used when kind is not command and the executor is threads or "
                          "processes") },
  { "Workload", "gil", PX_FIELD_BOOLEAN, OFF (gil), 0, 0, NULL, "false",
    N_("Thread workers hold one global lock while computing"),
    threads_built_in, N_("Used when the executor is threads and kind is not command") },
  { "Workload", "arrival", PX_FIELD_ENUM, OFF (arrival), 0, 0, arrival_choices, "burst",
    N_("Tasks arrive all at once or at a steady rate") },
  { "Workload", "rate", PX_FIELD_DOUBLE, OFF (rate), 0, 1e7, NULL, "0",
    N_("Arrival rate in tasks per second (arrival=rate)"),
    arrival_is_rate, N_("Used when arrival is rate") },
  { "Workload", "queue-capacity", PX_FIELD_UINT, OFF (queue_capacity), 0, PX_MAX_TASKS, NULL, "0",
    N_("Bound of the task queue (0: unbounded)") },
  { "Workload", "spawn", PX_FIELD_ENUM, OFF (spawn), 0, 0, spawn_choices, "pool",
    N_("Reuse pooled workers or start one for each task"),
    built_in_not_loop, N_("Used when kind is not command and the executor is threads or "
                          "processes") },
  { "Workload", "launcher", PX_FIELD_ENUM, OFF (launcher), 0, 0, launcher_choices, "local",
    N_("Where worker processes or a command's jobs start: local, on this machine; ssh, on the "
       "hosts through ssh; srun, as Slurm job steps on the nodes of the allocation"),
    starts_processes, N_("Used when the executor is processes or kind is command") },
  { "Workload", "hosts", PX_FIELD_STRING, OFF (hosts), 0, 0, NULL, "",
    N_("The hosts the workers start on, as GNU parallel's --sshlogin: [N/][user@]host[:port] "
       "separated by commas, : for this machine, N/ the most workers on that host; workers "
       "are dealt to the hosts in turn"),
    launcher_is_ssh, N_("Used when launcher is ssh") },
  { "Workload", "ssh", PX_FIELD_STRING, OFF (ssh), 0, 0, NULL, "ssh",
    N_("The ssh command and its options, split as a shell splits them; BatchMode, the port, "
       "the user and the host are added"),
    launcher_is_ssh, N_("Used when launcher is ssh") },
  { "Workload", "srun", PX_FIELD_STRING, OFF (srun), 0, 0, NULL, "srun",
    N_("The srun command and its options, split as a shell splits them; one task a worker, "
       "a CPU each, unbuffered, are added"),
    launcher_is_srun, N_("Used when launcher is srun") },
  { "Workload", "remote-worker", PX_FIELD_STRING, OFF (remote_worker), 0, 0, NULL, "",
    N_("Path of parallax-worker on the other hosts (empty: the same path as on this "
       "machine)"),
    launcher_is_remote, N_("Used when launcher is ssh or srun") },
  { "Workload", "transfer", PX_FIELD_BOOLEAN, OFF (transfer), 0, 0, NULL, "false",
    N_("Copy parallax-worker through ssh to the hosts that lack it at remote-worker's path, "
       "when they are of this machine's architecture"),
    launcher_is_ssh, N_("Used when launcher is ssh") },
  { "Workload", "retries", PX_FIELD_UINT, OFF (retries), 0, 10, NULL, "0",
    N_("Times a failed task is tried again") },
  { "Workload", "task-timeout", PX_FIELD_DOUBLE, OFF (task_timeout), 0, 86400, NULL, "0",
    N_("Seconds a task may run before it fails (0: no limit)") },
  { "Workload", "task-timeout-percent", PX_FIELD_DOUBLE, OFF (task_timeout_percent), 0, 1e6,
    NULL, "0",
    N_("A job running longer than this percentage of the median time of the jobs that "
       "succeeded so far is ended, as GNU parallel's --timeout 200% (0: no such limit; it "
       "starts with the first success; with task-timeout, the shorter limit wins)"),
    kind_is_command, N_("Used when kind is command") },
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
  { "Workload", "block-every", PX_FIELD_UINT, OFF (block_every), 0, 1000000, NULL, "0",
    N_("Every Nth task computes for its length instead of waiting; on an event loop it blocks "
       "the loop (0: none)"),
    kind_is_sleep, N_("Used when kind is sleep") },
  { "Workload", "event-every", PX_FIELD_UINT, OFF (event_every), 1, 1000000, NULL, "1",
    N_("Tasks worker 0 runs between setting the event the other workers wait for"),
    kind_is_event, N_("Used when kind is event") },
  { "Workload", "event-clear", PX_FIELD_BOOLEAN, OFF (event_clear), 0, 0, NULL, "true",
    N_("Clear the event after each set, so each waiter runs one task a set (a go signal); "
       "false: once set it stays set (a start gate)"),
    kind_is_event, N_("Used when kind is event") },
  { "Workload", "notify-all", PX_FIELD_BOOLEAN, OFF (notify_all), 0, 0, NULL, "false",
    N_("Wake every waiting worker for each item worker 0 produces (notify_all), not one "
       "(notify)"),
    kind_is_condition, N_("Used when kind is condition") },
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
  { "Workload", "server-latency-ms", PX_FIELD_DOUBLE, OFF (server_latency_ms), 0, 60000, NULL,
    "10",
    N_("Time the loopback server takes to answer each request, in milliseconds (spread by "
       "jitter)"),
    kind_is_net, N_("Used when kind is net") },
  { "Workload", "response-bytes", PX_FIELD_UINT, OFF (response_bytes), 0, PX_NET_MAX_RESPONSE,
    NULL, "1024",
    N_("Size of the server's reply to each request"),
    kind_is_net, N_("Used when kind is net") },
  { "Workload", "server-concurrency", PX_FIELD_UINT, OFF (server_concurrency), 0, 100000, NULL,
    "0",
    N_("Requests the server works on at once; the others wait in its queue (0: no limit)"),
    kind_is_net, N_("Used when kind is net") },
  { "Workload", "command", PX_FIELD_STRING, OFF (command), 0, 0, NULL, "",
    N_("The program and its arguments, run without a shell: {} is the input, {#} the job "
       "number, {%} the worker slot, {.} {/} {//} {/.} the input without its extension, its "
       "base name, its folder, its base name without extension; without a placeholder the "
       "input goes last"),
    kind_is_command, N_("Used when kind is command") },
  { "Workload", "shell", PX_FIELD_BOOLEAN, OFF (shell), 0, 0, NULL, "false",
    N_("Run the command with /bin/sh -c, the inputs quoted for it"),
    kind_is_command, N_("Used when kind is command") },
  { "Workload", "inputs", PX_FIELD_STRING, OFF (inputs), 0, 0, NULL, "",
    N_("The jobs' inputs, a job each: a range such as 1..200, or items separated by commas "
       "(empty: tasks runs the command that many times)"),
    kind_is_command, N_("Used when kind is command") },
  { "Workload", "inputs-file", PX_FIELD_STRING, OFF (inputs_file), 0, 0, NULL, "",
    N_("A file of the jobs' inputs, one a line, in place of inputs; a relative path is from "
       "the profile's folder"),
    kind_is_command, N_("Used when kind is command") },
  { "Workload", "workdir", PX_FIELD_STRING, OFF (workdir), 0, 0, NULL, "",
    N_("Folder the jobs run in (empty: the current folder)"),
    kind_is_command, N_("Used when kind is command") },
  { "Workload", "env", PX_FIELD_STRING, OFF (env), 0, 0, NULL, "",
    N_("Variables added to the jobs' environment: NAME=value words, split as a shell splits "
       "them"),
    kind_is_command, N_("Used when kind is command") },
  { "Workload", "results", PX_FIELD_STRING, OFF (results), 0, 0, NULL, "",
    N_("Folder where each job's standard output and error are kept whole, as "
       "results/JOB/stdout and results/JOB/stderr (empty: not kept)"),
    kind_is_command, N_("Used when kind is command") },
  { "Workload", "serve", PX_FIELD_ENUM, OFF (serve), 0, 0, serve_choices, "none",
    N_("none: a job a task; lines: one process a slot, a line in and a line out a task"),
    kind_is_command, N_("Used when kind is command") },
  { "Workload", "halt", PX_FIELD_STRING, OFF (halt), 0, 0, NULL, "never",
    N_("When the run stops early, as GNU parallel's --halt: never; soon,fail=N (start no "
       "more jobs after N failed); now,fail=N (also end the running ones); soon,success=N "
       "or now,success=N; N may be a percentage of the jobs, as fail=10%"),
    kind_is_command, N_("Used when kind is command") },
  { "Workload", "kill-grace", PX_FIELD_DOUBLE, OFF (kill_grace), 0, 3600, NULL, "2",
    N_("Seconds between TERM and KILL when a job is ended (timeout, stop)"),
    kind_is_command, N_("Used when kind is command") },
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

static guint edit_distance (const char *a,
                            const char *b);

char *
px_field_describe_accepted (const PxField *field)
{
  switch (field->type)
    {
    case PX_FIELD_STRING:
      return g_strdup (_("any text"));
    case PX_FIELD_UINT:
    case PX_FIELD_UINT64:
      if (field->choices != NULL)
        /* TRANSLATORS: the last %s is a word such as "auto", kept as is. */
        return g_strdup_printf (_("a whole number from %.0f to %.0f, or %s"), field->min,
                                field->max, field->choices[0]);
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
char *
_px_field_parse (const PxField *field,
                 const char    *text,
                 PxSpec        *spec)
{
  g_autofree char *value = NULL;
  gpointer slot = (spec && field->offset != PX_FIELD_NO_SLOT) ? G_STRUCT_MEMBER_P (spec, field->offset) : NULL;

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

        /* The word that stands for 0 (chunk-size=auto). */
        if (field->choices != NULL && g_str_equal (value, field->choices[0]))
          {
            if (slot != NULL)
              *(guint *)slot = 0;
            return NULL;
          }
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
        else if (field->offset == PX_FIELD_NO_SLOT && n > PX_PROFILE_VERSION)
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

            if (g_str_equal (field->key, "task-timeout") && g_str_has_suffix (value, "%"))
              return g_strdup_printf (_("'%s' is not accepted; expected %s (a percentage of "
                                        "the median job goes in task-timeout-percent)"),
                                      value, accepted);
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
        const char *near = NULL;
        guint best = 3;

        /* A near miss ("thread") is named. */
        for (guint i = 0; field->choices[i]; i++)
          {
            guint d = edit_distance (value, field->choices[i]);

            if (d < best || (d == best && g_str_has_prefix (field->choices[i], value)))
              {
                near = field->choices[i];
                best = d;
              }
          }
        if (near != NULL)
          return g_strdup_printf (_("'%s' is not accepted; did you mean '%s'? (expected %s)"),
                                  value, near, accepted);
        return g_strdup_printf (_("'%s' is not accepted; expected %s"), value, accepted);
      }

    case PX_FIELD_STRING:
    default:
      g_assert_not_reached ();
    }
}

void
_px_spec_apply_defaults (PxSpec *spec)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *msg = _px_field_parse (&fields[i], fields[i].default_value, spec);
      g_assert (msg == NULL);
    }
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

const PxField *
_px_field_closest (const char *key)
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

char *
_px_field_format (const PxSpec  *spec,
                  const PxField *field)
{
  gconstpointer slot;

  if (field->offset == PX_FIELD_NO_SLOT)
    return g_strdup_printf ("%d", PX_PROFILE_VERSION);

  slot = G_STRUCT_MEMBER_P (spec, field->offset);
  switch (field->type)
    {
    case PX_FIELD_STRING:
      return g_strdup (*(char * const *)slot ? *(char * const *)slot : "");
    case PX_FIELD_UINT:
      if (field->choices != NULL && *(const guint *)slot == 0)
        return g_strdup (field->choices[0]);
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

/* Whether @field matters for the workload @spec: keys of other kinds,
 * executors or arrivals stay valid but change nothing. */
gboolean
px_field_applies (const PxField *field,
                  const PxSpec  *spec)
{
  g_return_val_if_fail (field != NULL, TRUE);

  return field->applies == NULL || field->applies (spec);
}
