package org.kubevirtredfish.liberty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorJsonTest {

    @Test
    void argumentsAndTextsSurviveAsJsonStrings() throws Exception {
        String tricky = "q\"uote b\\ackslash nl\n tab\t nul\u0000 \u00e9 \u2026 </script>";
        JsonNode body = new ObjectMapper().readTree(ErrorJson.of("GeneralError", tricky, List.of(tricky, "2"),
                tricky));
        JsonNode info = body.path("error").path("@Message.ExtendedInfo").path(0);
        assertEquals("Base.1.22.GeneralError", body.path("error").path("code").asText());
        assertEquals(tricky, body.path("error").path("message").asText());
        assertEquals(tricky, info.path("Message").asText());
        assertEquals(List.of(tricky, "2"), List.of(info.path("MessageArgs").get(0).asText(),
                info.path("MessageArgs").get(1).asText()));
        assertEquals(2, info.path("MessageArgs").size());
        assertEquals(tricky, info.path("Resolution").asText());
        assertEquals("Critical", info.path("MessageSeverity").asText());
    }
}
