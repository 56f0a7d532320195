package org.kubevirtredfish.kubevirt;

/** The virtual CD of a VM. */
public record MediaState(Phase phase, String image, String imageName, boolean writeProtected,
        String progress, String message) {

    /** Where the image is: nothing inserted, being imported, ready to boot, import failed. */
    public enum Phase { EMPTY, IMPORTING, READY, FAILED }

    public static MediaState empty() {
        return new MediaState(Phase.EMPTY, null, null, true, null, null);
    }

    public boolean inserted() {
        return phase != Phase.EMPTY;
    }
}
