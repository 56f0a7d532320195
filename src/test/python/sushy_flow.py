#!/usr/bin/python3
"""Ironic's redfish-virtualmedia flow, driven by Ironic's own client library (sushy), against a running service.

Usage: sushy_flow.py BASE_URL SYSTEM_PATH USERNAME PASSWORD IMAGE_URL

Follows how sushy drives a BMC (openstack/sushy, Ironic redfish driver) step by step and checks, through the system's Oem.KubeVirt view of the
running instance, that the VM booted from the CD exactly once. Prints one line per step and ends with
"N passed, N failed"; exits non-zero on the first failure.
"""
import sys
import time

import sushy
from sushy import auth

TIMEOUT = 60


def main(base, system_path, username, password, image):
    checks = {"passed": 0}

    def check(what, condition):
        if not condition:
            print(f"FAIL {what}")
            print(f"{checks['passed']} passed, 1 failed")
            sys.exit(1)
        checks["passed"] += 1
        print(f"ok   {what}")

    session = auth.SessionAuth(username=username, password=password)
    root = sushy.Sushy(base, auth=session, verify=False)
    system = root.get_system(system_path)
    check("session login gave an X-Auth-Token", session.get_session_key() is not None)
    check("Links.ManagedBy names a manager", len(system.managers) >= 1)

    def power_state():
        system.refresh()
        return system.power_state

    def wait_for(state):
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if power_state() == state:
                return True
            time.sleep(0.5)
        return False

    def oem():
        system.refresh()
        return system.json.get("Oem", {}).get("KubeVirt", {})

    # Power off first, as Ironic does before deploying.
    system.reset_system(sushy.ResetType.FORCE_OFF)
    check("ForceOff reaches Off", wait_for(sushy.PowerState.OFF))

    # Virtual media as Ironic finds it: the system's own collection when this sushy knows it, else the managers'.
    collections = [system.virtual_media] if hasattr(system, "virtual_media") else \
        [manager.virtual_media for manager in system.managers]
    media = [m for c in collections for m in c.get_members()
             if {sushy.VirtualMediaType.CD, sushy.VirtualMediaType.DVD} & set(m.media_types)]
    check("a CD/DVD virtual media device exists", len(media) == 1)
    cd = media[0]
    if cd.inserted:
        cd.eject_media()
    cd.eject_media()  # ejecting an empty slot succeeds too
    cd.refresh()
    check("eject leaves Inserted false and Image null", cd.inserted is False and cd.image is None)
    cd.insert_media(image, inserted=True, write_protected=True)
    cd.refresh()
    check("insert shows the image as inserted", cd.inserted is True and cd.image == image)

    # Boot mode, then one-time boot from the CD, as two PATCHes.
    system.set_system_boot_options(mode=sushy.BootSourceOverrideMode.UEFI)
    system.set_system_boot_options(target=sushy.BootSource.CD, enabled=sushy.BootSourceOverrideEnabled.ONCE)
    system.refresh()
    check("boot override reads Cd/Once/UEFI",
          system.boot.target == sushy.BootSource.CD
          and system.boot.enabled == sushy.BootSourceOverrideEnabled.ONCE
          and system.boot.mode == sushy.BootSourceOverrideMode.UEFI)

    system.reset_system(sushy.ResetType.ON)
    check("On reaches On", wait_for(sushy.PowerState.ON))
    first = oem()
    check("the VM booted from the CD", first.get("InstanceBootDevice") == "Cd")
    system.refresh()
    check("after that one boot the override reads Disabled",
          system.boot.enabled == sushy.BootSourceOverrideEnabled.DISABLED)

    # The agent reboots the node once: the next instance must not boot from the CD again.
    system.reset_system(sushy.ResetType.GRACEFUL_RESTART)
    deadline = time.monotonic() + TIMEOUT
    second = first
    while time.monotonic() < deadline:
        second = oem()
        if second.get("InstanceId") not in (None, first.get("InstanceId")) and power_state() == sushy.PowerState.ON:
            break
        time.sleep(0.5)
    check("a restart boots a new instance", second.get("InstanceId") not in (None, first.get("InstanceId")))
    check("the CD was booted exactly once: the new instance boots from disk", second.get("InstanceBootDevice") == "Hdd")

    # After deployment: eject, boot from disk for good, restart.
    cd.eject_media()
    cd.refresh()
    check("eject after deployment", cd.inserted is False)
    system.set_system_boot_options(target=sushy.BootSource.HDD, enabled=sushy.BootSourceOverrideEnabled.CONTINUOUS)
    system.refresh()
    check("boot override reads Hdd/Continuous",
          system.boot.target == sushy.BootSource.HDD
          and system.boot.enabled == sushy.BootSourceOverrideEnabled.CONTINUOUS)
    before = oem().get("InstanceId")
    system.reset_system(sushy.ResetType.FORCE_RESTART)
    deadline = time.monotonic() + TIMEOUT
    after = {}
    while time.monotonic() < deadline:
        after = oem()
        if after.get("InstanceId") not in (None, before) and power_state() == sushy.PowerState.ON:
            break
        time.sleep(0.5)
    check("ForceRestart boots a new instance from disk",
          after.get("InstanceId") not in (None, before) and after.get("InstanceBootDevice") == "Hdd")
    system.refresh()
    check("Continuous survives the boot", system.boot.enabled == sushy.BootSourceOverrideEnabled.CONTINUOUS)
    print(f"{checks['passed']} passed, 0 failed")


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    main(*sys.argv[1:])
