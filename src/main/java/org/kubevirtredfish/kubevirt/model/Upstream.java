package org.kubevirtredfish.kubevirt.model;

/** The upstream releases this model follows; every rule's {@code source} names a file of one of them. */
public final class Upstream {

    public static final String KUBEVIRT = "KubeVirt v1.9.0";
    public static final String CDI = "CDI v1.66.0";

    private Upstream() {
    }
}
