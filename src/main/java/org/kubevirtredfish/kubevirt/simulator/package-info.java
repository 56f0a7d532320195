/**
 * The in-memory KubeVirt of {@code backend=simulator}: demo VMs seeded from configuration, held as a cluster holds
 * them (run strategy, VMI, media DataVolume) and moved by the KubeVirt v1.9.0 / CDI v1.66.0 rules of the
 * {@code model} package with configurable delays, under the same gateway rules as the fabric8 adapter, so that a
 * Redfish client sees what it would see on a cluster.
 */
package org.kubevirtredfish.kubevirt.simulator;
