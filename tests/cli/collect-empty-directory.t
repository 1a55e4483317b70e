# a directory without files to read (the scratch directory: the runner's own files are dotfiles)
cwd: @TMP@
run: collect --redfish .
exit: 2
stderr: chipgate: .: no files to read in the directory given to --redfish
