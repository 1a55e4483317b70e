/* Unit tests for atomic output (src/util/fileio.c) and its temporary
 * files (src/util/tempfile.c): the temporary file's name; write errors
 * that say why (RLIMIT_FSIZE makes write(2) fail with EFBIG); a pair
 * committed together -- both complete before either replaces an old file,
 * renamed under the lock file, the first before the second -- and left
 * as it was on any failure; the signal handler, which removes temporary
 * files on SIGTERM, SIGINT and SIGHUP and re-raises the signal (tested in
 * child processes); and the removal of stale temporary files.
 *
 * Every test works in a private directory made by the group setup. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/util.h"

#define SCRATCH_DIR "/tmp/chipgate-fileio-XXXXXX"

#include "helpers.h"

/* ---- helpers ------------------------------------------------------------ */

static void put(const char *name, const char *text)
{
	char *p = tmp_path(name);
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(close(fd), 0);
	free(p);
}

static void assert_content(const char *name, const char *want)
{
	char *p = tmp_path(name), *buf;
	size_t len;
	struct diag d;
	assert_int_equal(file_read_all(p, &buf, &len, &d), 0);
	assert_string_equal(buf, want);
	free(buf);
	free(p);
}

static int clean_before(void **state)
{
	(void)state;
	clean_scratch();
	return 0;
}

/* Files larger than LIMIT bytes cannot be written (EFBIG) until
 * fsize_restore(); SIGXFSZ is ignored meanwhile. */
static struct rlimit saved_fsize;
static void fsize_limit(rlim_t limit)
{
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &saved_fsize), 0);
	struct rlimit r = saved_fsize;
	r.rlim_cur = limit;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &r), 0);
}

static void fsize_restore(void)
{
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &saved_fsize), 0);
	signal(SIGXFSZ, SIG_DFL);
}

/* Write N bytes of 'x' to FP; 0, or -1 when stdio reports an error. */
static int fill(FILE *fp, size_t n)
{
	char buf[4096];
	memset(buf, 'x', sizeof(buf));
	for (size_t done = 0; done < n; done += sizeof(buf))
		if (fwrite(buf, 1, n - done < sizeof(buf) ? n - done : sizeof(buf), fp) == 0)
			return -1;
	return fflush(fp) == 0 && !ferror(fp) ? 0 : -1;
}

/* ---- names and write errors ---------------------------------------------- */

static void test_temporary_name(void **state)
{
	(void)state;
	char *p = tmp_path("r.json");
	struct outfile of;
	struct diag d;
	assert_int_equal(outfile_open(&of, p, 0644, &d), 0);
	const char *base = strrchr(of.tmp, '/') + 1;
	struct strbuf re = STRBUF_INIT;
	sb_printf(&re, "^\\.chipgate-%ld-[A-Za-z0-9]{6}\\.tmp$", (long)getpid());
	regex_t rx;
	assert_int_equal(regcomp(&rx, re.buf, REG_EXTENDED | REG_NOSUB), 0);
	if (regexec(&rx, base, 0, NULL, 0) != 0)
		fail_msg("temporary file '%s' does not match %s", base, re.buf);
	regfree(&rx);
	sb_release(&re);
	assert_int_equal(strncmp(of.tmp, tmpdir, strlen(tmpdir)), 0); /* beside the target */
	outfile_abort(&of);
	assert_scratch_is("", true);
	free(p);
}

static void test_write_error_says_why(void **state)
{
	(void)state;
	char *p = tmp_path("big.json");
	struct outfile of;
	struct diag d;
	put("big.json", "old");
	assert_int_equal(outfile_open(&of, p, 0644, &d), 0);
	fsize_limit(10000);
	int rc = fill(of.fp, 100000);
	fsize_restore();
	assert_int_equal(rc, -1);
	outfile_write_error(&of, &d);
	struct strbuf want = STRBUF_INIT;
	sb_printf(&want, "%s: write error: %s", p, strerror(EFBIG));
	struct strbuf got = STRBUF_INIT;
	diag_format(&d, &got);
	assert_string_equal(got.buf, want.buf);
	outfile_abort(&of);
	assert_scratch_is("big.json", true);
	assert_content("big.json", "old");

	/* a writer that did not notice: the commit does, with the reason */
	assert_int_equal(outfile_open(&of, p, 0644, &d), 0);
	fsize_limit(10000);
	char buf[30000];
	memset(buf, 'y', sizeof(buf));
	fwrite(buf, 1, sizeof(buf), of.fp);
	rc = outfile_commit(&of, &d);
	fsize_restore();
	assert_int_equal(rc, -1);
	sb_reset(&got);
	diag_format(&d, &got);
	assert_string_equal(got.buf, want.buf);
	assert_scratch_is("big.json", true);
	assert_content("big.json", "old");
	sb_release(&want);
	sb_release(&got);
	free(p);
}

/* ---- digests, new files, anonymous files ---------------------------------------- */

/* The digest of what was written, through stdio's buffer and in any
 * pieces, is the digest of the file; none without outfile_hash. */
static void test_hash_while_writing(void **state)
{
	(void)state;
	char *p = tmp_path("r.sarif");
	struct outfile of;
	struct diag d;
	assert_int_equal(outfile_open(&of, p, 0644, &d), 0);
	outfile_hash(&of);
	assert_null(outfile_sha256(&of)); /* not before it is finished */
	struct strbuf all = STRBUF_INIT;
	for (int i = 0; i < 20000; i++) {
		fprintf(of.fp, "line %d\n", i);
		sb_printf(&all, "line %d\n", i);
	}
	assert_int_equal(outfile_finish(&of, &d), 0);
	char want[SHA256_HEX_LEN + 1];
	sha256_hex(all.buf, all.len, want);
	assert_non_null(outfile_sha256(&of));
	assert_string_equal(outfile_sha256(&of), want);
	assert_int_equal(outfile_commit(&of, &d), 0);
	assert_content("r.sarif", all.buf);
	/* an outfile that was not asked to digest has none */
	assert_int_equal(outfile_open(&of, p, 0644, &d), 0);
	fputs("x", of.fp);
	assert_int_equal(outfile_finish(&of, &d), 0);
	assert_null(outfile_sha256(&of));
	outfile_abort(&of);
	sb_release(&all);
	free(p);
}

/* A new file is linked into place: never over an existing one, even one
 * that appeared while it was written, and no temporary file is left. */
static void test_commit_new(void **state)
{
	(void)state;
	mode_t old = umask(022);
	char *p = tmp_path("k.key");
	struct outfile of;
	struct diag d;
	assert_int_equal(outfile_open(&of, p, 0600, &d), 0);
	fputs("secret", of.fp);
	assert_int_equal(outfile_commit_new(&of, &d), 0);
	assert_scratch_is("k.key", true);
	assert_content("k.key", "secret");
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(outfile_open(&of, p, 0600, &d), 0);
	fputs("other", of.fp);
	errno = 0;
	assert_int_equal(outfile_commit_new(&of, &d), -1);
	assert_int_equal(errno, EEXIST);
	assert_string_equal(d.msg, "already exists: not overwritten");
	assert_scratch_is("k.key", true);
	assert_content("k.key", "secret");
	umask(old);
	free(p);
}

/* Scratch files beside an output are never seen in its directory. */
static void test_anonymous_tempfile(void **state)
{
	(void)state;
	char *p = tmp_path("r.json");
	int fd = tempfile_anonymous(p);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "scratch", 7), 7);
	assert_scratch_is("", true);
	char buf[8] = "";
	assert_int_equal(pread(fd, buf, 7, 0), 7);
	assert_string_equal(buf, "scratch");
	struct stat st;
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	close(fd);
	assert_scratch_is("", true);
	/* a directory that is not there */
	char *q = tmp_path("no-such-dir/r.json");
	assert_int_equal(tempfile_anonymous(q), -1);
	free(q);
	free(p);
}

/* ---- pairs ----------------------------------------------------------------- */

/* Open FIRST at NAME with TEXT written, and reserve SECOND at NAME2 with
 * TEXT2 written to its temporary file by path, as a signer would. */
static void open_pair(struct outfile *first, const char *name, const char *text,
                      struct outfile *second, const char *name2, const char *text2)
{
	struct diag d;
	char *p = tmp_path(name), *p2 = tmp_path(name2);
	assert_int_equal(outfile_open(first, p, 0644, &d), 0);
	fputs(text, first->fp);
	assert_int_equal(outfile_reserve(second, p2, 0644, &d), 0);
	assert_null(second->fp);
	assert_int_equal(write_file_atomic(second->tmp, text2, strlen(text2), 0644, &d), 0);
	free(p);
	free(p2);
}

static void test_pair_commit(void **state)
{
	(void)state;
	mode_t old = umask(022);
	struct outfile a, b;
	struct diag d;
	open_pair(&a, "r.json", "report 1", &b, "r.json.dsse.json", "envelope 1");
	assert_scratch_is("TMP TMP", true);
	assert_int_equal(outfile_commit_pair(&a, &b, &d), 0);
	assert_scratch_is(".r.json.chipgate-lock r.json r.json.dsse.json", true);
	assert_content("r.json", "report 1");
	assert_content("r.json.dsse.json", "envelope 1");
	char *p = tmp_path("r.json.dsse.json");
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	free(p);
	assert_null(a.tmp);
	assert_null(b.path);

	/* replaced together */
	open_pair(&a, "r.json", "report 2", &b, "r.json.dsse.json", "envelope 2");
	assert_int_equal(outfile_commit_pair(&a, &b, &d), 0);
	assert_content("r.json", "report 2");
	assert_content("r.json.dsse.json", "envelope 2");
	assert_scratch_is(".r.json.chipgate-lock r.json r.json.dsse.json", true);
	umask(old);
}

static void test_pair_failures_keep_old_pair(void **state)
{
	(void)state;
	struct outfile a, b;
	struct diag d;
	put("r.json", "old report");
	put("r.json.dsse.json", "old envelope");

	/* the first does not fit */
	open_pair(&a, "r.json", "", &b, "r.json.dsse.json", "new envelope");
	fsize_limit(1000);
	int rc = fill(a.fp, 50000);
	fsize_restore();
	assert_int_equal(rc, -1);
	assert_int_equal(outfile_commit_pair(&a, &b, &d), -1);
	assert_non_null(strstr(d.msg, "write error: "));
	assert_scratch_is("r.json r.json.dsse.json", true);
	assert_content("r.json", "old report");
	assert_content("r.json.dsse.json", "old envelope");

	/* the second's writer failed: both aborted */
	open_pair(&a, "r.json", "new report", &b, "r.json.dsse.json", "x");
	outfile_abort(&b);
	outfile_abort(&a);
	assert_scratch_is("r.json r.json.dsse.json", true);
	assert_content("r.json.dsse.json", "old envelope");

	/* the second's temporary file is gone before the commit: nothing
	 * is replaced */
	open_pair(&a, "r.json", "new report", &b, "r.json.dsse.json", "new envelope");
	unlink(b.tmp);
	assert_int_equal(outfile_commit_pair(&a, &b, &d), -1);
	assert_scratch_is("r.json r.json.dsse.json", true);
	assert_content("r.json", "old report");
	assert_content("r.json.dsse.json", "old envelope");

	/* only the second's rename fails: the old second, which belonged to
	 * the old first, is removed rather than left beside the new first */
	char *p = tmp_path("r.json"), *p2 = tmp_path("r.json.dsse.json");
	assert_int_equal(outfile_open(&a, p, 0644, &d), 0);
	fputs("new report", a.fp);
	assert_int_equal(outfile_open(&b, p2, 0644, &d), 0);
	fputs("new envelope", b.fp);
	assert_int_equal(outfile_finish(&b, &d), 0);
	assert_int_equal(unlink(b.tmp), 0);
	assert_int_equal(outfile_commit_pair(&a, &b, &d), -1);
	assert_string_equal(d.file, p2);
	assert_non_null(strstr(d.msg, "cannot rename into place: "));
	assert_non_null(strstr(d.msg, "removed the old one"));
	assert_scratch_is(".r.json.chipgate-lock r.json", true);
	assert_content("r.json", "new report");
	free(p);
	free(p2);

	/* not two regular files: standard output cannot be one of a pair */
	assert_int_equal(outfile_open(&a, "-", 0644, &d), 0);
	p = tmp_path("x.json");
	assert_int_equal(outfile_open(&b, p, 0644, &d), 0);
	free(p);
	fputs("x", b.fp);
	assert_int_equal(outfile_commit_pair(&b, &a, &d), -1);
	assert_string_equal(d.file, "<stdout>");
	assert_scratch_is(".r.json.chipgate-lock r.json", true);
}

/* The pair waits for the lock, and nothing is replaced meanwhile. */
static void test_pair_waits_for_lock(void **state)
{
	(void)state;
	put("r.json", "old report");
	put("r.json.dsse.json", "old envelope");
	char *lp = tmp_path(".r.json.chipgate-lock");
	int lock = open(lp, O_RDWR | O_CREAT, 0644);
	assert_true(lock >= 0);
	assert_int_equal(flock(lock, LOCK_EX), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct outfile a, b;
		struct diag d;
		open_pair(&a, "r.json", "new report", &b, "r.json.dsse.json", "new envelope");
		_exit(outfile_commit_pair(&a, &b, &d) == 0 ? 0 : 1);
	}
	/* the child's two temporary files complete, then it waits */
	for (int i = 0; i < 200; i++) {
		char *l = scratch_listing(true);
		bool both = strstr(l, "TMP TMP") != NULL;
		free(l);
		if (both)
			break;
		usleep(10000);
	}
	usleep(100000);
	assert_content("r.json", "old report");
	assert_content("r.json.dsse.json", "old envelope");
	int status;
	assert_int_equal(waitpid(pid, &status, WNOHANG), 0); /* still waiting */
	assert_int_equal(flock(lock, LOCK_UN), 0);
	close(lock);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_content("r.json", "new report");
	assert_content("r.json.dsse.json", "new envelope");
	assert_scratch_is(".r.json.chipgate-lock r.json r.json.dsse.json", true);
	free(lp);
}

/* A single output takes the lock only when a pair made it: so it does
 * not slip between a pair's two renames, and leaves no lock file of its
 * own. */
static void test_single_commit_and_lock(void **state)
{
	(void)state;
	struct diag d;
	char *p = tmp_path("plain.json");
	assert_int_equal(write_file_atomic(p, "1", 1, 0644, &d), 0);
	assert_scratch_is("plain.json", true);
	char *lp = tmp_path(".plain.json.chipgate-lock");
	int lock = open(lp, O_RDWR | O_CREAT, 0644);
	assert_int_equal(flock(lock, LOCK_EX), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(write_file_atomic(p, "2", 1, 0644, &d) == 0 ? 0 : 1);
	usleep(200000);
	assert_content("plain.json", "1");
	int status;
	assert_int_equal(waitpid(pid, &status, WNOHANG), 0);
	flock(lock, LOCK_UN);
	close(lock);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_content("plain.json", "2");

	/* a lock file that is a symbolic link is refused, not followed */
	assert_int_equal(unlink(lp), 0);
	assert_int_equal(symlink("plain.json", lp), 0);
	assert_int_equal(write_file_atomic(p, "3", 1, 0644, &d), -1);
	assert_non_null(strstr(d.msg, "cannot lock"));
	assert_content("plain.json", "2");
	assert_scratch_is(".plain.json.chipgate-lock plain.json", true);
	free(lp);
	free(p);
}

/* ---- signals ----------------------------------------------------------------- */

/* In a child: open an output in the directory, write to it, then get SIG.
 * Returns the child's wait status. With IGNORE, SIG is ignored before the
 * output is opened, and the child exits 7 afterwards. */
static int child_gets(int sig, bool ignore)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (ignore)
			signal(sig, SIG_IGN);
		struct outfile of;
		struct diag d;
		char *p = tmp_path("sig.json");
		if (outfile_open(&of, p, 0644, &d) != 0)
			_exit(3);
		fputs("partial", of.fp);
		fflush(of.fp);
		kill(getpid(), sig);
		_exit(7);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

static void test_signals_remove_temporary(void **state)
{
	(void)state;
	static const int sigs[] = {SIGTERM, SIGINT, SIGHUP};
	for (size_t i = 0; i < CG_ARRAY_LEN(sigs); i++) {
		int status = child_gets(sigs[i], false);
		if (!WIFSIGNALED(status) || WTERMSIG(status) != sigs[i])
			fail_msg("signal %d: status %#x, not killed by it", sigs[i], status);
		assert_scratch_is("", true);
	}
	/* an ignored signal stays ignored (nohup) */
	int status = child_gets(SIGHUP, true);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 7);
	assert_scratch_is("TMP", true); /* _exit: as a crash would leave it */
	clean_scratch();
	/* SIGKILL cannot be caught: the file stays for a later run */
	status = child_gets(SIGKILL, false);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	assert_scratch_is("TMP", true);
}

/* ---- stale files --------------------------------------------------------------- */

static void age(const char *name, time_t seconds)
{
	char *p = tmp_path(name);
	struct timespec t[2];
	t[0].tv_sec = t[1].tv_sec = time(NULL) - seconds;
	t[0].tv_nsec = t[1].tv_nsec = 0;
	assert_int_equal(utimensat(AT_FDCWD, p, t, AT_SYMLINK_NOFOLLOW), 0);
	free(p);
}

static void test_remove_stale(void **state)
{
	(void)state;
	/* a process that is gone */
	pid_t dead = fork();
	assert_true(dead >= 0);
	if (dead == 0)
		_exit(0);
	assert_int_equal(waitpid(dead, NULL, 0), dead);
	char name[64], live[64], own[64], young[64], link[64], zero[64];
	snprintf(name, sizeof(name), ".chipgate-%ld-aB3dE6.tmp", (long)dead);
	snprintf(young, sizeof(young), ".chipgate-%ld-yOuNg1.tmp", (long)dead);
	snprintf(link, sizeof(link), ".chipgate-%ld-LiNk00.tmp", (long)dead);
	snprintf(zero, sizeof(zero), ".chipgate-0%ld-aB3dE6.tmp", (long)dead);
	snprintf(live, sizeof(live), ".chipgate-%ld-aB3dE6.tmp", (long)getppid());
	snprintf(own, sizeof(own), ".chipgate-%ld-aB3dE6.tmp", (long)getpid());
	const char *keep[] = {live, own, young, zero, ".chipgate-aB3dE6", ".chipgate-1-aB3dE.tmp",
	                      ".chipgate-1-aB3dE6.tmp~", "chipgate-1-aB3dE6.tmp", "target"};
	put(name, "stale");
	for (size_t i = 0; i < CG_ARRAY_LEN(keep); i++)
		put(keep[i], "keep");
	char *lp = tmp_path(link);
	assert_int_equal(symlink("target", lp), 0);
	free(lp);
	for (size_t i = 0; i < CG_ARRAY_LEN(keep); i++)
		if (keep[i] != young)
			age(keep[i], 120);
	age(name, 120);
	age(link, 120);
	assert_int_equal(tempfile_remove_stale(tmpdir, TEMPFILE_STALE_AGE), 1);
	char *p = tmp_path(name);
	assert_int_equal(access(p, F_OK), -1);
	free(p);
	for (size_t i = 0; i < CG_ARRAY_LEN(keep); i++) {
		p = tmp_path(keep[i]);
		if (access(p, F_OK) != 0)
			fail_msg("'%s' was removed", keep[i]);
		free(p);
	}
	p = tmp_path(link);
	struct stat st;
	assert_int_equal(lstat(p, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	free(p);
	assert_content("target", "keep");

	/* a run opening an output there removes them (once per process and
	 * directory: a new process), the young one once it is old */
	age(young, 120);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct diag d;
		p = tmp_path("r.json");
		_exit(write_file_atomic(p, "r", 1, 0644, &d) == 0 ? 0 : 1);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	p = tmp_path(young);
	assert_int_equal(access(p, F_OK), -1);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_temporary_name, clean_before),
	    cmocka_unit_test_setup(test_write_error_says_why, clean_before),
	    cmocka_unit_test_setup(test_hash_while_writing, clean_before),
	    cmocka_unit_test_setup(test_commit_new, clean_before),
	    cmocka_unit_test_setup(test_anonymous_tempfile, clean_before),
	    cmocka_unit_test_setup(test_pair_commit, clean_before),
	    cmocka_unit_test_setup(test_pair_failures_keep_old_pair, clean_before),
	    cmocka_unit_test_setup(test_pair_waits_for_lock, clean_before),
	    cmocka_unit_test_setup(test_single_commit_and_lock, clean_before),
	    cmocka_unit_test_setup(test_signals_remove_temporary, clean_before),
	    cmocka_unit_test_setup(test_remove_stale, clean_before),
	};
	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
