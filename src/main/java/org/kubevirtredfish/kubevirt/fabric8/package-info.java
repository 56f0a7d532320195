/**
 * The {@link org.kubevirtredfish.kubevirt.KubeVirtGateway} adapter over a real cluster through the fabric8
 * Kubernetes client: VirtualMachines, VirtualMachineInstances (kubevirt.io/v1) and CDI DataVolumes
 * (cdi.kubevirt.io/v1beta1) handled as {@code GenericKubernetesResource}s.
 *
 * <p>Reads come only from per-namespace informers; writes are lifecycle subresource calls and JSON patches
 * guarded by a {@code test} of the resource version. Everything the service must remember (boot override,
 * inserted image, held power-on) lives in annotations of the VirtualMachine, so a restarted or second
 * replica of the service sees the same state.
 */
package org.kubevirtredfish.kubevirt.fabric8;
