package org.kubevirtredfish.kubevirt;

import java.time.Duration;

/** Told once per import when it ends: how long it took and whether the image is there (for the metrics). */
@FunctionalInterface
public interface MediaImportListener {

    void imported(VmId vm, Duration took, boolean succeeded);
}
