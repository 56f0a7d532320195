/**
 * Configuration: the documented {@code config.yaml} (Secret {@code kubevirt-redfish-secret}, path from
 * {@code CONFIG_PATH}) read into typed records, and exposed to MicroProfile Config as a low-ordinal
 * source so that system properties and environment variables override any of its scalar settings.
 */
package org.kubevirtredfish.config;
