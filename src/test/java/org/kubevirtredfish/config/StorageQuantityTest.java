package org.kubevirtredfish.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StorageQuantityTest {

    /** Forms k8s.io/apimachinery ParseQuantity accepts (binary SI, decimal SI, exponent, fractions). */
    @ParameterizedTest
    @ValueSource(strings = {"3Gi", "10Gi", "5000Mi", "1.5Gi", "3G", "3000000000", "3e9", "+3Gi", ".5Ti"})
    void kubernetesQuantitiesAreAccepted(String quantity) {
        assertTrue(StorageQuantity.isPositive(quantity), quantity);
    }

    @ParameterizedTest
    @ValueSource(strings = {"three gigabytes", "3GB", "3 Gi", "3gi", "Gi", "", "0", "0Gi", "-3Gi", "3Gi "})
    void anythingElseIsRefused(String quantity) {
        assertFalse(StorageQuantity.isPositive(quantity), quantity);
    }
}
