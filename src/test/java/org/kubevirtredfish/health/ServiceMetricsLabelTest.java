package org.kubevirtredfish.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The method label of redfish_requests_total stays bounded whatever method names clients send. */
class ServiceMetricsLabelTest {

    @Test
    void httpMethodsAreTheirOwnLabel() {
        for (String m : new String[] {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"}) {
            assertEquals(m, ServiceMetrics.methodLabel(m));
        }
    }

    @Test
    void anyOtherNameIsOther() {
        assertEquals("other", ServiceMetrics.methodLabel("FOO"));
        assertEquals("other", ServiceMetrics.methodLabel("get"));
        assertEquals("other", ServiceMetrics.methodLabel("PROPFIND"));
        assertEquals("other", ServiceMetrics.methodLabel(""));
        assertEquals("other", ServiceMetrics.methodLabel(null));
    }
}
