/* What the review command (review.c) hands its renderers
 * (review_render.c): the review it judged, with the report and totals the
 * wording needs, and the formats a review is written in. Inside src/cli
 * only. */
#ifndef CHIPGATE_CLI_REVIEW_RENDER_H
#define CHIPGATE_CLI_REVIEW_RENDER_H

#include "cli/pipeline.h"

enum review_format { RF_TEXT, RF_JSON, RF_MARKDOWN, RF_HTML };

/* One review to render; every pointer is borrowed. */
struct review_ctx {
	const struct pipeline *pl;
	const struct report *r; /* check's report: the packs applied, inputs, findings */
	const struct review *rv;
	char as_of[11];
	enum severity fail_on;
	size_t cleared, blocked; /* orders cleared; orders with a blocking finding */
};

/* Render the review in FMT into OUT; 0, or EXIT_ERROR after saying why. */
int review_render(const struct review_ctx *cx, enum review_format fmt, struct strbuf *out);
/* "1 of 2 cleared; 1 blocked by open findings of other rules at or above
 * error", into OUT: the summary line, also the verdict on standard error. */
void review_cleared_line(const struct review_ctx *c, struct strbuf *out);

#endif
