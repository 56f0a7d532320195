package org.kubevirtredfish.kubevirt.fabric8;

import java.time.Instant;
import java.util.UUID;

/**
 * The value of the pending-start annotation: when a power-on was held, a nonce that tells one hold from the next,
 * and optionally the uid of the instance that must be gone before the start is issued. Format
 * {@code <epoch millis>-<nonce>[/<awaited VMI uid>]}; holds written before the uid existed have none.
 *
 * @param heldAtMillis when the hold began
 * @param awaitedUid   the instance (VMI) that was shutting down or being stopped when the hold began, or null
 */
record HeldStart(String token, long heldAtMillis, String awaitedUid) {

    static HeldStart create(String awaitedUid) {
        long now = System.currentTimeMillis();
        String token = now + "-" + UUID.randomUUID() + (awaitedUid == null ? "" : "/" + awaitedUid);
        return new HeldStart(token, now, awaitedUid);
    }

    /** @return the hold, or null when the token is not one */
    static HeldStart parse(String token) {
        int dash = token == null ? -1 : token.indexOf('-');
        if (dash <= 0) {
            return null;
        }
        try {
            long heldAt = Long.parseLong(token.substring(0, dash));
            int slash = token.indexOf('/', dash);
            return new HeldStart(token, heldAt, slash < 0 ? null : token.substring(slash + 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The instance was created (and is not being deleted) no earlier than the second the hold began. */
    boolean startedSince(Instant instanceCreated) {
        return instanceCreated != null && instanceCreated.getEpochSecond() >= heldAtMillis / 1000;
    }

    @Override
    public String toString() {
        return token;
    }
}
