#!/bin/sh
# `npm start`: runs its command (exec: one process, which signals reach directly) with glibc's malloc
# asking for transparent huge pages, as `crisisbot` does by starting itself again (see huge-pages.js):
# the local index's vectors load in about half the time. Left as it is when GLIBC_TUNABLES already
# names glibc.malloc.hugetlb (glibc.malloc.hugetlb=0 turns it off); other C libraries ignore it.
case "${GLIBC_TUNABLES:-}" in
  *glibc.malloc.hugetlb*) ;;
  *) GLIBC_TUNABLES="${GLIBC_TUNABLES:+$GLIBC_TUNABLES:}glibc.malloc.hugetlb=1"; export GLIBC_TUNABLES ;;
esac
exec "$@"
