# Shared by the benchmark scripts: a throwaway PostgreSQL cluster on 127.0.0.1.
# Source it after setting `work` (a temporary folder); then `start_postgres`
# sets `url`, and `stop_postgres` (call it from the EXIT trap) removes the cluster.
pg_bin=""
runas() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
start_postgres() {
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  [ "$(id -u)" = 0 ] && chown postgres "$work"
  local port
  port=$(free_port)
  # Default durability settings (fsync and synchronous_commit on).
  runas "$pg_bin/initdb" -D "$work/pg" -U gatehouse --auth=trust -E UTF8 > /dev/null
  runas "$pg_bin/pg_ctl" -D "$work/pg" -o "-p $port -k $work -c listen_addresses=127.0.0.1" -l "$work/pg.log" -w start > /dev/null
  url="postgres://gatehouse@127.0.0.1:$port/postgres?sslmode=disable"
}
stop_postgres() {
  if [ -n "$pg_bin" ]; then
    runas "$pg_bin/pg_ctl" -D "$work/pg" -m immediate stop > /dev/null 2>&1 || true
  fi
}
