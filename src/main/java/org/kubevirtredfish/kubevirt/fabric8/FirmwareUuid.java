package org.kubevirtredfish.kubevirt.fabric8;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * The firmware UUID KubeVirt gives the guest of a VM without {@code firmware.uuid}: a name-based (version 5, SHA-1)
 * UUID of the VM name in a fixed namespace (KubeVirt v1.9.0 pkg/virt-controller/watch/vm/firmware.go,
 * CalculateLegacyUUID and magicUUID; used by setupStableFirmwareUUID in vm.go and by the FirmwareController that
 * writes it into the VM). So the System UUID matches what the guest's SMBIOS reports before KubeVirt has
 * persisted it.
 */
final class FirmwareUuid {

    /** KubeVirt v1.9.0 pkg/virt-controller/watch/vm/firmware.go, magicUUID. */
    static final UUID NAMESPACE = UUID.fromString("6a1a24a1-4061-4607-8bf4-a3963d0c5895");

    private FirmwareUuid() {
    }

    /** RFC 4122 section 4.3 with SHA-1, as Go's uuid.NewSHA1(namespace, name). */
    static UUID of(String vmName) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
        sha1.update(ByteBuffer.allocate(16).putLong(NAMESPACE.getMostSignificantBits())
                .putLong(NAMESPACE.getLeastSignificantBits()).array());
        byte[] hash = sha1.digest(vmName.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // RFC 4122 variant
        ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bytes.getLong(), bytes.getLong());
    }
}
