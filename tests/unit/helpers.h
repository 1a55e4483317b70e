/* Helpers the unit tests share (tests/unit/test_*.c), so that no test file
 * keeps its own copy: fixture paths, a diagnostic as text, the shared
 * samples' presence, an asset's attribute, the embedded catalog as a group
 * fixture, and running a collector on a file.
 *
 * Include it after cmocka and the headers of the modules under test: a
 * section is compiled only when its module's header came first (it needs
 * its types), fix_path() only when the file defines FIX, its fixture
 * directory, and tmpdir, tmp_path() and the scratch set-up only when it defines SCRATCH_DIR,
 * the template of its scratch directory; a test that keeps catalogs of its own (test_catalog.c)
 * defines HELPERS_OWN_CATALOG. Everything is static inline (the catalog a static variable
 * marked unused), so a test that uses nothing of a section pays nothing
 * and gets no warning. A helper that checks something fails the test with
 * cmocka's assertions; none of them skips a test by itself. */
#ifndef CHIPGATE_TEST_HELPERS_H
#define CHIPGATE_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>

#include "util/util.h"

/* ---- files and diagnostics ------------------------------------------------ */

#ifdef FIX
/* "FIX/NAME", the fixture NAME of this test (free it). */
static inline char *fix_path(const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	sb_printf(&sb, "%s/%s", FIX, name);
	return sb_detach(&sb);
}
#endif

/* D as the CLI prints it after "chipgate: ", "FILE:LINE[:COL]: message"
 * (free it). */
static inline char *diag_text(const struct diag *d)
{
	struct strbuf sb = STRBUF_INIT;
	diag_format(d, &sb);
	return sb_detach(&sb);
}

/* Fail the test unless D reads WANT. */
static inline void assert_diag(const struct diag *d, const char *want)
{
	char *got = diag_text(d);
	assert_string_equal(got, want);
	free(got);
}

#ifdef SCRATCH_DIR
/* This test's scratch directory: the mkdtemp template SCRATCH_DIR
 * ("/tmp/chipgate-NAME-XXXXXX") until the test's setup makes it. */
static char tmpdir[] __attribute__((unused)) = SCRATCH_DIR;

/* "tmpdir/NAME" (free it). */
static inline char *tmp_path(const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	sb_printf(&sb, "%s/%s", tmpdir, name);
	return sb_detach(&sb);
}

/* Empty tmpdir: its files, and its directories once they are empty. */
static inline void clean_scratch(void)
{
	DIR *dir = opendir(tmpdir);
	assert_non_null(dir);
	for (struct dirent *e; (e = readdir(dir)) != NULL;) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char *p = tmp_path(e->d_name);
		if (unlink(p) != 0)
			rmdir(p);
		free(p);
	}
	closedir(dir);
}

/* The names in tmpdir, hidden ones too, sorted, joined by ' '; with
 * MARK_TEMPORARY, chipgate's temporary files (.chipgate-*.tmp) shown as
 * TMP, since their names are random. Free it. */
static inline char *scratch_listing(bool mark_temporary)
{
	DIR *dir = opendir(tmpdir);
	assert_non_null(dir);
	char *names[64];
	size_t n = 0;
	for (struct dirent *e; (e = readdir(dir)) != NULL;) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		assert_true(n < sizeof(names) / sizeof(names[0]));
		bool tmp = mark_temporary && strncmp(e->d_name, ".chipgate-", 10) == 0 &&
		           strstr(e->d_name, ".tmp");
		names[n++] = xstrdup(tmp ? "TMP" : e->d_name);
	}
	closedir(dir);
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			char *t = names[j];
			names[j] = names[j - 1];
			names[j - 1] = t;
		}
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		sb_printf(&sb, "%s%s", i ? " " : "", names[i]);
		free(names[i]);
	}
	return sb_detach(&sb);
}

static inline void assert_scratch_is(const char *want, bool mark_temporary)
{
	char *got = scratch_listing(mark_temporary);
	assert_string_equal(got, want);
	free(got);
}

/* Group setup and teardown that make tmpdir and remove it with what is
 * left in it. */
static inline int scratch_setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static inline int scratch_teardown(void **state)
{
	(void)state;
	clean_scratch();
	return rmdir(tmpdir);
}
#endif

#ifdef SHARED_DIR
/* Are the reference samples of ../shared there? When they are not, TEST
 * says so on stderr, loudly, before it skips what needs them. */
static inline bool have_shared(const char *test)
{
	struct stat st;
	if (stat(SHARED_DIR "/samples", &st) == 0)
		return true;
	fprintf(stderr, "SKIPPED %s: %s is absent; the parser was NOT tested on the real sample\n",
		test, SHARED_DIR "/samples");
	return false;
}

/* The section of ../shared/reference/FILE from the line starting with
 * FROM ("\n## 4.") up to the next STOP ("\n## "), which must exist when
 * NEED_STOP: *SEC points into the returned buffer (free it). NULL when the
 * reference is absent, after TEST said so on stderr, loudly: the caller
 * skips. */
static inline char *shared_reference_section(const char *test, const char *file,
					     const char *from, const char *stop, bool need_stop,
					     char **sec)
{
	struct stat st;
	if (stat(SHARED_DIR "/reference", &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "SKIPPED %s: %s is absent; the catalog was NOT checked against %s\n",
			test, SHARED_DIR "/reference", file);
		return NULL;
	}
	struct strbuf path = STRBUF_INIT;
	sb_printf(&path, "%s/reference/%s", SHARED_DIR, file);
	char *buf;
	size_t len;
	struct diag d;
	if (file_read_all(path.buf, &buf, &len, &d) != 0)
		fail_msg("%s: %s", d.file, d.msg);
	sb_release(&path);
	*sec = strstr(buf, from);
	assert_non_null(*sec);
	char *end = strstr(*sec + 1, stop);
	if (need_stop)
		assert_non_null(end);
	if (end)
		*end = '\0';
	return buf;
}
#endif

/* ---- inventories ------------------------------------------------------------ */

#ifdef CHIPGATE_INGEST_H
/* The value of A's attribute NAME, or NULL. */
static inline const char *attr(const struct asset *a, const char *name)
{
	for (size_t i = 0; i < a->nattrs; i++)
		if (strcmp(a->attrs[i].name, name) == 0)
			return a->attrs[i].value;
	return NULL;
}
#endif

/* ---- the embedded catalog, loaded once per group ---------------------------- */

#if defined(CHIPGATE_CATALOG_H) && !defined(HELPERS_OWN_CATALOG)
static struct catalog cat __attribute__((unused));

/* cmocka group setup and teardown: cat is the embedded catalog. */
static inline int catalog_setup(void **state)
{
	(void)state;
	struct diag d;
	diag_clear(&d);
	if (catalog_load_embedded(&cat, &d) != 0) {
		fprintf(stderr, "embedded catalog: %s:%d:%d: %s\n", d.file, d.line, d.col, d.msg);
		return -1;
	}
	return 0;
}

static inline int catalog_teardown(void **state)
{
	(void)state;
	catalog_free(&cat);
	return 0;
}
#endif

/* ---- collectors ---------------------------------------------------------------- */

#if defined(CHIPGATE_COLLECT_H) && defined(CHIPGATE_CATALOG_H) && !defined(HELPERS_OWN_CATALOG)
typedef int (*parse_fn)(struct collect *c, const char *path, struct diag *d);

/* No --site, --purpose, --status or --host. */
static const struct collect_opts collect_no_opts
	__attribute__((unused)) = {.purpose = PURPOSE_UNSET, .status = STATUS_UNSET};

/* Run PARSE (a collector of SOURCE's output) on PATH into C with options
 * O (NULL: none) and finish; fail the test on error. */
static inline void collect_ok(struct collect *c, parse_fn parse, const char *source,
			      const char *path, const struct collect_opts *o)
{
	struct diag d;
	diag_clear(&d);
	collect_init(c, &cat, o ? o : &collect_no_opts, source, path);
	if (parse(c, path, &d) != 0)
		fail_msg("%s:%d:%d: %s", d.file, d.line, d.col, d.msg);
	collect_finish(c);
}

/* PARSE refuses PATH with "PATH" + TAIL. */
static inline void collect_fails(parse_fn parse, const char *path, const char *tail)
{
	struct collect c;
	struct diag d;
	struct strbuf want = STRBUF_INIT;
	diag_clear(&d);
	collect_init(&c, &cat, &collect_no_opts, "test", path);
	if (parse(&c, path, &d) == 0)
		fail_msg("%s was accepted; expected '%s'", path, tail);
	sb_printf(&want, "%s%s", path, tail);
	assert_diag(&d, sb_str(&want));
	sb_release(&want);
	collect_free(&c);
}

/* The count of C's notes (FOLDED, or ignored) whose text contains PART;
 * 0 when there is none. */
static inline unsigned note(const struct collect *c, bool folded, const char *part)
{
	for (size_t i = 0; i < c->nnotes; i++)
		if (c->notes[i].folded == folded && strstr(c->notes[i].text, part))
			return c->notes[i].count;
	return 0;
}

/* Did C warn with a text that contains PART? */
static inline bool warned(const struct collect *c, const char *part)
{
	for (size_t i = 0; i < c->nwarnings; i++)
		if (strstr(c->warnings[i].text, part))
			return true;
	return false;
}

/* The asset of C called ID; fail the test when there is none. */
static inline const struct asset *asset(const struct collect *c, const char *id)
{
	const struct asset *a = inventory_find(&c->inv, id);
	if (!a)
		fail_msg("no asset '%s'", id);
	return a;
}
#endif

#endif
