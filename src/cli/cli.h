/* cli: one file per subcommand (cmd_NAME), plus the shared helpers that
 * print diagnostics and usage. Only this layer prints or decides exit
 * codes; everything below returns a status and fills a struct diag. */
#ifndef CHIPGATE_CLI_H
#define CHIPGATE_CLI_H

#include "util/util.h"

/* Exit codes, identical for every command (DESIGN §3, chipgate(1)). */
enum {
	EXIT_PASS = 0,     /* passed / verified */
	EXIT_FINDINGS = 1, /* findings at or above --fail-on */
	EXIT_ERROR = 2,    /* usage, input, policy or I/O error; nothing written */
	EXIT_VERIFY = 3,   /* verification failed */
};

struct cli_command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *usage;   /* the SYNOPSIS line(s), same as the man page */
	const char *summary; /* one line for `chipgate --help` */
};

/* The command table (main.c) and lookup by name. */
extern const struct cli_command cli_commands[];
const struct cli_command *cli_find(const char *name);

/* "chipgate: FILE:LINE:COL: message" on stderr. */
void cli_diag(const struct diag *d);
void cli_diag_list(const struct diag_list *l);
/* "chipgate: message" on stderr; returns EXIT_ERROR for `return cli_error(...)`. */
int cli_error(const char *fmt, ...) CG_PRINTF(1, 2);
/* Print "chipgate: message" then the command's usage on stderr; EXIT_ERROR. */
int cli_usage_error(const char *cmd, const char *fmt, ...) CG_PRINTF(2, 3);
/* Print the command's usage on stdout (for --help); EXIT_PASS. */
int cli_help(const char *cmd);
/* True when argv[i] is -h or --help anywhere before "--". */
bool cli_wants_help(int argc, char **argv);
/* Write an output atomically to OUT (NULL: stdout): WRITE fills the stream
 * from CTX and returns 0, or -1 on a write error. Returns 0, or EXIT_ERROR
 * after printing why; on error nothing is left at OUT. */
typedef int (*cli_writer)(FILE *fp, const void *ctx);
int cli_write_output(const char *out, cli_writer write, const void *ctx);
/* Flush stdout and report a write error (e.g. a closed pipe): EXIT_ERROR
 * if writing failed, else RC. Every command returns through this. */
int cli_finish(int rc);
/* Print TEXT (lines of plain text that may quote inputs) with the control
 * characters of each line as \xNN, as the text report shows them. */
void cli_put_text(const char *text, FILE *fp);

int cmd_check(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_catalog(int argc, char **argv);
int cmd_collect(int argc, char **argv);
int cmd_review(int argc, char **argv);
int cmd_justify(int argc, char **argv);
int cmd_approve(int argc, char **argv);
int cmd_keygen(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_diff(int argc, char **argv);

#endif
