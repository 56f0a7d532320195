#!/usr/bin/python3
"""Runs a real Ironic (API and conductor in one process) standalone on 127.0.0.1, for IronicIT.

Usage: ironic_standalone.py WORK_DIR

Writes WORK_DIR/ironic.conf, creates the sqlite schema (Ironic's dbsync), serves WORK_DIR/http with a small HTTP
server (Ironic's [deploy] http_root, where it republishes the ISOs it gives to the BMC; a stand-in installation ISO
is served there as /images/agent.iso for Ironic to download), starts ironic.cmd.singleprocess and waits until its API answers. Then
prints one line "READY <api url> <http url>" and runs until its standard input ends or it gets SIGTERM; then it
stops Ironic and the HTTP server. Ironic logs to WORK_DIR/ironic.log.

No value given on the command line reaches a shell: every child is started with an argument list.
"""
import http.server
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request

PYTHON = "/usr/bin/python3"
START_TIMEOUT = 120


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_conf(work, api_port, rpc_port, http_url, http_root):
    # Option names: ironic 21.4 ironic/conf/{default,api,json_rpc,conductor,deploy,redfish,service_catalog}.py
    conf = f"""[DEFAULT]
# the conductor's name is where the API sends its json-rpc calls (ironic_lib 5.3 json_rpc/client.py, _prepare_call)
host = 127.0.0.1
auth_strategy = noauth
rpc_transport = json-rpc
debug = true
log_file = {work}/ironic.log
state_path = {work}/state
tempdir = {work}/tmp
enabled_hardware_types = redfish
enabled_boot_interfaces = redfish-virtual-media
enabled_deploy_interfaces = ramdisk,direct
enabled_inspect_interfaces = redfish,no-inspect
enabled_management_interfaces = redfish
enabled_power_interfaces = redfish
enabled_network_interfaces = noop
enabled_console_interfaces = no-console
enabled_raid_interfaces = no-raid
enabled_rescue_interfaces = no-rescue
enabled_vendor_interfaces = redfish,no-vendor
# redfish is the default BIOS interface of the redfish hardware type (ironic/drivers/redfish.py)
enabled_bios_interfaces = redfish,no-bios
default_deploy_interface = ramdisk

[api]
host_ip = 127.0.0.1
port = {api_port}

[json_rpc]
auth_strategy = noauth
host_ip = 127.0.0.1
port = {rpc_port}

[database]
connection = sqlite:///{work}/ironic.sqlite?timeout=60

[dhcp]
dhcp_provider = none

[conductor]
automated_clean = false
# The power-state sync loop, every 5 s instead of 60 s; force_power_state_during_sync keeps its default (true),
# which Metal3's ironic-image does not override either.
sync_power_state_interval = 5
power_state_change_timeout = 30
soft_power_off_timeout = 30
check_provision_state_interval = 5
deploy_callback_timeout = 120
clean_callback_timeout = 120
heartbeat_interval = 5

[deploy]
http_url = {http_url}
http_root = {http_root}
iso_master_path = {work}/master_iso_images
fast_track = false

[redfish]
use_swift = false

[service_catalog]
endpoint_override = http://127.0.0.1:{api_port}

[oslo_concurrency]
lock_path = {work}/locks
"""
    path = os.path.join(work, "ironic.conf")
    with open(path, "w", encoding="utf-8") as f:
        f.write(conf)
    return path


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, fmt, *args):
        sys.stderr.write("http: " + (fmt % args) + "\n")


def serve(http_root, port):
    handler = lambda *a, **kw: QuietHandler(*a, directory=http_root, **kw)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def await_api(url, child):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise SystemExit(f"ironic exited with {child.returncode} before its API answered")
        try:
            with urllib.request.urlopen(url + "/v1/drivers", timeout=2) as r:
                if r.status == 200 and b"redfish" in r.read():
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"ironic's API did not answer within {START_TIMEOUT} s")


def write_iso(path):
    # Ironic copies a pre-built ISO as is (ironic 21.4 image_utils._prepare_iso_image, base_iso): any bytes do; an
    # ISO 9660 primary volume descriptor at sector 16 makes it look like one.
    with open(path, "wb") as f:
        f.write(bytes(16 * 2048) + b"\x01CD001\x01" + bytes(2048 - 7 + 16 * 2048))


def main(work):
    work = os.path.abspath(work)
    if os.path.exists(work):
        shutil.rmtree(work)
    http_root = os.path.join(work, "http")
    for d in (http_root, os.path.join(http_root, "images"), os.path.join(work, "state"),
              os.path.join(work, "tmp"), os.path.join(work, "master_iso_images"), os.path.join(work, "locks")):
        os.makedirs(d, exist_ok=True)
    write_iso(os.path.join(http_root, "images", "agent.iso"))

    api_port, rpc_port, http_port = free_port(), free_port(), free_port()
    http_url = f"http://127.0.0.1:{http_port}"
    conf = write_conf(work, api_port, rpc_port, http_url, http_root)
    server = serve(http_root, http_port)

    subprocess.run([PYTHON, "-c", "from ironic.cmd.dbsync import main; main()", "--config-file", conf,
                    "create_schema"], check=True, stdout=sys.stderr, stderr=sys.stderr)
    # Ironic 21.4 leaves sqlite in its rollback-journal mode, where an open read transaction blocks every writer:
    # with four nodes busy at once its API then answers 500 "database is locked". WAL (a property of the file)
    # lets readers and the writer go on together. Writers still take turns: the URL's timeout (SQLAlchemy passes it
    # to sqlite3.connect; its default is 5 s) lets one wait for the other instead of failing a power request with 500
    # "database is locked" and leaving the node reserved (seen once in CI).
    with sqlite3.connect(os.path.join(work, "ironic.sqlite")) as db:
        db.execute("PRAGMA journal_mode=WAL")
    with open(os.path.join(work, "ironic.stdout"), "wb") as out:
        child = subprocess.Popen([PYTHON, "-c", "import sys; from ironic.cmd.singleprocess import main; main()",
                                  "--config-file", conf], stdout=out, stderr=subprocess.STDOUT)
    stopping = threading.Event()

    def stop(*_):
        stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        api = f"http://127.0.0.1:{api_port}"
        await_api(api, child)
        print(f"READY {api} {http_url}", flush=True)
        # the parent (the Java test) holds our stdin: its end, or its death, stops everything
        threading.Thread(target=lambda: (sys.stdin.read(), stopping.set()), daemon=True).start()
        while not stopping.wait(0.5):
            if child.poll() is not None:
                sys.stderr.write(f"ironic exited with {child.returncode}\n")
                return 1
        return 0
    finally:
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(20)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        server.shutdown()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
