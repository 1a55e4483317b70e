# diff --help prints its synopsis (the same as chipgate-diff(1)) on stdout
run: diff --help
stdout: usage: chipgate diff [--fail-on SEVERITY] [-f text|json] OLD-REPORT NEW-REPORT
