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
from sushy import utils
from sushy.resources.manager.virtual_media import VirtualMediaCollection

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

    def ironic_reboot():
        """Ironic's hard reboot (ironic 21.4 redfish/power.py, RedfishPower.reboot; conductor/utils.py,
        node_wait_for_power_state): when the System reads on (On or PoweringOn), ForceOff and poll every second until
        it reads off (Off or PoweringOff), then On and poll until it reads on."""
        on = {sushy.PowerState.ON, sushy.PowerState.POWERING_ON}
        off = {sushy.PowerState.OFF, sushy.PowerState.POWERING_OFF}
        for reset, reached in ((sushy.ResetType.FORCE_OFF, off), (sushy.ResetType.ON, on)):
            if reset == sushy.ResetType.FORCE_OFF and power_state() not in on:
                continue
            system.reset_system(reset)
            deadline = time.monotonic() + TIMEOUT
            while True:
                time.sleep(1)
                if power_state() in reached:
                    break
                if time.monotonic() > deadline:
                    check(f"{reset} reaches {reached}", False)

    def oem():
        system.refresh()
        return system.json.get("Oem", {}).get("KubeVirt", {})

    # Power off first, as Ironic does before deploying.
    system.reset_system(sushy.ResetType.FORCE_OFF)
    check("ForceOff reaches Off", wait_for(sushy.PowerState.OFF))

    # Virtual media where Ironic looks for it: newer sushy/Ironic under the System (Systems/{id}/VirtualMedia,
    # sushy >= 4.8 System.virtual_media), sushy 4.3 only under the Managers (Managers/{id}/VirtualMedia). Both must
    # show the same device. Before inserting, Ironic ejects every medium it finds in both places
    # (ironic redfish/boot.py, eject_vmedia).
    def cd_of(collection):
        found = [m for m in collection.get_members()
                 if {sushy.VirtualMediaType.CD, sushy.VirtualMediaType.DVD} & set(m.media_types)]
        check(f"one CD/DVD virtual media device under {collection.path}", len(found) == 1)
        return found[0]

    system_media = VirtualMediaCollection(root._conn, utils.get_sub_resource_path_by(system, "VirtualMedia"),
                                          redfish_version=system.redfish_version, root=root)
    system_cd = cd_of(system_media)
    manager_cd = cd_of(system.managers[0].virtual_media)
    for cd in (system_cd, manager_cd):
        if cd.inserted:
            cd.eject_media()
    manager_cd.eject_media()  # ejecting an empty slot succeeds too
    manager_cd.refresh()
    check("eject leaves Inserted false and Image null", manager_cd.inserted is False and manager_cd.image is None)
    system_cd.insert_media(image, inserted=True, write_protected=True)
    system_cd.refresh()
    manager_cd.refresh()
    check("insert under the System shows the image as inserted under the System and the Manager",
          system_cd.inserted is True and system_cd.image == image
          and manager_cd.inserted is True and manager_cd.image == image)
    cd = manager_cd

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
    ironic_reboot()
    deadline = time.monotonic() + TIMEOUT
    after = {}
    while time.monotonic() < deadline:
        after = oem()
        if after.get("InstanceId") not in (None, before) and power_state() == sushy.PowerState.ON:
            break
        time.sleep(0.5)
    check("Ironic's reboot boots a new instance from disk",
          after.get("InstanceId") not in (None, before) and after.get("InstanceBootDevice") == "Hdd")
    system.refresh()
    check("Continuous survives the boot", system.boot.enabled == sushy.BootSourceOverrideEnabled.CONTINUOUS)
    print(f"{checks['passed']} passed, 0 failed")


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    main(*sys.argv[1:])
