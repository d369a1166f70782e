// SPDX-License-Identifier: GPL-2.0
/*
 * gen-lists - prints one of the name lists of include/memfrag/, one name
 * a line, for the files that cannot include a C header: the man page, the
 * JSON Schema, the fuzz dictionary, the benchmark's guest script.
 * scripts/lists.sh puts them in place and checks that they are.
 *
 *   gen-lists LIST          LIST: tracepoints (system:name), drops,
 *                           triggers, background (the triggers no task
 *                           waits for), results, priorities, modes,
 *                           migratetypes, files, sections, keys
 *   gen-lists columns NAME  the columns of section NAME
 *   gen-lists layout        every file's keys, sections and columns with
 *                           their types, a line each: "F file", "K key
 *                           TYPE", "S section FLAGS ORDER_TYPE", "C column
 *                           TYPE" (FLAGS: MEMFRAG_SEC_*, in decimal)
 *   gen-lists dict          libFuzzer's dictionary of every name above, in
 *                           the form the files spell it
 */
#include <stdio.h>
#include <string.h>

#include <memfrag/memfrag.h>

struct list {
	const char *name;
	const char *const *items;
};

#define NAME_2(a, b)		#b,
#define NAME_3(a, b, c)		#b,
#define NAME_3C(a, b, c)	#c,
#define TP_(id, sys, name, what)	#sys ":" #name,
#define TRIGGER_BG_(id, name, what)					\
	MEMFRAG_TRIGGER_##id == MEMFRAG_TRIGGER_DIRECT ? NULL : #name,
#define FILE_(id, mode, keys, sections)	MEMFRAG_FILE_##id,

static const char *const tracepoints[] = { MEMFRAG_TRACEPOINTS(TP_) NULL };
static const char *const drops[] = { MEMFRAG_DROPS(NAME_3) NULL };
static const char *const triggers[] = { MEMFRAG_TRIGGERS(NAME_3) NULL };
static const char *const results[] = { MEMFRAG_RESULTS(NAME_3C) NULL };
static const char *const prios[] = { MEMFRAG_PRIORITIES(NAME_3C) NULL };
static const char *const modes[] = { MEMFRAG_MODES(NAME_2) NULL };
static const char *const mts[] = { MEMFRAG_MIGRATETYPES(NAME_2) NULL };
static const char *const files[] = { MEMFRAG_FILES(FILE_) NULL };

/* Direct compaction is the stall a task waits for; the rest run apart. */
static const char *const background_all[] = {
	MEMFRAG_TRIGGERS(TRIGGER_BG_) NULL
};

/*
 * Every section of every file, with its columns: S(name, ..., columns),
 * the name first and the columns last.
 */
struct section {
	const char *name;	/* as written: an identifier or "a string" */
	const char *const *columns;
};

#define COL_(name, type, width)	#name,
#define SEC_PICK_(_1, _2, _3, _4, _5, pick, ...)	pick
#define SEC_COLS4_(a, b, c, columns)		columns
#define SEC_COLS5_(a, b, c, d, columns)		columns
#define SEC_COLS_(...)							\
	SEC_PICK_(__VA_ARGS__, SEC_COLS5_, SEC_COLS4_, -)(__VA_ARGS__)
#define SEC_(name, ...)							\
	{ #name, (const char *const []){ SEC_COLS_(name, __VA_ARGS__)(COL_) NULL } },
#define FILE_SECTIONS_(id, mode, keys, sections)	sections(SEC_)
static const struct section sections[] = {
	MEMFRAG_FILES(FILE_SECTIONS_) { NULL, NULL }
};

/* A section's name without the quotes it may be written in. */
static const char *section_name(const struct section *s, char *buf,
				size_t size)
{
	size_t n = strlen(s->name);

	if (n >= 2 && s->name[0] == '"')
		snprintf(buf, size, "%.*s", (int)(n - 2), s->name + 1);
	else
		snprintf(buf, size, "%s", s->name);
	return buf;
}

#define KEY_(name, type)	#name,
#define FILE_KEYS_(id, mode, keys, sections)	keys(KEY_)
static const char *const keys[] = { MEMFRAG_FILES(FILE_KEYS_) NULL };

static void print_list(const char *const *v, const char *fmt)
{
	for (; *v; v++)
		printf(fmt, *v);
}

/* A name listed twice (page_size, in status and zones) is printed once. */
static void print_unique(const char *const *v, const char *fmt)
{
	const char *const *w;

	for (w = v; *w; w++) {
		const char *const *u;

		for (u = v; u < w && strcmp(*u, *w); u++)
			;
		if (u == w)
			printf(fmt, *w);
	}
}

static void print_background(void)
{
	size_t i;

	for (i = 0; i < sizeof(background_all) / sizeof(*background_all); i++)
		if (background_all[i])
			printf("%s\n", background_all[i]);
}

static int print_columns(const char *name)
{
	const struct section *s;

	char buf[64];

	for (s = sections; s->name; s++) {
		if (strcmp(section_name(s, buf, sizeof(buf)), name))
			continue;
		print_list(s->columns, "%s\n");
		return 0;
	}
	fprintf(stderr, "gen-lists: no section %s\n", name);
	return 1;
}

/* One line of the layout: kind F (file), K (key), S (section), C (column). */
struct layout_line {
	char kind;
	const char *name, *type;
	int flags;
};

#define LAYOUT_KEY_(name, type)		{ 'K', #name, #type, 0 },
#define LAYOUT_COL_(name, type, width)	{ 'C', #name, #type, 0 },
#define LAYOUT_SEC_(name, flags, order_type, columns)			\
	{ 'S', #name, #order_type, (flags) }, columns(LAYOUT_COL_)
#define LAYOUT_FILE_(id, mode, keys, sections)				\
	{ 'F', MEMFRAG_FILE_##id, NULL, 0 }, keys(LAYOUT_KEY_) sections(LAYOUT_SEC_)

static const struct layout_line layout[] = {
	MEMFRAG_FILES(LAYOUT_FILE_)
};

static void print_layout(void)
{
	const struct layout_line *l;

	for (l = layout; l < layout + sizeof(layout) / sizeof(*layout); l++)
		if (l->kind == 'F')
			printf("F %s\n", l->name);
		else if (l->kind == 'S')
			printf("S %s %d %s\n", l->name, l->flags, l->type);
		else
			printf("%c %s %s\n", l->kind, l->name, l->type);
}

/* libFuzzer's dictionary: each name as the files spell it. */
static void print_dict(void)
{
	const struct section *s;
	const char *const *d;
	char buf[64];

	printf("# The names of include/memfrag/, as the files spell them.\n");
	for (s = sections; s->name; s++)
		if (*section_name(s, buf, sizeof(buf)))
			printf("\"[%s]\"\n", buf);
	for (s = sections; s->name; s++)
		print_unique(s->columns, "\"%s\"\n");
	print_unique(keys, "\"%s: \"\n");
	for (d = drops; *d; d++)
		printf("\"%s=0\"\n", *d);
	print_list(tracepoints, "\"%s\"\n");
	print_list(triggers, "\"%s\"\n");
	print_list(results, "\"%s\"\n");
	printf("\"%s\"\n", MEMFRAG_RESULT_OTHER_NAME);
	print_list(prios, "\"%s\"\n");
	print_list(modes, "\"%s\"\n");
	print_list(mts, "\"%s\"\n");
	printf("\"%s\"\n", MEMFRAG_ZONE_OUTSIDE);
}

static const struct list lists[] = {
	{ "tracepoints", tracepoints },
	{ "drops", drops },
	{ "triggers", triggers },
	{ "results", results },
	{ "priorities", prios },
	{ "modes", modes },
	{ "migratetypes", mts },
	{ "files", files },
	{ "keys", keys },
};

int main(int argc, char **argv)
{
	const struct section *s;
	char buf[64];
	size_t i;

	if (argc == 3 && !strcmp(argv[1], "columns"))
		return print_columns(argv[2]);
	if (argc != 2)
		goto usage;
	if (!strcmp(argv[1], "dict")) {
		print_dict();
		return 0;
	}
	if (!strcmp(argv[1], "layout")) {
		print_layout();
		return 0;
	}
	if (!strcmp(argv[1], "background")) {
		print_background();
		return 0;
	}
	if (!strcmp(argv[1], "sections")) {
		for (s = sections; s->name; s++)
			if (*section_name(s, buf, sizeof(buf)))
				printf("%s\n", buf);
		return 0;
	}
	for (i = 0; i < sizeof(lists) / sizeof(*lists); i++) {
		if (strcmp(argv[1], lists[i].name))
			continue;
		if (lists[i].items == keys)
			print_unique(keys, "%s\n");
		else
			print_list(lists[i].items, "%s\n");
		return 0;
	}
usage:
	fprintf(stderr, "usage: gen-lists LIST | columns SECTION | layout | dict\n");
	return 2;
}
