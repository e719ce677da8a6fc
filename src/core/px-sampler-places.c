/* px-sampler-places.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The hosts a run's workers are on (launcher=ssh or srun), each with its
 * throughput: sampled live as the run's is, over the same window, from
 * the tasks each worker did; for a run read back from a report, from the
 * ends of its tasks at the report's sample times.
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "px-hosts.h"
#include "px-sampler-private.h"

static void
place_free (gpointer data)
{
  Place *place = data;

  g_free (place->name);
  px_history_unref (place->throughput);
  g_free (place->window_done);
  g_free (place);
}

/* A new host, its throughput unknown (NAN) for the samples before. */
static guint
add_place (PxSampler  *self,
           const char *name)
{
  Place *place = g_new0 (Place, 1);

  place->name = g_strdup (name);
  place->throughput = px_history_new (self->capacity);
  /* Found while sampling, after the run's throughput of this sample. */
  for (guint i = 1; i < px_history_get_length (self->series[PX_SERIES_THROUGHPUT]); i++)
    px_history_push (place->throughput, NAN);
  place->window_done = g_new0 (guint64, self->window_cap);
  g_ptr_array_add (self->places, place);
  return self->places->len - 1;
}

static guint
find_place (PxSampler  *self,
            const char *name)
{
  for (guint p = 0; p < self->places->len; p++)
    if (g_strcmp0 (((Place *)g_ptr_array_index (self->places, p))->name, name) == 0)
      return p;
  return add_place (self, name);
}

/* launcher=ssh: a place for each host of the list, in its order, the
 * one of this machine named NULL. */
void
_px_sampler_init_places (PxSampler *self)
{
  const PxSpec *spec = px_run_get_spec (self->run);
  g_autoptr(PxHostList) hosts = NULL;

  self->places = g_ptr_array_new_with_free_func (place_free);
  self->worker_place = g_new (guint, self->n_workers);
  self->place_pid = g_new0 (int, self->n_workers);
  self->place_done = g_new0 (guint64, self->n_workers);
  for (guint i = 0; i < self->n_workers; i++)
    self->worker_place[i] = NO_PLACE;
  self->local_place = NO_PLACE;
  if (spec->launcher != PX_LAUNCHER_SSH)
    return;
  hosts = px_host_list_parse (spec->hosts, NULL);
  for (guint h = 0; hosts != NULL && h < hosts->n_hosts; h++)
    {
      g_autofree char *name = hosts->hosts[h].name != NULL
                              ? px_host_describe (&hosts->hosts[h]) : NULL;

      add_place (self, name);
      if (name == NULL && self->local_place == NO_PLACE)
        self->local_place = h;
    }
}

/* Where worker @i runs now: its host under ssh, the node its step said
 * under srun, looked up again only when it is another process. */
static guint
worker_place (PxSampler              *self,
              guint                   i,
              const PxWorkerSnapshot *s)
{
  /* A slot of jobs on another host has no pid while a job runs: its
   * place stays the one its last job said. */
  if (self->worker_place[i] != NO_PLACE &&
      (self->place_pid[i] == s->pid || (self->jobs_elsewhere && s->pid <= 0)))
    return self->worker_place[i];
  /* A slot of jobs on another host has no pid here while its job runs:
   * its host is its slot's. */
  if (s->pid <= 0 && !(self->jobs_elsewhere && s->host >= 0))
    return NO_PLACE;
  if (px_run_get_spec (self->run)->launcher == PX_LAUNCHER_SSH)
    {
      if (s->host >= 0 && (guint)s->host < self->places->len)
        self->worker_place[i] = (guint)s->host;
      else if (!s->elsewhere)
        {
          if (self->local_place == NO_PLACE)
            self->local_place = add_place (self, NULL);
          self->worker_place[i] = self->local_place;
        }
    }
  else
    {
      g_autofree char *node = px_run_dup_worker_node (self->run, i);

      if (node == NULL)
        return NO_PLACE;
      self->worker_place[i] = find_place (self, node);
    }
  self->place_pid[i] = s->pid;
  return self->worker_place[i];
}

/* Each host's throughput over the window just read (the run's reading
 * went in at the slot before window_head): the tasks its workers did,
 * each counted where it did them. */
void
_px_sampler_sample_places (PxSampler *self,
                           gint64     now)
{
  guint slot = (self->window_head + self->window_cap - 1) % self->window_cap;
  guint oldest = (self->window_head + self->window_cap - self->window_len) % self->window_cap;

  for (guint i = 0; i < self->n_workers; i++)
    {
      const PxWorkerSnapshot *s = &self->snapshots[i];
      guint p = worker_place (self, i, s);

      if (p != NO_PLACE && s->tasks_done > self->place_done[i])
        ((Place *)g_ptr_array_index (self->places, p))->done += s->tasks_done -
                                                                self->place_done[i];
      self->place_done[i] = MAX (self->place_done[i], s->tasks_done);
    }
  for (guint p = 0; p < self->places->len; p++)
    {
      Place *place = g_ptr_array_index (self->places, p);

      place->window_done[slot] = place->done;
      px_history_push (place->throughput,
                       self->window_len < 2 || now <= self->window_t[oldest] ? NAN
                       : (double)(place->done - place->window_done[oldest]) /
                         ((double)(now - self->window_t[oldest]) / G_USEC_PER_SEC));
    }
}

static int
compare_seconds (const void *a,
                 const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

/* How many of the @n sorted @values are at most @t. */
static guint
count_until (const double *values,
             guint         n,
             double        t)
{
  guint lo = 0, hi = n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (values[mid] <= t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* A run read back: each worker's host as the report keeps it, and each
 * host's throughput at each of the report's samples, from the ends of
 * the tasks its workers did over the window before it (as the run's was
 * sampled live, so the hosts' add up to it within what a task ending
 * between the live readings moves). */
void
_px_sampler_load_places (PxSampler *self)
{
  const PxSpec *spec = px_run_get_spec (self->run);
  gint64 start = px_run_get_start_time (self->run);
  guint n_records = 0;
  const PxTaskRecord *records = px_run_get_records (self->run, &n_records);
  guint n_samples = px_history_get_length (self->time);
  g_autoptr(GPtrArray) ends = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);

  _px_sampler_init_places (self);
  for (guint w = 0; w < self->n_workers; w++)
    {
      PxWorkerSnapshot s;

      px_run_get_worker (self->run, w, &s);
      if (spec->launcher == PX_LAUNCHER_SSH && s.host >= 0 && (guint)s.host < self->places->len)
        self->worker_place[w] = (guint)s.host;
      else if (spec->launcher == PX_LAUNCHER_SSH)
        {
          if (self->local_place == NO_PLACE)
            self->local_place = add_place (self, NULL);
          self->worker_place[w] = self->local_place;
        }
      else
        {
          g_autofree char *node = px_run_dup_worker_node (self->run, w);

          if (node != NULL)
            self->worker_place[w] = find_place (self, node);
        }
    }
  if (self->places->len == 0)
    return;

  for (guint p = 0; p < self->places->len; p++)
    g_ptr_array_add (ends, g_array_new (FALSE, FALSE, sizeof (double)));
  for (guint i = 0; records != NULL && i < n_records; i++)
    {
      const PxTaskRecord *r = &records[i];
      double t;

      if (r->status != PX_TASK_DONE || r->worker >= self->n_workers ||
          self->worker_place[r->worker] == NO_PLACE)
        continue;
      t = (r->end_us - start) / (double)G_USEC_PER_SEC;
      g_array_append_val (g_ptr_array_index (ends, self->worker_place[r->worker]), t);
    }

  for (guint p = 0; p < self->places->len; p++)
    {
      Place *place = g_ptr_array_index (self->places, p);
      GArray *times = g_ptr_array_index (ends, p);
      double window = WINDOW_US / (double)G_USEC_PER_SEC;

      qsort (times->data, times->len, sizeof (double), compare_seconds);
      g_clear_pointer (&place->throughput, px_history_unref);
      place->throughput = px_history_new (self->capacity);
      /* Over the windows the live sampler used: from the newest sample
       * at least WINDOW_US before (or the first), and no more samples
       * than it keeps. With samples late or far apart, a window of
       * exactly WINDOW_US would tell another rate than was shown. */
      for (guint k = 0, oldest = 0; k < n_samples; k++)
        {
          double t = px_history_get (self->time, k);
          double from;
          guint done;

          while (oldest + 1 < k && (t - px_history_get (self->time, oldest + 1) >= window ||
                                    k - oldest + 1 > self->window_cap))
            oldest++;
          from = px_history_get (self->time, oldest);
          done = count_until ((double *)times->data, times->len, t) -
                 count_until ((double *)times->data, times->len, from);
          px_history_push (place->throughput, k == 0 || t <= from ? NAN : done / (t - from));
        }
      place->done = times->len;
    }
}
