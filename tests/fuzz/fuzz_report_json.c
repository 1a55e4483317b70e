/* libFuzzer target: reading a JSON report back (report_read_json_text, for
 * --baseline and `chipgate diff`); an accepted report is written again as
 * in every format, diffed against itself (no change expected) and used as
 * its own baseline. */
#include "fuzz_common.h"

#include "report/report.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_limit_inputs();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct report r;
	struct diag d;
	char *text = fuzz_copy(data, size);
	diag_clear(&d);
	if (report_read_json_text(&r, "fuzz-report.json", text, size, &d) == 0) {
		report_write_json(&r, fuzz_sink());
		report_write_text(&r, fuzz_sink(), false);
		report_write_sarif(&r, fuzz_sink());
		report_write_junit(&r, fuzz_sink());
		report_write_github(&r, fuzz_sink());
		report_write_markdown(&r, fuzz_sink());
		report_write_html(&r, fuzz_sink());
		struct report_diff df;
		report_diff_compute(&df, &r, "a.json", &r, "b.json", SEV_ERROR);
		if (df.nnew || df.nresolved || df.ngating)
			abort(); /* a report differs from itself */
		report_diff_write_text(&df, fuzz_sink());
		report_diff_write_json(&df, fuzz_sink());
		report_diff_free(&df);
		/* and as its own baseline, read a second time */
		struct report base;
		if (report_read_json_text(&base, "fuzz-base.json", text, size, &d) != 0)
			abort(); /* the same bytes read differently */
		struct diag_list warn = {0};
		report_apply_baseline(&r, &base, "fuzz-base.json", &warn);
		for (size_t i = 0; i < warn.n; i++)
			fuzz_check_diag(&warn.v[i]);
		diag_list_release(&warn);
		report_write_json(&r, fuzz_sink());
		report_free(&base);
		report_free(&r);
	} else {
		fuzz_check_diag(&d);
	}
	free(text);
	return 0;
}
