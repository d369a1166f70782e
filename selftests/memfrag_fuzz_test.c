// SPDX-License-Identifier: GPL-2.0
/*
 * Random writes to every writable file of memfrag (those files.h gives a
 * write mode, such as reset, which takes only "1" or "1\n") change
 * nothing unless the write is an accepted form, and an accepted form
 * resets.  MEMFRAG_FUZZ_WRITES (default 100000) writes; MEMFRAG_FUZZ_SEED
 * replays a run (the seed is printed).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lib_hist.h"
#include "lib_proc.h"

#define WRITES_DEFAULT	100000
#define MAX_LEN		8192
/* Refused writes between two checks of the counters. */
#define BATCH		2000
/* A new open file every so many writes. */
#define REOPEN_EVERY	4096

#define BEGIN_TP	MEMFRAG_TP(BEGIN)
#define HIST_KEYS	"sync"

/* ------------------------------------------------------------ the input */

/* splitmix64: a seed replays the same sequence on every machine. */
static uint64_t next_rand(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Near misses of "1" and "1\n", and other inputs a parser gets wrong. */
static const struct {
	const char *s;
	size_t len;
} near[] = {
#define NEAR(lit)	{ lit, sizeof(lit) - 1 }
	NEAR(""), NEAR("\n"), NEAR("0"), NEAR("0\n"), NEAR("2"),
	NEAR("11"), NEAR("10"), NEAR("1\n\n"), NEAR("1\n1"), NEAR(" 1"),
	NEAR("1 "), NEAR("1\t"), NEAR("\t1"), NEAR("1\r"), NEAR("1\r\n"),
	NEAR("+1"), NEAR("-1"), NEAR("01"), NEAR("0x1"), NEAR("1\0"),
	NEAR("1\n\0"), NEAR("\0001"), NEAR("\n1"), NEAR("1x"), NEAR("y"),
	NEAR("Y"), NEAR("yes"), NEAR("on"), NEAR("true"), NEAR("\xef\xbc\x91"),
	NEAR("1\n\n\n"), NEAR("\x31\x0a\x31\x0a"), NEAR("\x31\x8a"),
	NEAR("\xb1"), NEAR("\xb1\n"),
#undef NEAR
};

/* Bytes the grammar cares about, for short inputs. */
static const char alphabet[] = { '1', '\n', '0', ' ', '\t', '\r', '\0', '2' };

enum kind { K_ACCEPT, K_NEAR, K_SHORT, K_RANDOM, NR_KINDS };

static const char *const kind_names[NR_KINDS] = {
	"accepted forms", "near misses", "short (0-8 bytes)",
	"random (0-8192 bytes)",
};

static void fill_random(uint64_t *rng, unsigned char *buf, size_t len)
{
	uint64_t r;
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		r = next_rand(rng);
		memcpy(buf + i, &r, 8);
	}
	r = next_rand(rng);
	memcpy(buf + i, &r, len - i);
}

/* One input into buf; its length.  *kind says how it was made. */
static size_t make_input(uint64_t *rng, unsigned char *buf, enum kind *kind)
{
	uint64_t r = next_rand(rng);
	unsigned int sel = r % 1024;
	size_t len, i;

	r >>= 10;
	if (sel < 1) {
		*kind = K_ACCEPT;
		len = 1 + (r & 1);
		memcpy(buf, "1\n", len);
		return len;
	}
	if (sel < 64) {
		*kind = K_NEAR;
		i = r % ARRAY_SIZE(near);
		memcpy(buf, near[i].s, near[i].len);
		len = near[i].len;
		/* Sometimes the accepted form, padded to a length at a limit. */
		if (!(r & 0x70000)) {
			static const size_t limits[] = {
				3, 4095, 4096, 4097, MAX_LEN - 1, MAX_LEN,
			};

			len = limits[(r >> 20) % ARRAY_SIZE(limits)];
			memcpy(buf, "1\n", 2);
			memset(buf + 2, r >> 24 & 1 ? '\n' : '\0', len - 2);
		}
		return len;
	}
	if (sel < 320) {
		*kind = K_SHORT;
		len = r % 9;
		r = next_rand(rng);
		for (i = 0; i < len; i++, r >>= 4)
			buf[i] = r & 8 ? (unsigned char)(r >> 32) :
					 alphabet[r & 7];
		return len;
	}
	*kind = K_RANDOM;
	len = r % (MAX_LEN + 1);
	fill_random(rng, buf, len);
	return len;
}

/* ------------------------------------------------ the documented grammars */

/* reset: exactly "1", or "1" and a newline. */
static bool reset_accepts(const unsigned char *buf, size_t len)
{
	return (len == 1 && buf[0] == '1') ||
	       (len == 2 && buf[0] == '1' && buf[1] == '\n');
}

static const struct {
	const char *name;
	bool (*accepts)(const unsigned char *buf, size_t len);
} grammars[] = {
	{ MEMFRAG_FILE_RESET, reset_accepts },
};

/* --------------------------------------------------- the counter it moves */

struct snapshot {
	long long begins;	/* memfrag's, all zones */
	long long hist;		/* the hist trigger's total */
};

/* Both, at a moment no compaction run began. */
static int snapshot(struct snapshot *s)
{
	struct kv_map *m = calloc(1, sizeof(*m));

	if (!m)
		return -1;
	s->hist = quiet_section_map(BEGIN_TP, MEMFRAG_FILE_COMPACTION,
				    MEMFRAG_SEC_NAME(begins), NULL,
				    MEMFRAG_COL_NAME(begins), m);
	s->begins = kv_total(m);
	free(m);
	return s->hist < 0 ? -1 : 0;
}

/* ---------------------------------------------------------------- tests */

FIXTURE(fuzz) {
	bool trigger;
};

FIXTURE_SETUP(fuzz)
{
	self->trigger = false;
	if (mft_skip_unless_ready(_metadata))
		return;
	if (mft_loaded())
		ASSERT_EQ(0, mft_unload());
	ASSERT_EQ(0, mft_load(NULL));
}

FIXTURE_TEARDOWN(fuzz)
{
	if (self->trigger)
		hist_trigger_remove(BEGIN_TP, HIST_KEYS);
	if (mft_loaded())
		mft_unload();
}

/* The regular files of memfrag's directory that have a write bit. */
static int writable_files(char names[][64], int max)
{
	struct dirent *d;
	char path[512];
	struct stat st;
	int n = 0;
	DIR *dir;

	dir = opendir(MEMFRAG_DIR);
	if (!dir)
		return -errno;
	while ((d = readdir(dir)) && n < max) {
		snprintf(path, sizeof(path), MEMFRAG_DIR "/%s", d->d_name);
		if (stat(path, &st) || !S_ISREG(st.st_mode) ||
		    !(st.st_mode & 0222))
			continue;
		snprintf(names[n++], 64, "%.63s", d->d_name);
	}
	closedir(dir);
	return n;
}

#define FILE_MODE_(id, mode, keys, sections)	{ MEMFRAG_FILE_##id, mode },
static const struct {
	const char *name;
	int mode;
} files[] = {
	MEMFRAG_FILES(FILE_MODE_)
};

/* Directory and files.h agree on which files are writable. */
TEST_F_TIMEOUT(fuzz, writable_files_are_the_listed_ones, 120)
{
	char names[32][64];
	int n, i, listed = 0;
	size_t k;

	n = writable_files(names, 32);
	ASSERT_LT(0, n);
	for (k = 0; k < ARRAY_SIZE(files); k++) {
		bool found = false;

		if (!(files[k].mode & 0222))
			continue;
		listed++;
		for (i = 0; i < n; i++)
			found |= !strcmp(names[i], files[k].name);
		EXPECT_TRUE(found) TH_LOG("%s is not writable", files[k].name);
	}
	EXPECT_EQ(listed, n);
}

struct tally {
	long long writes, accepted, refused, bytes;
	long long kinds[NR_KINDS], kinds_accepted[NR_KINDS];
	long long bad, checks;
};

/* Prints one wrong answer: what was written and what came back. */
static void show_bad(const char *file, long long nr, const unsigned char *buf,
		     size_t len, bool want, ssize_t ret, int err)
{
	char hex[3 * 16 + 1] = "";
	size_t i;

	for (i = 0; i < len && i < 16; i++)
		snprintf(hex + 3 * i, sizeof(hex) - 3 * i, "%02x ", buf[i]);
	ksft_print_msg("%s: write %lld of %zu bytes (%s%s): want %s, got %zd (%s)\n",
		       file, nr, len, hex, len > 16 ? "..." : "",
		       want ? "accepted" : "EINVAL", ret,
		       ret < 0 ? strerror(err) : "no error");
}

/*
 * The counters moved by exactly what the kernel counted since last
 * (reset false), or were reset in between (reset true).  Updates last.
 */
static bool check_counts(struct snapshot *last, bool reset, struct tally *t)
{
	struct snapshot now;
	long long began;

	if (snapshot(&now))
		return false;
	t->checks++;
	began = now.hist - last->hist;
	if (reset ? now.begins > began : now.begins != last->begins + began) {
		ksft_print_msg("begins %lld, was %lld, %lld runs began since: %s\n",
			       now.begins, last->begins, began,
			       reset ? "not reset" : "changed by a refused write");
		*last = now;
		return false;
	}
	*last = now;
	return true;
}

static void fuzz_file(struct __test_metadata *_metadata, const char *file,
		      bool (*accepts)(const unsigned char *, size_t),
		      long long writes, uint64_t seed)
{
	static unsigned char buf[MAX_LEN + 8];
	struct tally t = { 0 };
	struct snapshot last;
	uint64_t rng = seed;
	long long i, pending = 0, t0, t_writes = 0, t1;
	struct timespec ts0, ts1;
	char path[256];
	enum kind kind;
	bool want;
	ssize_t ret;
	size_t len;
	int fd = -1, err;

	snprintf(path, sizeof(path), MEMFRAG_DIR "/%.63s", file);
	ASSERT_EQ(0, compact_all_memory());
	ASSERT_EQ(0, snapshot(&last));
	ASSERT_LT(0, last.begins);
	clock_gettime(CLOCK_MONOTONIC, &ts0);
	t0 = ts0.tv_sec * 1000LL + ts0.tv_nsec / 1000000;
	for (i = 0; i < writes; i++) {
		len = make_input(&rng, buf, &kind);
		want = accepts(buf, len);
		if (want) {
			/* The refused ones so far changed nothing... */
			if (pending && !check_counts(&last, false, &t))
				t.bad++;
			pending = 0;
			/* ... and there is something for this one to reset. */
			if (!last.begins) {
				ASSERT_EQ(0, compact_all_memory());
				ASSERT_EQ(0, snapshot(&last));
				ASSERT_LT(0, last.begins);
			}
		}
		if (fd < 0 || i % REOPEN_EVERY == 0) {
			if (fd >= 0)
				close(fd);
			fd = open(path, O_WRONLY | O_CLOEXEC);
			ASSERT_LE(0, fd) TH_LOG("%s: %s", path, strerror(errno));
		}
		clock_gettime(CLOCK_MONOTONIC, &ts0);
		ret = write(fd, buf, len);
		err = errno;
		clock_gettime(CLOCK_MONOTONIC, &ts1);
		t_writes += (ts1.tv_sec - ts0.tv_sec) * 1000000000LL +
			    ts1.tv_nsec - ts0.tv_nsec;
		t.writes++;
		t.bytes += len;
		t.kinds[kind]++;
		if (want ? ret != (ssize_t)len : ret != -1 || err != EINVAL) {
			if (t.bad < 10)
				show_bad(file, i, buf, len, want, ret, err);
			t.bad++;
		}
		if (ret == (ssize_t)len) {
			t.accepted++;
			t.kinds_accepted[kind]++;
			if (!check_counts(&last, true, &t))
				t.bad++;
			continue;
		}
		t.refused++;
		if (++pending == BATCH) {
			if (!check_counts(&last, false, &t))
				t.bad++;
			pending = 0;
		}
	}
	if (pending && !check_counts(&last, false, &t))
		t.bad++;
	if (fd >= 0)
		close(fd);
	clock_gettime(CLOCK_MONOTONIC, &ts1);
	t1 = ts1.tv_sec * 1000LL + ts1.tv_nsec / 1000000;

	ksft_print_msg("%s: %lld writes (%lld bytes) in %lld ms, %lld ms of it in write() (%lld writes/s): %lld accepted, %lld refused, %lld counter checks\n",
		       file, t.writes, t.bytes, t1 - t0, t_writes / 1000000,
		       t_writes ? t.writes * 1000000000LL / t_writes : 0,
		       t.accepted, t.refused, t.checks);
	for (i = 0; i < NR_KINDS; i++)
		ksft_print_msg("  %-22s %7lld, %lld accepted\n", kind_names[i],
			       t.kinds[i], t.kinds_accepted[i]);
	EXPECT_EQ(0, t.bad);
	EXPECT_EQ(writes, t.writes);
	EXPECT_LT(0, t.accepted);
}

/*
 * Writes of 0 to 8 KiB: mostly random bytes of random length, some short
 * ones from an alphabet of the bytes the grammar cares about, some near
 * misses of the accepted forms, and now and then an accepted form.
 * "Changes nothing" and "resets" are checked on the begins of the
 * compaction file, a count that only a reset takes down: between two
 * quiet reads (hist_quiet_read()) it must grow by exactly what a hist
 * trigger on mm_compaction_begin counted, unless an accepted write came
 * between them; after an accepted write it must be at most that, although
 * it was not 0 before.
 */
TEST_F_TIMEOUT(fuzz, random_writes_accepted_as_documented, 1500)
{
	long long writes = WRITES_DEFAULT;
	const char *env = getenv("MEMFRAG_FUZZ_WRITES");
	char names[32][64];
	uint64_t seed;
	int n, i;
	size_t k;

	if (env && *env)
		writes = strtoll(env, NULL, 0);
	env = getenv("MEMFRAG_FUZZ_SEED");
	if (env && *env)
		seed = strtoull(env, NULL, 0);
	else
		seed = (uint64_t)time(NULL) << 20 ^ getpid();
	ksft_print_msg("seed %llu (replay with MEMFRAG_FUZZ_SEED=%llu)\n",
		       (unsigned long long)seed, (unsigned long long)seed);
	if (!kernel_has_hist(BEGIN_TP))
		SKIP(return, "kernel lacks %s or CONFIG_HIST_TRIGGERS",
		     BEGIN_TP);
	ASSERT_EQ(0, hist_trigger_add(BEGIN_TP, HIST_KEYS));
	self->trigger = true;

	n = writable_files(names, 32);
	ASSERT_LT(0, n);
	for (i = 0; i < n; i++) {
		for (k = 0; k < ARRAY_SIZE(grammars); k++)
			if (!strcmp(names[i], grammars[k].name))
				break;
		EXPECT_LT(k, ARRAY_SIZE(grammars))
			TH_LOG("%s is writable, but this test knows no documented grammar for it",
			       names[i]);
		if (k == ARRAY_SIZE(grammars))
			continue;
		fuzz_file(_metadata, names[i], grammars[k].accepts, writes,
			  seed);
	}
}

TEST_HARNESS_MAIN
