package org.kubevirtredfish.liberty;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.liberty.WebContainerUriCheck.Thrown;
import org.kubevirtredfish.liberty.WebContainerUriCheck.UriStep;

/**
 * The check's reading of what Liberty's steps throw. Liberty's own steps are run by HardeningIT against the server
 * (%zz fails decoding, %00 canonicalization); here they are stood in for, throwing what each would.
 */
class WebContainerUriCheckTest {

    private static final UriStep SAME = uri -> uri;

    /** Throws as Liberty's step would for a URI containing {@code marker}. */
    private static UriStep throwing(String marker, Exception what) {
        return uri -> {
            if (uri.contains(marker)) {
                throw new Thrown(what);
            }
            return uri;
        };
    }

    @Test
    void aUriEveryStepAcceptsIsLeftToTheWebContainer() {
        WebContainerUriCheck check = new WebContainerUriCheck(SAME,
                throwing("%zz", new IllegalArgumentException("URLDecoder: Illegal hex characters")),
                throwing("\0", new IOException("NUL")));
        assertFalse(check.refuses("/redfish/v1/Systems/demo.control-plane-0"));
        assertTrue(check.refuses("/redfish/v1/Systems/%zz"));
        assertTrue(check.refuses("/redfish/v1/\0"));
    }

    @Test
    void decodingRefusesOnAnyExceptionCanonicalizationOnlyOnAnIoException() {
        // WebContainer#handleRequest catches Exception around decoding and IOException around canonicalizeURI
        WebContainerUriCheck decoding = new WebContainerUriCheck(SAME, throwing("x", new IllegalStateException()),
                SAME);
        assertTrue(decoding.refuses("/x"));
        WebContainerUriCheck canonicalizing = new WebContainerUriCheck(SAME, SAME,
                throwing("x", new IllegalStateException()));
        assertFalse(canonicalizing.refuses("/x"), "not the 400 this check stands for");
    }

    @Test
    void aUriItsNormalizationFailsIsNotThisAnswer() {
        WebContainerUriCheck check = new WebContainerUriCheck(throwing("x", new IllegalArgumentException()),
                throwing("x", new IllegalArgumentException()), SAME);
        assertFalse(check.refuses("/x"));
    }

    @Test
    void aStepThatCannotBeCalledSaysNothingAboutTheUri() {
        UriStep broken = uri -> {
            throw new IllegalStateException("canonicalizeURI failed", new NoClassDefFoundError("RequestUtils"));
        };
        WebContainerUriCheck check = new WebContainerUriCheck(SAME, SAME, broken);
        assertThrows(IllegalStateException.class, () -> check.refuses("/redfish/v1/"),
                "the container then leaves the request to the web container");
    }

    @Test
    void withoutLibertyThereIsNoCheck() {
        assertThrows(ClassNotFoundException.class,
                () -> WebContainerUriCheck.of(WebContainerUriCheckTest.class.getClassLoader()));
    }
}
