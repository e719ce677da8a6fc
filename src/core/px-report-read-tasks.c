/* px-report-read-tasks.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A report's tasks (their records, waits, connect times, the jobs' ends
 * and the failures' reasons) and its workers, read back into a finished
 * run.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "px-hosts.h"
#include "px-report-read-private.h"

static gboolean
status_from_name (const char   *name,
                  PxTaskStatus *status)
{
  for (PxTaskStatus s = PX_TASK_PENDING; s <= PX_TASK_CANCELLED; s++)
    if (g_strcmp0 (name, px_task_status_name (s)) == 0)
      {
        *status = s;
        return TRUE;
      }
  return FALSE;
}

/* The task records, the jobs' ends and the failures' reasons. */
gboolean
_px_report_read_tasks (Reader     *reader,
                       JsonArray  *tasks,
                       PxRun      *run)
{
  PxRunShared *shared = _px_run_get_shared (run);
  static const char * const times[] = {
    "enqueue-us", "start-us", "end-us", "lock-wait-us", "io-wait-us", "gil-wait-us", "ipc-us",
  };
  static const char * const job_members[] = {
    "exit-status", "signal", "cpu-user-us", "cpu-system-us", "max-rss-bytes", "stdout-bytes",
    "stderr-bytes", "pid",
  };

  for (guint i = 0; i < json_array_get_length (tasks); i++)
    {
      JsonNode *node = json_array_get_element (tasks, i);
      PxTaskRecord *r = &shared->records[i];
      g_autofree char *where = g_strdup_printf ("tasks[%u]", i);
      JsonObject *task;
      gint64 v[G_N_ELEMENTS (times)];
      gint64 worker, attempt, signal_wait = 0;
      const char *status;
      PxTaskStatus status_value;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return _px_report_fail (reader, where, _("an object"));
      task = json_node_get_object (node);
      for (guint k = 0; k < G_N_ELEMENTS (times); k++)
        {
          g_autofree char *path = g_strdup_printf ("%s.%s", where, times[k]);

          if (!_px_report_get_int (reader, task, times[k], path, &v[k]))
            return FALSE;
        }
      {
        g_autofree char *path = g_strdup_printf ("%s.worker", where);
        g_autofree char *path2 = g_strdup_printf ("%s.attempt", where);

        if (!_px_report_get_int (reader, task, "worker", path, &worker) ||
            !_px_report_get_int (reader, task, "attempt", path2, &attempt))
          return FALSE;
        if (worker < 0 || worker >= shared->spec.workers)
          return _px_report_fail (reader, path, _("a worker of the run"));
      }
      status = json_object_get_string_member_with_default (task, "status", NULL);
      if (!status_from_name (status, &status_value))
        {
          g_autofree char *path = g_strdup_printf ("%s.status", where);

          return _px_report_fail (reader, path, "pending, done, failed, cancelled");
        }
      r->status = status_value;
      r->enqueue_us = v[0];
      r->start_us = v[1];
      r->end_us = v[2];
      r->io_wait_us = CLAMP (v[4], 0, G_MAXUINT32);
      r->ipc_us = CLAMP (v[6], 0, G_MAXUINT32);
      /* Reports written before kind=event and kind=condition have none. */
      if (json_object_has_member (task, "signal-wait-us"))
        {
          g_autofree char *path = g_strdup_printf ("%s.signal-wait-us", where);

          if (!_px_report_get_int (reader, task, "signal-wait-us", path, &signal_wait))
            return FALSE;
        }
      _px_run_shared_set_waits (shared, i, v[3], v[5], signal_wait);
      r->worker = worker;
      r->attempt = CLAMP (attempt, 0, G_MAXUINT8);
      r->tries = CLAMP (attempt + 1, 0, G_MAXUINT8);

      if (shared->net_connect_us != NULL)
        {
          g_autofree char *path = g_strdup_printf ("%s.connect-us", where);
          gint64 connect;

          if (!_px_report_get_int (reader, task, "connect-us", path, &connect))
            return FALSE;
          shared->net_connect_us[i] = CLAMP (connect, 0, G_MAXUINT32);
        }

      if (shared->jobs != NULL)
        {
          PxJobRecord *job = &shared->jobs[i];
          gint64 j[G_N_ELEMENTS (job_members)];

          for (guint k = 0; k < G_N_ELEMENTS (job_members); k++)
            {
              g_autofree char *path = g_strdup_printf ("%s.%s", where, job_members[k]);

              if (!_px_report_get_int (reader, task, job_members[k], path, &j[k]))
                return FALSE;
            }
          job->exit_status = j[0];
          job->signal = j[1];
          job->user_us = j[2];
          job->system_us = j[3];
          job->max_rss_bytes = j[4];
          job->out_bytes = MAX (j[5], 0);
          job->err_bytes = MAX (j[6], 0);
          job->pid = j[7];
        }
      if (json_object_has_member (task, "reason"))
        g_hash_table_insert (shared->reasons, GUINT_TO_POINTER (i),
                             g_strdup (json_object_get_string_member_with_default (task, "reason",
                                                                                   "")));
    }
  return TRUE;
}

/* launcher=ssh or srun: where worker @w ran (all absent: here). */
static gboolean
read_worker_place (Reader            *reader,
                   JsonObject        *object,
                   const char        *where,
                   PxWorkerSnapshot  *w,
                   char             **node)
{
  w->host = -1;
  if (json_object_has_member (object, "host-index"))
    {
      g_autofree char *path = g_strdup_printf ("%s.host-index", where);
      gint64 host;

      if (!_px_report_get_int (reader, object, "host-index", path, &host))
        return FALSE;
      w->host = (gint)CLAMP (host, -1, PX_MAX_WORKERS);
    }
  /* Reports from before "elsewhere" had hosts for ssh only. */
  w->elsewhere = w->host >= 0;
  if (json_object_has_member (object, "elsewhere"))
    {
      JsonNode *value = json_object_get_member (object, "elsewhere");

      if (json_node_get_value_type (value) != G_TYPE_BOOLEAN)
        {
          g_autofree char *path = g_strdup_printf ("%s.elsewhere", where);

          return _px_report_fail (reader, path, _("true or false"));
        }
      w->elsewhere = json_node_get_boolean (value);
    }
  if (json_object_has_member (object, "node"))
    {
      JsonNode *value = json_object_get_member (object, "node");
      const char *text = JSON_NODE_HOLDS_VALUE (value) &&
                         json_node_get_value_type (value) == G_TYPE_STRING
                         ? json_node_get_string (value) : NULL;
      gboolean ok = text != NULL && text[0] != '\0' && strlen (text) < PX_NODE_MAX;

      for (const char *c = text; ok && *c != '\0'; c++)
        ok = px_host_is_name_char (*c);
      if (!ok)
        {
          g_autofree char *path = g_strdup_printf ("%s.node", where);

          return _px_report_fail (reader, path,
                                  _("a host name of letters, digits, ‘.’, ‘-’ and ‘_’"));
        }
      g_free (*node);
      *node = g_strdup (text);
    }
  for (guint k = 0; k < 2; k++)
    {
      const char *member = k == 0 ? "clock-offset-us" : "clock-error-us";
      gint64 *slot = k == 0 ? &w->clock_offset_us : &w->clock_error_us;
      g_autofree char *at = g_strdup_printf ("%s.%s", where, member);

      if (json_object_has_member (object, member) &&
          !_px_report_get_int (reader, object, member, at, slot))
        return FALSE;
    }
  return TRUE;
}

gboolean
_px_report_read_workers (Reader       *reader,
                         JsonArray    *array,
                         PxRunLoaded  *loaded,
                         guint         n_workers)
{
  if (json_array_get_length (array) != n_workers)
    return _px_report_fail (reader, "workers", _("a worker for each of the profile’s workers"));

  loaded->workers = g_new0 (PxWorkerSnapshot, n_workers);
  loaded->nodes = g_new0 (char *, n_workers + 1);
  for (guint i = 0; i < n_workers; i++)
    loaded->nodes[i] = g_strdup ("");
  for (guint i = 0; i < n_workers; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      PxWorkerSnapshot *w = &loaded->workers[i];
      g_autofree char *where = g_strdup_printf ("workers[%u]", i);
      static const char * const members[] = {
        "pid", "tid", "tasks-done", "tasks-failed", "cpu-ns", "busy-us", "lock-wait-us",
        "io-wait-us", "restarts",
      };
      gint64 v[G_N_ELEMENTS (members)];
      JsonObject *object, *breakdown;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return _px_report_fail (reader, where, _("an object"));
      object = json_node_get_object (node);
      for (guint k = 0; k < G_N_ELEMENTS (members); k++)
        {
          g_autofree char *path = g_strdup_printf ("%s.%s", where, members[k]);

          if (!_px_report_get_int (reader, object, members[k], path, &v[k]))
            return FALSE;
        }
      {
        g_autofree char *path = g_strdup_printf ("%s.time-breakdown-us", where);

        breakdown = _px_report_get_object (reader, object, "time-breakdown-us", path);
        if (breakdown == NULL)
          return FALSE;
        for (guint k = 0; k < PX_WORKER_N_STATES; k++)
          {
            g_autofree char *member = g_strdup_printf ("%s.%s", path, px_worker_state_name (k));

            /* Reports written before signal waits have none. */
            if (k == PX_WORKER_SIGNAL_WAIT &&
                !json_object_has_member (breakdown, px_worker_state_name (k)))
              continue;
            if (!_px_report_get_int (reader, breakdown, px_worker_state_name (k), member,
                                     &w->time_us[k]))
              return FALSE;
          }
      }
      w->index = i;
      w->pid = v[0];
      w->tid = v[1];
      w->tasks_done = MAX (v[2], 0);
      w->tasks_failed = MAX (v[3], 0);
      w->cpu_ns = MAX (v[4], 0);
      w->busy_us = v[5];
      w->lock_wait_us = v[6];
      w->io_wait_us = v[7];
      w->restarts = CLAMP (v[8], 0, G_MAXUINT);
      w->job = -1;
      w->state = PX_WORKER_IDLE;
      if (!read_worker_place (reader, object, where, w, &loaded->nodes[i]))
        return FALSE;
    }
  return TRUE;
}
