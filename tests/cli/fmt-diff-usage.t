# diff needs exactly two reports: message and synopsis on stderr, exit 2
run: diff only-one.json
exit: 2
stderr: chipgate: expected two reports, OLD-REPORT and NEW-REPORT
stderr: usage: chipgate diff [--fail-on SEVERITY] [-f text|json] OLD-REPORT NEW-REPORT
