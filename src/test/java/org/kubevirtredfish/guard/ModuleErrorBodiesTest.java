package org.kubevirtredfish.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.liberty.ModuleErrorBodies;
import org.kubevirtredfish.message.ErrorBody;

/** Liberty's own web modules answer their errors as the application's error page does (ContainerErrorServlet). */
class ModuleErrorBodiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode module(int status, String uri) throws Exception {
        return JSON.readTree(ModuleErrorBodies.forStatus(status, uri));
    }

    private static JsonNode application(int status, String uri) {
        return ErrorBody.of(List.of(ContainerErrorServlet.message(status, uri)));
    }

    @Test
    void theStatusesBothAnswerAreTheApplicationsBodies() throws Exception {
        for (int status : new int[] {401, 403, 404, 405, 413, 500}) {
            assertEquals(application(status, "/health/nope"), module(status, "/health/nope"), "" + status);
        }
    }

    @Test
    void echoedUrisAreEscapedAndCutAsTheApplicationDoes() throws Exception {
        for (String uri : List.of("/health/a\"b\\c", "/openapi/ui/\u00e9t\u00e9%zz", "/health/" + "x".repeat(600),
                "/health/<script>", "/health/a\u0000b\nc")) {
            assertEquals(application(404, uri), module(404, uri), uri);
        }
    }

    @Test
    void anyOtherStatusIsAGeneralErrorThatPointsAtTheStatus() throws Exception {
        for (int status : new int[] {400, 408, 415, 501, 503}) {
            JsonNode info = module(status, "/health/x").path("error").path("@Message.ExtendedInfo").path(0);
            assertEquals("Base.1.22.GeneralError", info.path("MessageId").asText(), "" + status);
            assertTrue(info.path("Resolution").asText().contains("status code"), "" + status);
            assertFalse(info.toString().contains("/health/x"), "nothing of the request is echoed");
        }
    }
}
