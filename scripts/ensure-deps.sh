#!/bin/sh
# Makes sure libsqlite3-dev is installed: installs it with apt-get when root, else says how.
set -e
if pkg-config --exists sqlite3 2>/dev/null || [ -f /usr/include/sqlite3.h ]; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing libsqlite3-dev…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libsqlite3-dev pkg-config
    exit 0
fi
echo "Vigil needs the SQLite development files. Install them with:" >&2
echo "    sudo apt-get install libsqlite3-dev pkg-config" >&2
exit 1
