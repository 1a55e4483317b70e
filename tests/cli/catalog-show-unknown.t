run: catalog show "Blackwell Ultra X"
exit: 2
stderr: chipgate: no accelerator matches 'Blackwell Ultra X'
