// SPDX-License-Identifier: GPL-2.0
/*
 * Interval deltas, driven by the schema's column types.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "delta.h"
#include "schema.h"

static uint64_t mf_sub(uint64_t new, uint64_t old)
{
	return new >= old ? new - old : new;
}

/* Whether rows a (of section sa) and b (of sb) have the same key columns. */
static int mf_same_key(const struct mf_secspec *ss,
		       const struct mf_section *sa, const struct mf_row *a,
		       const struct mf_section *sb, const struct mf_row *b)
{
	const struct mf_colspec *c;

	for (c = ss->cols; c->name; c++)
		if (mf_is_key_type(c->type) &&
		    strcmp(mf_str(sa, a, c->name), mf_str(sb, b, c->name)))
			return 0;
	return 1;
}

static const struct mf_row *mf_find_row(const struct mf_secspec *ss,
					const struct mf_section *old,
					const struct mf_section *s,
					const struct mf_row *r)
{
	unsigned int i;

	for (i = 0; old && i < old->nrow; i++)
		if (mf_same_key(ss, old, &old->rows[i], s, r))
			return &old->rows[i];
	return NULL;
}

/* Whether a counter of old's section went down or one of its rows went. */
static int mf_was_reset(const struct mf_secspec *ss,
			const struct mf_section *old,
			const struct mf_section *s)
{
	const struct mf_colspec *c;
	const struct mf_row *r;
	uint64_t ov, nv;
	unsigned int i;

	for (i = 0; old && i < old->nrow; i++) {
		r = mf_find_row(ss, s, old, &old->rows[i]);
		for (c = ss->cols; c->name; c++) {
			if (c->type != MF_T_COUNT ||
			    mf_u64(old, &old->rows[i], c->name, &ov) || !ov)
				continue;
			if (!r || (!mf_u64(s, r, c->name, &nv) && nv < ov))
				return 1;
		}
	}
	return 0;
}

static void mf_delta_section(const struct mf_secspec *ss,
			     const struct mf_section *old,
			     const struct mf_section *s, struct mf_file *out)
{
	struct mf_section *d = mf_add_section(out, s->name, s->line);
	uint64_t nv, ov, runs, total;
	unsigned int i, k;
	const struct mf_row *o;
	char **tok;
	int changed, col, mean;

	mf_set_columns(out, d, s->header, s->ncol, s->col);
	if (ss->flags & MEMFRAG_SEC_NOTE)
		return;
	for (i = 0; i < s->nrow; i++) {
		const struct mf_row *r = &s->rows[i];
		const struct mf_colspec *c;

		o = mf_find_row(ss, old, s, r);
		tok = mf_xmalloc(r->ntok * sizeof(char *));
		for (k = 0; k < r->ntok; k++)
			tok[k] = r->tok[k];
		changed = 0;
		mean = -1;
		for (c = ss->cols; c->name; c++) {
			col = mf_col(s, c->name);
			if (c->type == MF_T_MEAN)
				mean = col;
			if (c->type != MF_T_COUNT ||
			    mf_u64(s, r, c->name, &nv))
				continue;
			ov = 0;
			if (o && mf_u64(old, o, c->name, &ov))
				ov = 0;
			nv = mf_sub(nv, ov);
			changed |= nv != 0;
			tok[col] = mf_printf(&out->arena, "%llu",
					     (unsigned long long)nv);
		}
		if (mean >= 0 && mf_col(s, MF_COL(runs)) >= 0 &&
		    mf_col(s, MF_COL(total_us)) >= 0) {
			/* the mean of the interval's runs alone */
			runs = 0;
			total = 0;
			mf_parse_u64(tok[mf_col(s, MF_COL(runs))], &runs);
			mf_parse_u64(tok[mf_col(s, MF_COL(total_us))], &total);
			tok[mean] = mf_printf(&out->arena, "%llu",
					      (unsigned long long)
					      (runs ? total / runs : 0));
		}
		if (changed || (ss->flags & MEMFRAG_SEC_ALLROWS))
			mf_add_row(out, d, r->ntok, tok, r->line);
		free(tok);
	}
}

static void mf_delta_pairs(const char *old, const char *new,
			   struct mf_file *out, const char *key)
{
	char buf[1024], name[64];
	size_t len = 0;
	unsigned long long n;
	const char *p = new;
	int used;

	buf[0] = '\0';
	while (*p && len < sizeof(buf) - 100) {
		used = mf_pair_next(p, name, &n);
		if (!used)
			break;
		len += snprintf(buf + len, sizeof(buf) - len, "%s%s=%llu",
				len ? " " : "", name,
				(unsigned long long)mf_sub(n, mf_pair(old, name)));
		p += used;
		p += strspn(p, " ");
	}
	mf_add_kv(out, key, buf, 0);
}

static void mf_delta_sections(const struct mf_filespec *fs,
			      const struct mf_file *old,
			      const struct mf_file *new, struct mf_file *out)
{
	const struct mf_secspec *ss;
	const struct mf_section *s;

	for (ss = fs->secs; ss->name; ss++) {
		s = mf_section(new, ss->name);
		if (s)
			mf_delta_section(ss, out->reset ? NULL :
					 mf_section(old, ss->name), s, out);
	}
}

/* Two reads of a file, for mf_delta_went_down(). */
struct mf_delta_pair {
	const struct mf_filespec *fs;
	const struct mf_file *old, *new;
};

static enum mf_restart mf_delta_went_down(void *ctx)
{
	const struct mf_delta_pair *d = ctx;
	const struct mf_secspec *ss;
	const struct mf_section *s;

	for (ss = d->fs->secs; ss->name; ss++) {
		s = mf_section(d->new, ss->name);
		if (s && mf_was_reset(ss, mf_section(d->old, ss->name), s))
			/* status counts since load: only a reload clears it */
			return strcmp(d->new->name, MEMFRAG_FILE_STATUS) ?
			       MF_RESTART_RESET : MF_RESTART_RELOAD;
	}
	return MF_RESTART_NONE;
}

void mf_delta(const struct mf_file *old, const struct mf_file *new,
	      struct mf_file *out)
{
	mf_delta_ids(old, new, out, NULL, NULL);
}

void mf_delta_ids(const struct mf_file *old, const struct mf_file *new,
		  struct mf_file *out, const struct mf_module_id *old_id,
		  const struct mf_module_id *new_id)
{
	const struct mf_filespec *fs = mf_filespec(new->name);
	struct mf_delta_pair pair = { fs, old, new };
	enum mf_restart r;
	unsigned int i;
	const char *ov;
	int held;

	mf_file_init(out, new->name, new->path);
	out->version = mf_strdup(&out->arena, new->version);
	out->format = new->format;
	for (i = 0; i < new->nkv; i++) {
		const struct mf_kv *kv = &new->kv[i];
		const struct mf_colspec *c = mf_kvspec(new, kv->key);

		ov = mf_kv(old, kv->key);
		/* "a=1 b=2" lines are counters too (status's drops) */
		if (c && c->type == MF_T_PAIRS && ov)
			mf_delta_pairs(ov, kv->val, out, kv->key);
		else
			mf_add_kv(out, kv->key, kv->val, kv->line);
	}
	if (!fs)
		return;
	r = mf_restart(old_id, new_id, mf_delta_went_down, &pair);
	out->reset = strcmp(new->name, MEMFRAG_FILE_STATUS) ?
		     r != MF_RESTART_NONE : r == MF_RESTART_RELOAD;
	mf_delta_sections(fs, old, new, out);
	/* zones of older formats: pagetypes' sections, snapshots too */
	fs = mf_moved_spec(new, &held);
	if (fs && held)
		mf_delta_sections(fs, old, new, out);
}
