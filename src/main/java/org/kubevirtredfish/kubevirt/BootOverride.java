package org.kubevirtredfish.kubevirt;

import java.util.Objects;

/** A VM's boot override as Redfish sees it. */
public record BootOverride(BootSource target, BootOverrideEnabled enabled, BootMode mode) {

    public BootOverride {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(enabled, "enabled");
        Objects.requireNonNull(mode, "mode");
    }

    public static BootOverride none(BootMode mode) {
        return new BootOverride(BootSource.None, BootOverrideEnabled.Disabled, mode);
    }

    public BootOverride withTarget(BootSource t) {
        return new BootOverride(t, enabled, mode);
    }

    public BootOverride withEnabled(BootOverrideEnabled e) {
        return new BootOverride(target, e, mode);
    }

    public BootOverride withMode(BootMode m) {
        return new BootOverride(target, enabled, m);
    }
}
