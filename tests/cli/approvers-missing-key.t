# an approvers file whose key cannot be read: exit 2 at the file's line, nothing written
cwd: @SRC@
run: check -o @TMP@/r.json --approvers tests/fixtures/signed/approvers-missing-key.cfg tests/fixtures/signed/inventory.cfg
exit: 2
stderr: chipgate: tests/fixtures/signed/approvers-missing-key.cfg:3:25: approver 'zhang.min': key 'tests/fixtures/signed/keys/zhang.min.pub': cannot open: No such file or directory
absent: r.json
