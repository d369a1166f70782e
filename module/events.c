// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/memfrag/events: recent compaction runs, one line each.
 *
 * Producer: the mm_compaction_end probe appends a record to its CPU's ring.
 * A run ends in process context with preemption disabled, so each ring has
 * exactly one producer at a time and needs no lock: head is written only
 * by its CPU, tail only by the reader, both published with release/acquire.
 * A full ring drops the new record and counts it.  Waking readers would
 * take the wait queue's lock, so the probe queues an irq_work instead and
 * the wake-up happens there; and only when a reader is waiting, so that a
 * stream nobody reads costs no interrupt per run.
 *
 * Consumer: reading consumes.  Readers are serialised; each record goes to
 * exactly one of several concurrent readers, oldest first across CPUs.
 * A read blocks until a record is available unless the file was opened
 * with O_NONBLOCK (then EAGAIN); poll() reports POLLIN when one is.
 */
#include <linux/debugfs.h>
#include <linux/irq_work.h>
#include <linux/kallsyms.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include "compat.h"
#include "events.h"
#include "names.h"
#include "stats.h"

struct memfrag_ring {
	u64 head;		/* next record to write; this CPU only */
	u64 tail;		/* next record to read; the reader only */
	u64 dropped;		/* records lost to a full ring; this CPU only */
	struct memfrag_event rec[MEMFRAG_EVENTS_PER_CPU];
};

static struct memfrag_ring **memfrag_rings;
static DECLARE_WAIT_QUEUE_HEAD(memfrag_events_wait);
static DEFINE_MUTEX(memfrag_events_read_mutex);
static struct irq_work memfrag_events_wake_work;
/* Drops already announced in the stream; under the read mutex. */
static u64 memfrag_events_drops_shown;

static void memfrag_events_wake(struct irq_work *work)
{
	wake_up_interruptible_all(&memfrag_events_wait);
}

int memfrag_events_init(void)
{
	int cpu;

	memfrag_rings = kcalloc(nr_cpu_ids, sizeof(*memfrag_rings), GFP_KERNEL);
	if (!memfrag_rings)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		memfrag_rings[cpu] = kvzalloc_node(sizeof(struct memfrag_ring),
						   GFP_KERNEL, cpu_to_node(cpu));
		if (!memfrag_rings[cpu]) {
			memfrag_events_exit();
			return -ENOMEM;
		}
		memfrag_stats.bytes += sizeof(struct memfrag_ring);
	}
	memfrag_stats.bytes += nr_cpu_ids * sizeof(*memfrag_rings);
	memfrag_events_drops_shown = 0;
	init_irq_work(&memfrag_events_wake_work, memfrag_events_wake);
	return 0;
}

/* After the probes are detached: nothing produces any more. */
void memfrag_events_exit(void)
{
	int cpu;

	irq_work_sync(&memfrag_events_wake_work);
	for (cpu = 0; memfrag_rings && cpu < nr_cpu_ids; cpu++)
		kvfree(memfrag_rings[cpu]);
	kfree(memfrag_rings);
	memfrag_rings = NULL;
}

void memfrag_events_record(const struct memfrag_event *ev)
{
	struct memfrag_ring *r = memfrag_rings[smp_processor_id()];
	u64 head = r->head;

	/* Pairs with the reader's release of tail: that slot was copied out. */
	if (head - smp_load_acquire(&r->tail) >= MEMFRAG_EVENTS_PER_CPU) {
		WRITE_ONCE(r->dropped, r->dropped + 1);
		return;
	}
	r->rec[head % MEMFRAG_EVENTS_PER_CPU] = *ev;
	/* The record is complete before the reader can see it. */
	smp_store_release(&r->head, head + 1);
	/*
	 * wq_has_sleeper()'s barrier orders the head store before the check;
	 * it pairs with the barrier a waiter has between joining the queue
	 * and testing for records (set_current_state(), or the one in poll).
	 */
	if (wq_has_sleeper(&memfrag_events_wait))
		irq_work_queue(&memfrag_events_wake_work);
}

u64 memfrag_events_dropped(void)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += READ_ONCE(memfrag_rings[cpu]->dropped);
	return sum;
}

/* The ring holding the oldest unread record, or NULL when all are empty. */
static struct memfrag_ring *memfrag_oldest_ring(void)
{
	struct memfrag_ring *best = NULL;
	u64 best_ts = U64_MAX;
	int cpu;

	for_each_possible_cpu(cpu) {
		struct memfrag_ring *r = memfrag_rings[cpu];
		u64 tail = r->tail;

		/* Pairs with the producer's release of head: record complete. */
		if (smp_load_acquire(&r->head) == tail)
			continue;
		if (r->rec[tail % MEMFRAG_EVENTS_PER_CPU].ts_ns < best_ts) {
			best_ts = r->rec[tail % MEMFRAG_EVENTS_PER_CPU].ts_ns;
			best = r;
		}
	}
	return best;
}

static bool memfrag_events_pending(void)
{
	return memfrag_oldest_ring() ||
	       memfrag_events_dropped() != READ_ONCE(memfrag_events_drops_shown);
}

/*
 * One line per run, fields separated by one space (Documentation/memfrag.rst):
 * ts_ns pid comm node zone order trigger mode latency_ns result fragindex
 * min low high boost free.  Spaces in comm become '_'; "-" marks a value
 * that is not known (no begin seen, or order -1).  A direct compaction's
 * kernel stack follows as lines that start with two spaces, one frame each.
 */
static int memfrag_format_event(char *buf, size_t size,
				const struct memfrag_event *ev)
{
	char comm[TASK_COMM_LEN], fragindex[16] = "-", lat[24] = "-";
	char ext[96] = "- - - - -";
	pg_data_t *pgdat = NODE_DATA(ev->nid);
	const char *zone = pgdat ? pgdat->node_zones[ev->zone_idx].name : "?";
	int i, n;

	for (i = 0; i < TASK_COMM_LEN && ev->comm[i]; i++)
		comm[i] = ev->comm[i] <= ' ' ? '_' : ev->comm[i];
	comm[i] = '\0';
	if (!i)
		strscpy(comm, "?", sizeof(comm));
	if (ev->timed) {
		snprintf(lat, sizeof(lat), "%llu", ev->latency_ns);
		if (ev->start.fragindex != S16_MIN)
			snprintf(fragindex, sizeof(fragindex), "%s%d.%03d",
				 ev->start.fragindex < 0 ? "-" : "",
				 abs(ev->start.fragindex) / 1000,
				 abs(ev->start.fragindex) % 1000);
		snprintf(ext, sizeof(ext), "%lu %lu %lu %lu %lu",
			 ev->start.min, ev->start.low, ev->start.high,
			 ev->start.boost, ev->start.free);
	}
	n = scnprintf(buf, size, "%llu %d %s %u %s %d %s %s %s %s %s %s\n",
		      ev->ts_ns, ev->pid, comm, ev->nid, zone, ev->order,
		      memfrag_trigger_name(ev->trigger),
		      ev->sync ? "sync" : "async", lat,
		      memfrag_result_name(ev->result), fragindex, ext);
	for (i = 0; i < ev->nr_frames && i < MEMFRAG_RUN_FRAMES; i++)
		n += scnprintf(buf + n, size - n, "  %pS\n",
			       (void *)ev->frames[i]);
	return n;
}

/* Room for one record: its line and up to MEMFRAG_RUN_FRAMES frames. */
#define MEMFRAG_EVENT_TEXT	(256 + MEMFRAG_RUN_FRAMES * (KSYM_SYMBOL_LEN + 4))

/* Copies whole lines into ubuf; returns bytes copied or -errno. */
static ssize_t memfrag_events_copy(char __user *ubuf, size_t len)
{
	static char line[MEMFRAG_EVENT_TEXT];	/* under the read mutex */
	size_t done = 0;
	u64 dropped;
	int n;

	dropped = memfrag_events_dropped();
	if (dropped != memfrag_events_drops_shown) {
		n = scnprintf(line, sizeof(line), "# dropped %llu\n",
			      dropped - memfrag_events_drops_shown);
		if (n > len)
			return -EINVAL;
		if (copy_to_user(ubuf, line, n))
			return -EFAULT;
		WRITE_ONCE(memfrag_events_drops_shown, dropped);
		done = n;
	}
	for (;;) {
		struct memfrag_ring *r = memfrag_oldest_ring();
		u64 tail;

		if (!r)
			break;
		tail = r->tail;
		n = memfrag_format_event(line, sizeof(line),
					 &r->rec[tail % MEMFRAG_EVENTS_PER_CPU]);
		n = min_t(int, n, sizeof(line) - 1);
		if (done + n > len)
			break;
		if (copy_to_user(ubuf + done, line, n))
			return done ? done : -EFAULT;
		/* The slot may be reused only after it was copied out. */
		smp_store_release(&r->tail, tail + 1);
		done += n;
	}
	if (!done)
		return -EINVAL;		/* buffer too small for one line */
	return done;
}

static ssize_t memfrag_events_read(struct file *file, char __user *ubuf,
				   size_t len, loff_t *ppos)
{
	ssize_t ret;

	if (!len)
		return 0;
	for (;;) {
		if (mutex_lock_interruptible(&memfrag_events_read_mutex))
			return -ERESTARTSYS;
		if (memfrag_events_pending()) {
			ret = memfrag_events_copy(ubuf, len);
			mutex_unlock(&memfrag_events_read_mutex);
			return ret;
		}
		mutex_unlock(&memfrag_events_read_mutex);
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_event_interruptible(memfrag_events_wait,
					     memfrag_events_pending()))
			return -ERESTARTSYS;
	}
}

static __poll_t memfrag_events_poll(struct file *file, poll_table *wait)
{
	poll_wait(file, &memfrag_events_wait, wait);
	/* Pairs with wq_has_sleeper() in memfrag_events_record(). */
	smp_mb();
	return memfrag_events_pending() ? EPOLLIN | EPOLLRDNORM : 0;
}

const struct file_operations memfrag_events_fops = {
	.owner	= THIS_MODULE,
	.open	= nonseekable_open,
	.read	= memfrag_events_read,
	.poll	= memfrag_events_poll,
	.llseek	= noop_llseek,
};
