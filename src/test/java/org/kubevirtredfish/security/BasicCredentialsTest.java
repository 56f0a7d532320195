package org.kubevirtredfish.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class BasicCredentialsTest {

    private static final String VALID = Base64.getEncoder()
            .encodeToString("admin:demo-admin".getBytes(StandardCharsets.UTF_8));

    @Test
    void aWellFormedHeaderGivesUserAndPassword() {
        BasicCredentials c = BasicCredentials.parse("Basic " + VALID).orElseThrow();
        assertEquals("admin", c.username());
        assertEquals("demo-admin", c.password());
        assertEquals("admin", BasicCredentials.parse("basic " + VALID).orElseThrow().username());
    }

    @Test
    void malformedHeadersAreRefusedEvenWithValidCredentials() {
        String noColon = Base64.getEncoder().encodeToString("nocolon".getBytes(StandardCharsets.UTF_8));
        for (String header : new String[] {"Basic !!!", "Basic " + noColon, "Basic  " + VALID,
                "Basic " + VALID + " x", "Basic " + VALID + "x", "Basic", "Basic ", "Basic\t" + VALID}) {
            assertTrue(BasicCredentials.isBasic(header), header);
            assertTrue(BasicCredentials.parse(header).isEmpty(), header);
        }
    }

    @Test
    void otherSchemesAreNotBasic() {
        assertTrue(!BasicCredentials.isBasic("Bearer abc"));
        assertTrue(!BasicCredentials.isBasic("Basicx abc"));
        assertTrue(!BasicCredentials.isBasic(null));
    }
}
