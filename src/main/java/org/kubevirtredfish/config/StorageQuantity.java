package org.kubevirtredfish.config;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes resource quantity as the API server parses it (k8s.io/apimachinery pkg/api/resource/quantity.go,
 * ParseQuantity: a signed decimal number, then a binary-SI suffix Ki..Ei, a decimal-SI suffix n, u, m, k, M..E, or a
 * decimal exponent e/E), and positive, as a storage request must be. Checked at start, so that {@code "three
 * gigabytes"} fails there and not at the first InsertMedia.
 */
public final class StorageQuantity {

    private static final Pattern QUANTITY = Pattern.compile(
            "([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\\d+)?");

    private StorageQuantity() {
    }

    /** Whether the text is a quantity greater than zero. */
    public static boolean isPositive(String text) {
        if (text == null) {
            return false;
        }
        Matcher m = QUANTITY.matcher(text);
        return m.matches() && new BigDecimal(m.group(1)).signum() > 0;
    }
}
