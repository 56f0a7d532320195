package org.kubevirtredfish.kubevirt;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The port through which the Redfish resources reach KubeVirt. Reads must be cheap (served from
 * memory or an informer cache); writes perform one primitive operation and return without
 * waiting for the VM to reach its new state, which later reads report.
 *
 * <p>Failures are {@link GatewayException}s: {@link GatewayException.NotFound},
 * {@link GatewayException.Conflict}, {@link GatewayException.Unavailable},
 * {@link GatewayException.Forbidden}, {@link GatewayException.BadRequest}.
 */
public interface KubeVirtGateway {

    /** Every VM of the namespace that the gateway watches, sorted by name. */
    List<VirtualMachine> list(String namespace);

    Optional<VirtualMachine> find(VmId id);

    /**
     * Performs one primitive power operation. A START (or the start half of a restart) while the VM's
     * virtual media is still importing is accepted but held: the VM reports PoweringOn and boots only once
     * the image is ready, so it never boots without its ISO; a failed import leaves it Off.
     * {@link PowerAction#START_AFTER_STOP} is held the same way until the instance that is shutting down is gone.
     * A stop of a VM that reads Off is a success without any call; a stop drops a held power-on.
     */
    void power(VmId id, PowerAction action);

    /** Sets the boot override; the device order changes for the next instance that boots. */
    VirtualMachine setBootOverride(VmId id, BootOverride override);

    /** The VM's firmware settings; read like {@link #find} (from memory or the informer cache). */
    Firmware firmware(VmId id);

    /**
     * Turns UEFI secure boot of the VM's next instance on or off ({@code efi.secureBoot}; on also turns on the SMM
     * feature it needs); the running instance keeps its firmware. Nothing changes when it already is so. A VM that
     * boots Legacy, or whose secure boot is locked ({@link Firmware#secureBootLocked}), cannot get secure boot:
     * {@link GatewayException.Conflict}.
     */
    Firmware setSecureBoot(VmId id, boolean enabled);

    /**
     * Starts making the image available as the VM's CD; the import may take time (MediaState IMPORTING, then
     * READY or FAILED). Inserting the image that is already inserted is a no-op; inserting another one while
     * media is inserted is a {@link GatewayException.Conflict}.
     */
    void insertMedia(VmId id, MediaInsert media);

    /**
     * The VM's write version: state kept with the VM (in the cluster, for the real gateway) that moves with every
     * write {@link #claimWrite claimed}; every replica reads the same value for the same state, so it is part of the
     * VM's ETags.
     */
    String writeVersion(VmId id);

    /**
     * Claims a write of the VM before it is made: moves its write version. With {@code expected} (the version the
     * client's If-Match was checked against) only while the VM's version is still that one, atomically, so that of
     * several writers holding the same ETag, on any replicas, exactly one gets through; the others get
     * {@link GatewayException.PreconditionFailed}. {@code expected} null: unconditional.
     */
    void claimWrite(VmId id, String expected);

    /** Removes the CD and whatever was imported for it; a no-op when nothing is inserted. */
    void ejectMedia(VmId id);

    /** Registers who is told when an import of virtual media ends (succeeded or failed), once per import. */
    void onMediaImport(MediaImportListener listener);

    /**
     * Registers who is told the id of each VM that may have changed: added, deleted, relabelled, or its VM, instance or
     * media objects moved on (informer events, simulator steps). It may be told of changes that changed nothing.
     * Each call comes after the change is readable through {@link #find} and {@link #labels}, on a thread that holds
     * none of the locks that guard the gateway's state. Returns false when this gateway tells nobody: then a reader
     * must list.
     */
    default boolean onChange(VmChangeListener listener) {
        return false;
    }

    /** A VM's labels as {@link #find} would report them, without building its snapshot; empty when it is gone. */
    default Optional<Map<String, String>> labels(VmId id) {
        return find(id).map(VirtualMachine::labels);
    }

    /** True once the gateway can answer reads (e.g. its informers have synced). */
    boolean isReady();

    /** Its informers, for metrics and readiness data; none for a gateway without any (the simulator). */
    default java.util.List<InformerHealth> informers() {
        return java.util.List.of();
    }

    /** What readiness lacks besides the informers (e.g. the API server does not answer); empty when nothing. */
    default java.util.Optional<String> unreachable() {
        return java.util.Optional.empty();
    }

    /** Registers who is told about each Kubernetes API call; a gateway that makes none never calls it. */
    default void onApiCall(KubernetesApiCall.Listener listener) {
    }

    /**
     * Permissions the service's Kubernetes identity lacks, each as {@code <verb> <group> <resource> in namespace
     * <ns>}; empty when it has all it uses (or there is no cluster).
     */
    default java.util.List<String> missingPermissions() {
        return java.util.List.of();
    }

    /**
     * Whether this replica runs the reconciler (held power-ons, Once restores): true for the leader of several
     * replicas or a single one; empty for a gateway without a reconciler (the simulator works in-process).
     */
    default java.util.Optional<Boolean> reconciling() {
        return java.util.Optional.empty();
    }

    /** The identity (pod name) of the reconciling replica as last observed, when replicas elect one. */
    default java.util.Optional<String> reconcilerLeader() {
        return java.util.Optional.empty();
    }
}
