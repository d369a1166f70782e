// SPDX-License-Identifier: GPL-2.0
/*
 * memfrag stacks (builtin.h).  The file (Documentation/memfrag.rst):
 * "memfrag <version>", "format: <n>", "[direct]", then per stack a line
 * "count N error E" and its frames, each indented by two spaces.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <memfrag/memfrag.h>

#include "builtin.h"
#include "util/json.h"

#define MF_STACK_LINE	512
/* The stacks file's one section; files.h does not describe this file. */
#define MF_STACKS_DIRECT	"direct"	/* not a section name */

struct mf_stacks_out {
	const struct mf_globals *g;
	struct mf_json j;
	int open;		/* a stack's object is open (JSON) */
	unsigned int n;
};

static void mf_stack_close(struct mf_stacks_out *o)
{
	if (o->g->json && o->open) {
		mf_json_end(&o->j, ']');
		mf_json_end(&o->j, '}');
	}
	o->open = 0;
}

static int mf_stack_line(struct mf_stacks_out *o, const char *line,
			 const char *path, unsigned int lineno,
			 struct mf_error *err)
{
	unsigned long long count, error;
	char end;

	if (line[0] == ' ' && line[1] == ' ' && line[2] && o->n) {
		if (o->g->json)
			mf_json_str(&o->j, NULL, line + 2);
		else
			printf("    %s\n", line + 2);
		return 0;
	}
	if (sscanf(line, "count %llu error %llu%c", &count, &error, &end) != 2)
		return mf_fail(err, MF_EXIT_MALFORMED,
			       "%s:%u: expected \"count N error E\" or a frame, found '%.60s'",
			       path, lineno, line);
	mf_stack_close(o);
	o->n++;
	if (!o->g->json) {
		printf("%sstack %u: %llu direct compactions (error %llu)\n",
		       o->n > 1 ? "\n" : "", o->n, count, error);
		return 0;
	}
	mf_json_begin(&o->j, NULL, '{');
	/* the words of the stack's line, not column names */
	mf_json_u64(&o->j, "count", count);	/* not a column name */
	mf_json_u64(&o->j, "error", error);	/* not a column name */
	mf_json_begin(&o->j, "frames", '[');
	o->open = 1;
	return 0;
}

/* The view's title, or its JSON up to the list of stacks. */
static void mf_stacks_open(struct mf_stacks_out *o, const char *version,
			   long long format)
{
	if (!o->g->json) {
		puts("Kernel stacks of direct compaction requests that compacted, most frequent first");
		return;
	}
	mf_json_init(&o->j, stdout, 1);
	mf_json_begin(&o->j, NULL, '{');
	mf_json_str(&o->j, "view", "stacks");
	mf_json_str(&o->j, "version", version);
	mf_json_int(&o->j, "format", format);
	mf_json_begin(&o->j, MF_STACKS_DIRECT, '[');
}

int mf_stacks_main(int argc, char **argv, const struct mf_globals *g,
		   struct mf_source *src, struct mf_error *err)
{
	struct mf_stacks_out o = { .g = g };
	char path[4352], line[MF_STACK_LINE], version[64] = "";
	unsigned int lineno = 0;
	long long format = -1;
	int ret = 0, body = 0;
	FILE *in;

	if (argc > 1)
		return mf_usage_error("unexpected argument '%s'", argv[1]);
	if (g->interval)
		return mf_usage_error("%s", "stacks does not take -i");
	snprintf(path, sizeof(path), "%s/%s", mf_source_dir(src),
		 MEMFRAG_FILE_STACKS);
	in = fopen(path, "r");
	if (!in)
		return mf_open_error(src, path, errno, err);
	while (!ret && fgets(line, sizeof(line), in)) {
		lineno++;
		line[strcspn(line, "\n")] = '\0';
		if (lineno == 1 && sscanf(line, "memfrag %63s", version) == 1)
			continue;
		if (lineno == 2 && sscanf(line, "format: %lld", &format) == 1)
			continue;
		if (lineno <= 2) {
			ret = mf_fail(err, MF_EXIT_MALFORMED,
				      "%s:%u: expected the memfrag header", path,
				      lineno);
			break;
		}
		if (!strcmp(line, "[" MF_STACKS_DIRECT "]") && !body) {
			body = 1;
			mf_stacks_open(&o, version, format);
			continue;
		}
		if (!body || !line[0])
			continue;	/* a later section: not known yet */
		ret = mf_stack_line(&o, line, path, lineno, err);
	}
	fclose(in);
	if (!ret && lineno < 2)
		ret = mf_fail(err, MF_EXIT_MALFORMED, "%s: empty or truncated",
			      path);
	if (ret)
		return ret;
	if (!body)
		mf_stacks_open(&o, version, format);
	if (!g->json) {
		if (!o.n)
			puts("  none");
		return 0;
	}
	mf_stack_close(&o);
	mf_json_end(&o.j, ']');
	mf_json_end(&o.j, '}');
	mf_json_done(&o.j);
	return 0;
}
