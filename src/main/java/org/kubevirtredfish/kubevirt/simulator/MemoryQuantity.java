package org.kubevirtredfish.kubevirt.simulator;

import java.math.BigDecimal;
import java.util.Map;

/** Kubernetes quantities (binary and decimal suffixes) in MiB or bytes, for the demo VMs' configuration. */
final class MemoryQuantity {

    private static final Map<String, BigDecimal> FACTORS = Map.of(
            "Ki", BigDecimal.valueOf(1L << 10), "Mi", BigDecimal.valueOf(1L << 20),
            "Gi", BigDecimal.valueOf(1L << 30), "Ti", BigDecimal.valueOf(1L << 40),
            "k", BigDecimal.valueOf(1_000L), "M", BigDecimal.valueOf(1_000_000L),
            "G", BigDecimal.valueOf(1_000_000_000L), "T", BigDecimal.valueOf(1_000_000_000_000L));

    private MemoryQuantity() {
    }

    static long toMiB(String quantity) {
        return toBytes(quantity) >> 20;
    }

    static long toBytes(String quantity) {
        String q = quantity.trim();
        String number = q.replaceAll("[A-Za-z]+$", "");
        String suffix = q.substring(number.length());
        BigDecimal factor = suffix.isEmpty() ? BigDecimal.ONE : FACTORS.get(suffix);
        if (factor == null || number.isEmpty()) {
            throw new IllegalArgumentException("not a memory quantity: " + quantity);
        }
        return new BigDecimal(number).multiply(factor).longValue();
    }
}
