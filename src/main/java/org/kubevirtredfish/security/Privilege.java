package org.kubevirtredfish.security;

/** Redfish privileges (names as in the DMTF privilege registry); NoAuth marks a public route. */
public enum Privilege {
    NoAuth, Login, ConfigureManager, ConfigureUsers, ConfigureComponents, ConfigureSelf
}
