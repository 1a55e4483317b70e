# the version and the digest of every embedded file
run: --version
stdout-contains: chipgate 0.1.0
stdout-contains: embedded catalog.cfg
