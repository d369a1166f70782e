// SPDX-License-Identifier: GPL-2.0
/*
 * Reading the files, and explaining why they cannot be read.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <memfrag/memfrag.h>

#include "schema.h"
#include "source.h"

/* <linux/magic.h>; the tool needs libc headers only. */
#define MF_DEBUGFS_MAGIC	0x64626720

void mf_source_init(struct mf_source *src, const char *debugfs)
{
	memset(src, 0, sizeof(*src));
	src->debugfs = debugfs && *debugfs ? debugfs : MF_DEBUGFS_DEFAULT;
	snprintf(src->live, sizeof(src->live), "%s/%s", src->debugfs,
		 MEMFRAG_DEBUGFS_DIR);
}

void mf_source_add_dir(struct mf_source *src, const char *dir)
{
	size_t len = strlen(dir);

	src->dirs = mf_xrealloc(src->dirs, (src->ndirs + 1) * sizeof(char *));
	src->dirs[src->ndirs] = mf_xmalloc(len + 1);
	memcpy(src->dirs[src->ndirs++], dir, len + 1);
}

const char *mf_source_dir(const struct mf_source *src)
{
	if (!src->ndirs)
		return src->live;
	if (src->sample < src->ndirs)
		return src->dirs[src->sample];
	return src->dirs[src->ndirs - 1];
}

void mf_source_next(struct mf_source *src)
{
	src->sample++;
}

void mf_source_free(struct mf_source *src)
{
	unsigned int i;

	for (i = 0; i < src->ndirs; i++)
		free(src->dirs[i]);
	free(src->dirs);
	src->dirs = NULL;
	src->ndirs = 0;
}

static int mf_is_debugfs(const char *path)
{
	struct statfs sfs;

	return !statfs(path, &sfs) &&
	       (unsigned long)sfs.f_type == MF_DEBUGFS_MAGIC;
}

/* Why path (in the current sample's directory) could not be opened. */
int mf_open_error(const struct mf_source *src, const char *path, int errnum,
		  struct mf_error *err)
{
	const char *dir = mf_source_dir(src);
	struct stat st;

	if (errnum == EACCES || errnum == EPERM)
		return mf_fail(err, MF_EXIT_PERM,
			       "cannot read %s: %s\nmemfrag's files are readable by root only: run memfrag as root (e.g. sudo memfrag)",
			       path, strerror(errnum));
	if (errnum != ENOENT && errnum != ENOTDIR)
		return mf_fail(err, MF_EXIT_ERROR, "cannot open %s: %s", path,
			       strerror(errnum));
	if (src->ndirs) {
		if (stat(dir, &st) || !S_ISDIR(st.st_mode))
			return mf_fail(err, MF_EXIT_NO_FILE,
				       "%s: no such directory (given with -d or MEMFRAG_DIR)",
				       dir);
		return mf_fail(err, MF_EXIT_NO_FILE,
			       "%s: no such file (is %s a copy of %s?)",
			       path, dir, MF_DEBUGFS_DEFAULT "/" MEMFRAG_DEBUGFS_DIR);
	}
	if (!mf_is_debugfs(src->debugfs))
		return mf_fail(err, MF_EXIT_NO_DEBUGFS,
			       "debugfs is not mounted on %s\nmount it with: mount -t debugfs none %s",
			       src->debugfs, src->debugfs);
	if (stat(dir, &st)) {
		if (errno == EACCES || errno == EPERM)
			return mf_open_error(src, dir, errno, err);
		return mf_fail(err, MF_EXIT_NO_MODULE,
			       "the memfrag module is not loaded (there is no %s)\nload it with: insmod memfrag.ko (or: modprobe memfrag)",
			       dir);
	}
	return mf_fail(err, MF_EXIT_NO_FILE,
		       "%s: no such file: the loaded memfrag module (not %s?) does not match this tool",
		       path, MEMFRAG_VERSION);
}

static int mf_read_all(int fd, const char *path, char **data, size_t *len,
		       struct mf_error *err)
{
	size_t cap = 16384, n = 0;
	char *buf = mf_xmalloc(cap);
	ssize_t r;

	for (;;) {
		if (n == cap) {
			if (cap > MF_MAX_FILE_SIZE) {
				free(buf);
				return mf_fail(err, MF_EXIT_MALFORMED,
					       "%s: too large", path);
			}
			cap *= 2;
			buf = mf_xrealloc(buf, cap);
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;

			free(buf);
			if (e == EACCES || e == EPERM)
				return mf_fail(err, MF_EXIT_PERM,
					       "cannot read %s: %s: run memfrag as root",
					       path, strerror(e));
			return mf_fail(err, MF_EXIT_ERROR, "cannot read %s: %s",
				       path, strerror(e));
		}
		if (!r)
			break;
		n += r;
	}
	*data = buf;
	*len = n;
	return 0;
}

/*
 * Reads at most size - 1 bytes of path into buf (NUL-terminated), without
 * the newline that ends them: 0, or -1 with errno set.
 */
static int mf_read_small(const char *path, char *buf, size_t size)
{
	ssize_t r;
	int fd, e;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	do
		r = read(fd, buf, size - 1);
	while (r < 0 && errno == EINTR);
	e = errno;
	close(fd);
	if (r < 0) {
		errno = e;
		return -1;
	}
	buf[r] = '\0';
	if (r && buf[r - 1] == '\n')
		buf[r - 1] = '\0';
	return 0;
}

/*
 * vm.compaction_proactiveness when the current sample was read, for the
 * zones thresholds (mf_add_tool_keys()): from the sysctl for the live
 * module; in a -d directory, from its copy there, MF_PROACTIVENESS_COPY.
 * *val is buf, or NULL when it is unknown (no sysctl, no copy).  Returns
 * 0, or an exit status when the copy cannot be read or holds something
 * else than a number from 0 to 100.
 */
static int mf_proactiveness(const struct mf_source *src, char *buf,
			    size_t size, const char **val,
			    struct mf_error *err)
{
	char path[4352];
	long long p;

	*val = NULL;
	if (!src->ndirs) {
		if (!mf_read_small(MF_PROACTIVENESS_SYSCTL, buf, size) &&
		    !mf_parse_int(buf, &p) && p >= 0 &&
		    p <= MF_PROACTIVENESS_MAX)
			*val = buf;
		return 0;
	}
	snprintf(path, sizeof(path), "%s/%s", mf_source_dir(src),
		 MF_PROACTIVENESS_COPY);
	if (mf_read_small(path, buf, size)) {
		if (errno == ENOENT)
			return 0;
		if (errno == EACCES || errno == EPERM)
			return mf_fail(err, MF_EXIT_PERM, "cannot read %s: %s",
				       path, strerror(errno));
		return mf_fail(err, MF_EXIT_ERROR, "cannot read %s: %s", path,
			       strerror(errno));
	}
	if (mf_parse_int(buf, &p) || p < 0 || p > MF_PROACTIVENESS_MAX)
		return mf_fail(err, MF_EXIT_MALFORMED,
			       "%s: \"%.32s\" is not a value of vm.compaction_proactiveness (0 to %d)",
			       path, buf, MF_PROACTIVENESS_MAX);
	*val = buf;
	return 0;
}

int mf_load(const struct mf_source *src, const char *name, struct mf_file *f,
	    struct mf_error *err)
{
	char proactiveness[32];
	const char *pro;
	char path[4352];
	char *data = NULL;
	size_t len = 0;
	int fd, ret;

	snprintf(path, sizeof(path), "%s/%s", mf_source_dir(src), name);
	mf_file_init(f, name, path);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return mf_open_error(src, path, errno, err);
	ret = mf_read_all(fd, path, &data, &len, err);
	close(fd);
	if (ret)
		return ret;
	mf_file_free(f);
	ret = mf_parse(f, name, path, data, len, err);
	free(data);
	if (!ret)
		ret = mf_validate(f, err);
	if (!ret && mf_has_tool_keys(f)) {
		ret = mf_proactiveness(src, proactiveness,
				       sizeof(proactiveness), &pro, err);
		if (!ret)
			mf_add_tool_keys(f, pro);
	}
	return ret;
}

int mf_reset(const struct mf_source *src, struct mf_error *err)
{
	char path[4352];
	int fd;
	ssize_t r;

	snprintf(path, sizeof(path), "%s/%s", mf_source_dir(src),
		 MEMFRAG_FILE_RESET);
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return mf_open_error(src, path, errno, err);
	r = write(fd, "1", 1);
	if (r != 1) {
		int e = r < 0 ? errno : EIO;

		close(fd);
		if (e == EACCES || e == EPERM)
			return mf_open_error(src, path, e, err);
		return mf_fail(err, MF_EXIT_ERROR,
			       "writing \"1\" to %s failed: %s", path,
			       strerror(e));
	}
	if (close(fd))
		return mf_fail(err, MF_EXIT_ERROR, "writing %s failed: %s",
			       path, strerror(errno));
	return 0;
}
