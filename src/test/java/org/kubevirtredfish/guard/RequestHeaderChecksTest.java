package org.kubevirtredfish.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The header checks of {@link HostHeaderFilter} and {@link BodyIntakeFilter}. */
class RequestHeaderChecksTest {

    @Test
    void hostsThatAreUriAuthorities() {
        for (String host : List.of("127.0.0.1", "127.0.0.1:8443", "bmc.apps.example.com", "[::1]", "[::1]:8443",
                "kubevirt-redfish.ns.svc", "")) {
            assertTrue(HostHeaderFilter.isAuthority(host), host);
        }
    }

    @Test
    void hostsThatAreNot() {
        for (String host : List.of("a b<>|", "[::1", "x/y", "x:80:80", "x\"y", "h:123456", "a{b}", "\u00e9.example",
                "a".repeat(300))) {
            assertFalse(HostHeaderFilter.isAuthority(host), host);
        }
    }

    @Test
    void charsetParameterOfAContentType() {
        assertEquals("utf-8", BodyIntakeFilter.charset("application/json; charset=utf-8"));
        assertEquals("UTF-8", BodyIntakeFilter.charset("application/json;CHARSET=\"UTF-8\""));
        assertEquals("nope-42", BodyIntakeFilter.charset("application/json; q=1; charset=nope-42"));
        assertNull(BodyIntakeFilter.charset("application/json"));
        assertNull(BodyIntakeFilter.charset(null));
    }

    @Test
    void onlyCharsetsJavaKnowsAreAccepted() {
        assertTrue(BodyIntakeFilter.knownCharset(null));
        assertTrue(BodyIntakeFilter.knownCharset("utf-8"));
        assertTrue(BodyIntakeFilter.knownCharset("ISO-8859-1"));
        assertFalse(BodyIntakeFilter.knownCharset("nope-42"));
        assertFalse(BodyIntakeFilter.knownCharset("bad name!"));
        assertFalse(BodyIntakeFilter.knownCharset(""));
    }

    @Test
    void everyStatusTheContainerAnswersHasItsRedfishMessage() {
        assertEquals("ResourceMissingAtURI", ContainerErrorServlet.message(404, "/WEB-INF/web.xml").message().name());
        assertEquals("OperationNotAllowed", ContainerErrorServlet.message(405, "/").message().name());
        assertEquals("PayloadTooLarge", ContainerErrorServlet.message(413, "/").message().name());
        assertEquals("HeaderInvalid", ContainerErrorServlet.message(415, "/").message().name());
        assertEquals("InternalError", ContainerErrorServlet.message(500, "/").message().name());
        assertEquals("GeneralError", ContainerErrorServlet.message(400, "/").message().name());
    }

    @Test
    void pathsWhoseEscapesAreNotUtf8() {
        assertTrue(PercentEncodingFilter.decodesAsUtf8("/redfish/v1/Systems/demo.control-plane-0"));
        assertTrue(PercentEncodingFilter.decodesAsUtf8("/redfish/v1/Systems/caf%C3%A9%20x"));
        assertFalse(PercentEncodingFilter.decodesAsUtf8("/redfish/v1/%c0%af"));
        assertFalse(PercentEncodingFilter.decodesAsUtf8("/redfish/v1/%ff"));
        assertFalse(PercentEncodingFilter.decodesAsUtf8("/redfish/v1/%C3"));
        assertFalse(PercentEncodingFilter.decodesAsUtf8("/redfish/v1/%zz"));
        assertFalse(PercentEncodingFilter.decodesAsUtf8("/redfish/v1/%2"));
    }
}
