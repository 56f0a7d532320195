/**
 * The in-memory KubeVirt of {@code backend=simulator}: demo VMs seeded from configuration that move through
 * KubeVirt's states with realistic delays (Starting, Running, Stopping), start a new instance on every boot
 * and "import" virtual media over time, so that a Redfish client sees what it would see on a cluster.
 */
package org.kubevirtredfish.kubevirt.simulator;
