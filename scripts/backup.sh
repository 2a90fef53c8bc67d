#!/usr/bin/env bash
# Dumps the MySQL/MariaDB database of DATABASE_URL into a compressed file and checks the copy: it is restored into a
# scratch database and each table's row count compared with the dump's source. Exit 0 only when both match.
#
#   DATABASE_URL=mysql://user:pass@host:3306/openday scripts/backup.sh [directory]     (default: ./backups)
#
# --single-transaction gives a consistent copy of the InnoDB tables without locking the booking tables.
# Keep the files off the machine, encrypted, and no longer than the edition's retention rule allows.
set -euo pipefail

url="${DATABASE_URL:?set DATABASE_URL=mysql://user:pass@host:port/database}"
[[ "$url" =~ ^mysql://(([^:@/]*)(:([^@/]*))?@)?([^:/]+)(:([0-9]+))?/([A-Za-z0-9_$-]+) ]] || { echo "backup: DATABASE_URL is not mysql://user:pass@host:port/db" >&2; exit 2; }
user="${BASH_REMATCH[2]:-root}"
pass="${BASH_REMATCH[4]:-}"
host="${BASH_REMATCH[5]}"
port="${BASH_REMATCH[7]:-3306}"
db="${BASH_REMATCH[8]}"
dir="${1:-backups}"
mkdir -p "$dir"

dump_cmd=$(command -v mariadb-dump || command -v mysqldump) || { echo "backup: mysqldump not found" >&2; exit 2; }
client_cmd=$(command -v mariadb || command -v mysql) || { echo "backup: mysql client not found" >&2; exit 2; }
export MYSQL_PWD="$pass"
conn=(-u"$user" -h"$host" -P"$port")

file="$dir/$db-$(date -u +%Y%m%dT%H%M%SZ).sql.gz"
"$dump_cmd" "${conn[@]}" --single-transaction --quick --routines --triggers --hex-blob --default-character-set=utf8mb4 "$db" | gzip -c >"$file.partial"
mv "$file.partial" "$file"
echo "backup: wrote $file ($(du -h "$file" | cut -f1))"

# Restore check: a scratch database, dropped afterwards.
scratch="${db}_restore_check"
"$client_cmd" "${conn[@]}" -e "DROP DATABASE IF EXISTS \`$scratch\`; CREATE DATABASE \`$scratch\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
trap '"$client_cmd" "${conn[@]}" -e "DROP DATABASE IF EXISTS \`$scratch\`" || true' EXIT
gunzip -c "$file" | "$client_cmd" "${conn[@]}" "$scratch"

counts() {
  local schema=$1
  "$client_cmd" "${conn[@]}" -N -B -e "SELECT table_name FROM information_schema.tables WHERE table_schema = '$schema' AND table_type = 'BASE TABLE' ORDER BY table_name" |
    while read -r t; do echo "$t $("$client_cmd" "${conn[@]}" -N -B -e "SELECT COUNT(*) FROM \`$schema\`.\`$t\`")"; done
}
# On a live database rows may have been written since the dump's snapshot: different tables fail the check, different
# row counts are reported as a warning (run it on a quiet copy, or a replica, for an exact comparison).
source_counts=$(counts "$db")
restored_counts=$(counts "$scratch")
if [ "$source_counts" = "$restored_counts" ]; then
  echo "backup: restore check passed ($(echo "$restored_counts" | wc -l) tables, same row counts)"
else
  diff <(echo "$source_counts") <(echo "$restored_counts") >&2 || true
  tables_src=$(echo "$source_counts" | cut -d' ' -f1)
  tables_dst=$(echo "$restored_counts" | cut -d' ' -f1)
  if [ "$tables_src" != "$tables_dst" ]; then
    echo "backup: restore check FAILED: the restored copy has other tables" >&2
    exit 1
  fi
  echo "backup: restore check: same tables; row counts differ (above): rows written since the dump's snapshot" >&2
fi
