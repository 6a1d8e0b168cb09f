# ClamAV for the test suite, offline. Source this file, then:
#   start_clamd DIR   install clamd if missing, build a test signature database, start clamd on a Unix
#                     socket under DIR (keep DIR short: socket paths over 107 bytes fail) and export
#                     CLAMD_SOCKET for the tests marked `clamav`
#   stop_clamd        stop that clamd by its PID
# freshclam cannot download signatures here, so the database holds only signatures for the EICAR test
# file, built with sigtool from a copy assembled at run time from two halves: the repository never
# holds the EICAR string in one piece (antivirus software on a checkout would quarantine it).

CLAMD_PID=""

start_clamd() {
  local dir=$1/clam
  if ! command -v clamd >/dev/null 2>&1 || ! command -v sigtool >/dev/null 2>&1; then
    echo "==> Installing clamav-daemon and clamav"
    apt-get update
    apt-get install -y -o DPkg::Lock::Timeout=300 clamav-daemon clamav
  fi
  mkdir -p "$dir/db" "$dir/tmp"

  local first='X5O!P%@AP[4\PZX54(P^)7CC)7}$'
  local second='EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'
  printf '%s%s' "$first" "$second" >"$dir/eicar.com"
  # Whole-file hash (md5:size:name) and a body signature that also finds it inside archives and larger files.
  sigtool --md5 "$dir/eicar.com" | sed 's/:eicar\.com$/:Test.EICAR.HDB/' >"$dir/db/test.hdb"
  printf 'Test.EICAR.NDB:0:*:%s\n' "$(printf '%s' "$second" | od -An -v -tx1 | tr -d ' \n')" >"$dir/db/test.ndb"
  rm -f "$dir/eicar.com"

  # Scan limits at least as large as the largest accepted upload: above MaxFileSize/MaxScanSize clamd
  # would skip the content and answer OK; above StreamMaxLength it refuses the stream.
  local limit=${EVIDENCE_MAX_UPLOAD_BYTES:-104857600}
  cat >"$dir/clamd.conf" <<EOF
Foreground yes
LocalSocket $dir/clamd.sock
DatabaseDirectory $dir/db
TemporaryDirectory $dir/tmp
PidFile $dir/clamd.pid
LogFile $dir/clamd.log
StreamMaxLength $limit
MaxFileSize $limit
MaxScanSize $limit
AlertExceedsMax yes
EOF

  clamd -c "$dir/clamd.conf" >"$dir/clamd.out" 2>&1 &
  CLAMD_PID=$!
  local tries=0
  until python3 - "$dir/clamd.sock" <<'PY' 2>/dev/null
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(2)
s.connect(sys.argv[1])
s.sendall(b"zPING\0")
sys.exit(0 if s.recv(16).startswith(b"PONG") else 1)
PY
  do
    tries=$((tries + 1))
    if ((tries > 300)) || ! kill -0 "$CLAMD_PID" 2>/dev/null; then
      echo "clamd did not start; its output:" >&2
      cat "$dir/clamd.out" >&2 || true
      return 1
    fi
    sleep 0.1
  done
  export CLAMD_SOCKET="$dir/clamd.sock"
  echo "==> clamd ready on $CLAMD_SOCKET (pid $CLAMD_PID)"
}

stop_clamd() {
  [[ -n $CLAMD_PID ]] || return 0
  kill "$CLAMD_PID" 2>/dev/null || true
  local tries=0
  while kill -0 "$CLAMD_PID" 2>/dev/null && ((tries < 100)); do
    sleep 0.1
    tries=$((tries + 1))
  done
  CLAMD_PID=""
}
