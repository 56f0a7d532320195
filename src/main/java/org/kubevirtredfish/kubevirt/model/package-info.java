/**
 * One model of KubeVirt v1.9.0 and CDI v1.66.0 as far as this service can observe them, encoded as tables whose
 * rows each cite the upstream tag, file and function they come from. Pure Java (no Kubernetes client types), so
 * that both the in-memory simulator and the tests' mock cluster follow the same rules:
 * <ul>
 * <li>{@link org.kubevirtredfish.kubevirt.model.PrintableStatusRules}: VM {@code status.printableStatus}, first
 *     matching rule wins, from an observable {@link org.kubevirtredfish.kubevirt.model.VmView};</li>
 * <li>{@link org.kubevirtredfish.kubevirt.model.DataVolumeRules}: KubeVirt's view of a DataVolume (error,
 *     provisioning, ready);</li>
 * <li>{@link org.kubevirtredfish.kubevirt.model.VirtApiLifecycle}: virt-api's start/stop/restart/pause/unpause
 *     answers and their effect on the VM ({@link org.kubevirtredfish.kubevirt.model.ApiAnswer});</li>
 * <li>{@link org.kubevirtredfish.kubevirt.model.KubeVirtTimings} and
 *     {@link org.kubevirtredfish.kubevirt.model.StartSequence}: how long stops take, and the status updates of a
 *     start;</li>
 * <li>{@link org.kubevirtredfish.kubevirt.model.GuestReboot}: whether a guest reboot makes a new VMI;</li>
 * <li>{@link org.kubevirtredfish.kubevirt.model.CdiImport}: DataVolume phases and conditions per import outcome,
 *     garbage collection;</li>
 * <li>{@link org.kubevirtredfish.kubevirt.model.Admission}: the validating webhook rules this service can hit;</li>
 * <li>{@link org.kubevirtredfish.kubevirt.model.LiveUpdate}: RestartRequired for template changes of a running VM,
 *     no CD-ROM hotplug.</li>
 * </ul>
 */
package org.kubevirtredfish.kubevirt.model;
