# diff --help: the synopsis (the same as chipgate-diff(1)), the summary, every option
# with its default (from the option table that parses them), and the exit statuses
run: diff --help
stdout: usage: chipgate diff [--fail-on SEVERITY] [-f text|json] OLD-REPORT NEW-REPORT
stdout: 
stdout: compare two JSON reports: new, resolved and changed findings, exposure.
stdout: 
stdout: options:
stdout:       --fail-on SEVERITY      exit 1 when a newly open finding is at least
stdout:                               error, warning or info; never: do not fail
stdout:                               (default: error)
stdout:   -f, --format FORMAT         write the comparison as text or json (default:
stdout:                               text)
stdout:   -h, --help                  show this help and exit
stdout: 
stdout: exit status:
stdout:   0  no finding newly open at or above --fail-on
stdout:   1  a finding is newly open at or above --fail-on
stdout:   2  usage, input or I/O error; nothing was written
stdout: 
stdout: The manual: chipgate-diff(1).
