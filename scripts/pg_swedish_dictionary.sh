#!/bin/sh
# Make Debian's Swedish Hunspell dictionary (hunspell-sv) available to PostgreSQL's ispell template as
# tsearch_data/sv_se.dict and sv_se.affix, for the search configuration `lgl_swedish` (decisions/search.py).
#
# Idempotent: installs hunspell-sv only if missing, converts to UTF-8 only if the files are not UTF-8 already
# (Debian's are), and rewrites the copies only when they differ. Run as root on the database server
# (.ci/run does; the compose image docker/postgres.Dockerfile runs it at build time). Afterwards, a database
# migrated without the files needs `python manage.py swedish_search` once (the migration falls back to prefix
# matching when the files are missing).
#
#   --check   only report whether every PostgreSQL on this machine has the files (exit 1 if not)
set -eu

AFF=/usr/share/hunspell/sv_SE.aff
DIC=/usr/share/hunspell/sv_SE.dic
CHECK=0
[ "${1:-}" = "--check" ] && CHECK=1

dirs=$(ls -d /usr/share/postgresql/*/tsearch_data 2>/dev/null || true)
if [ -z "$dirs" ]; then
  echo "pg_swedish_dictionary: ingen PostgreSQL-installation här (tsearch_data saknas)" >&2
  exit 1
fi

if [ "$CHECK" = 1 ]; then
  missing=0
  for d in $dirs; do
    for f in sv_se.dict sv_se.affix; do
      [ -s "$d/$f" ] || { echo "saknas: $d/$f" >&2; missing=1; }
    done
  done
  exit $missing
fi

if [ ! -s "$AFF" ] || [ ! -s "$DIC" ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends hunspell-sv >/dev/null
fi

encoding=$(sed -n 's/^SET[[:space:]]*\([^[:space:]]*\).*/\1/p' "$AFF" | head -n1)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -n "$encoding" ] && [ "$encoding" != "UTF-8" ]; then
  iconv -f "$encoding" -t UTF-8 "$AFF" | sed 's/^SET .*/SET UTF-8/' >"$tmp/sv_se.affix"
  iconv -f "$encoding" -t UTF-8 "$DIC" >"$tmp/sv_se.dict"
else
  cp "$AFF" "$tmp/sv_se.affix"
  cp "$DIC" "$tmp/sv_se.dict"
fi

for d in $dirs; do
  for f in sv_se.dict sv_se.affix; do
    # Debian's pg_updatedicts may already have linked the same files here: leave equal files alone.
    if [ -e "$d/$f" ] && cmp -s "$tmp/$f" "$d/$f"; then
      continue
    fi
    rm -f "$d/$f"
    install -m 0644 "$tmp/$f" "$d/$f"
    echo "pg_swedish_dictionary: $d/$f"
  done
done
