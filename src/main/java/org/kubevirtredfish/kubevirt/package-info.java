/**
 * The port to KubeVirt, in this service's own terms: virtual machines, their power state, boot
 * override, virtual media and inventory. {@link org.kubevirtredfish.kubevirt.KubeVirtGateway} has
 * two adapters chosen by configuration ({@code backend}): the in-memory simulator and the fabric8
 * client. Nothing in here knows about HTTP or Redfish payloads.
 */
package org.kubevirtredfish.kubevirt;
