/* Temporary files of atomic output: their names, their removal when the
 * process is interrupted, and the removal of those that killed runs left.
 *
 * A temporary file is named .chipgate-PID-XXXXXX.tmp, in the directory of
 * the file it will replace, so that a later run can tell whose it is. Its
 * path sits in a static table that the SIGINT, SIGTERM and SIGHUP handler
 * walks: it unlinks every path there and re-raises the signal with the
 * default action, so the exit status still says which signal ended the
 * run. SIGKILL cannot be caught: a later run that writes to the same
 * directory removes the files of processes that are gone (kill(PID, 0)
 * fails with ESRCH) once they are a minute old -- regular files of this
 * user matching the pattern exactly, never following a symbolic link.
 *
 * The handler must stay async-signal-safe: it reads the table through
 * atomic loads and calls unlink, sigaction and raise, nothing else. It
 * must never remove a file that is not one of this process's own
 * temporary files. */
#define _GNU_SOURCE /* mkostemps */
#include "util/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TEMP_PREFIX ".chipgate-"
#define TEMP_SUFFIX ".tmp"
#define TEMP_SLOTS 16

/* A slot is FREE, being FILLED by the main thread, or ARMED: its path
 * names a temporary file that the handler removes. */
enum { SLOT_FREE, SLOT_FILLED, SLOT_ARMED };

static struct {
	int state; /* read and written with __atomic builtins only */
	char path[PATH_MAX];
} slots[TEMP_SLOTS];

static const int caught[] = {SIGINT, SIGTERM, SIGHUP};

static void on_signal(int sig)
{
	int saved = errno;
	for (size_t i = 0; i < TEMP_SLOTS; i++)
		if (__atomic_load_n(&slots[i].state, __ATOMIC_ACQUIRE) == SLOT_ARMED)
			unlink(slots[i].path);
	/* SA_RESETHAND restored the default action; the signal is blocked
	 * while this runs, so it is delivered, and ends the process, as soon
	 * as the handler returns */
	raise(sig);
	errno = saved;
}

/* Catch the signals that end a run, unless they are ignored (a run under
 * nohup keeps ignoring SIGHUP) or someone else handles them. */
static void install_handlers(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < CG_ARRAY_LEN(caught); i++)
		sigaddset(&sa.sa_mask, caught[i]);
	for (size_t i = 0; i < CG_ARRAY_LEN(caught); i++) {
		struct sigaction old;
		if (sigaction(caught[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL &&
		    !(old.sa_flags & SA_SIGINFO))
			sigaction(caught[i], &sa, NULL);
	}
}

static void install_handlers_once(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, install_handlers);
}

void tempfile_block_signals(sigset_t *old)
{
	sigset_t set;
	sigemptyset(&set);
	for (size_t i = 0; i < CG_ARRAY_LEN(caught); i++)
		sigaddset(&set, caught[i]);
	pthread_sigmask(SIG_BLOCK, &set, old);
}

void tempfile_restore_signals(const sigset_t *old)
{
	pthread_sigmask(SIG_SETMASK, old, NULL);
}

/* ---- stale files ---------------------------------------------------------- */

/* The PID in NAME when NAME is exactly .chipgate-PID-XXXXXX.tmp (PID
 * decimal without a leading zero, XXXXXX as mkstemps makes it), else 0. */
static pid_t stale_pid(const char *name)
{
	size_t np = strlen(TEMP_PREFIX), ns = strlen(TEMP_SUFFIX);
	if (strncmp(name, TEMP_PREFIX, np) != 0)
		return 0;
	const char *p = name + np;
	long long pid = 0;
	size_t digits = 0;
	for (; *p >= '0' && *p <= '9'; p++, digits++) {
		if (digits == 0 && *p == '0')
			return 0;
		pid = pid * 10 + (*p - '0');
		if (pid > INT_MAX)
			return 0;
	}
	if (digits == 0 || *p++ != '-')
		return 0;
	for (int i = 0; i < 6; i++, p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
			return 0;
	return strlen(p) == ns && strcmp(p, TEMP_SUFFIX) == 0 ? (pid_t)pid : 0;
}

size_t tempfile_remove_stale(const char *dir, long min_age)
{
	int dfd = open(*dir ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return 0;
	DIR *dp = fdopendir(dfd);
	if (!dp) {
		close(dfd);
		return 0;
	}
	size_t removed = 0;
	time_t now = time(NULL);
	uid_t me = geteuid();
	for (struct dirent *de; (de = readdir(dp)) != NULL;) {
		pid_t pid = stale_pid(de->d_name);
		struct stat st;
		if (pid <= 0 || pid == getpid() ||
		    fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(st.st_mode) || st.st_uid != me || now - st.st_mtime < min_age)
			continue;
		/* alive, or another user's (EPERM): not ours to judge */
		if (kill(pid, 0) == 0 || errno != ESRCH)
			continue;
		if (unlinkat(dfd, de->d_name, 0) == 0)
			removed++;
	}
	closedir(dp);
	return removed;
}

/* Remove stale files from DIR once per process and directory: a report
 * and its envelope share a directory, and one scan is enough. */
static void remove_stale_once(const char *dir)
{
	static char last[PATH_MAX];
	static pid_t done_by; /* a forked child is another process */
	if (done_by == getpid() && strcmp(last, dir) == 0)
		return;
	tempfile_remove_stale(dir, TEMPFILE_STALE_AGE);
	if (strlen(dir) < sizeof(last)) {
		memcpy(last, dir, strlen(dir) + 1);
		done_by = getpid();
	}
}

/* ---- creating and forgetting ----------------------------------------------- */

int tempfile_create(const char *path, char **tmp, int *slot)
{
	struct strbuf dir = STRBUF_INIT, t = STRBUF_INIT;
	const char *slash = strrchr(path, '/');
	if (slash)
		sb_add(&dir, path, (size_t)(slash - path) + 1);
	remove_stale_once(sb_str(&dir));
	sb_printf(&t, "%s" TEMP_PREFIX "%ld-XXXXXX" TEMP_SUFFIX, sb_str(&dir), (long)getpid());
	sb_release(&dir);
	if (t.len >= PATH_MAX) {
		sb_release(&t);
		errno = ENAMETOOLONG;
		return -1;
	}
	/* round robin: a slot just freed is filled again last, so a handler
	 * running on another thread never reads a path being rewritten */
	static int next;
	int s = -1;
	for (int k = 0; k < TEMP_SLOTS && s < 0; k++) {
		int i = (next + k) % TEMP_SLOTS, want = SLOT_FREE;
		if (__atomic_compare_exchange_n(&slots[i].state, &want, SLOT_FILLED, false,
		                                __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			s = i;
	}
	next = (s + 1) % TEMP_SLOTS;
	if (s < 0) {
		sb_release(&t);
		errno = EMFILE;
		return -1;
	}
	install_handlers_once();
	/* the file must not exist unregistered: signals wait until the slot
	 * is armed (held back on this thread; outputs are opened while no
	 * other thread of chipgate runs) */
	sigset_t old;
	tempfile_block_signals(&old);
	int fd = mkostemps(t.buf, (int)strlen(TEMP_SUFFIX), O_CLOEXEC);
	int err = errno;
	if (fd >= 0) {
		memcpy(slots[s].path, t.buf, t.len + 1);
		__atomic_store_n(&slots[s].state, SLOT_ARMED, __ATOMIC_RELEASE);
	} else {
		__atomic_store_n(&slots[s].state, SLOT_FREE, __ATOMIC_RELEASE);
	}
	tempfile_restore_signals(&old);
	if (fd < 0) {
		sb_release(&t);
		errno = err;
		return -1;
	}
	*tmp = sb_detach(&t);
	*slot = s;
	return fd;
}

void tempfile_forget(int slot)
{
	if (slot >= 0 && slot < TEMP_SLOTS)
		__atomic_store_n(&slots[slot].state, SLOT_FREE, __ATOMIC_RELEASE);
}

int tempfile_anonymous(const char *path)
{
	struct strbuf dir = STRBUF_INIT;
	const char *slash = strrchr(path, '/');
	if (slash)
		sb_add(&dir, path, slash == path ? 1 : (size_t)(slash - path));
	else
		sb_putc(&dir, '.');
	int fd = open(dir.buf, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	sb_release(&dir);
	if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL))
		return fd;
	/* a file system without O_TMPFILE: a named file, registered for the
	 * signal handler until it is unlinked */
	char *tmp;
	int slot;
	fd = tempfile_create(path, &tmp, &slot);
	if (fd < 0)
		return -1;
	unlink(tmp);
	tempfile_forget(slot);
	free(tmp);
	return fd;
}
