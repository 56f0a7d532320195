package org.kubevirtredfish.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorBodyTest {

    @Test
    void aFloodOfClientMistakesGivesABoundedAnswer() {
        List<RedfishMessage> messages = new ArrayList<>();
        for (int i = 0; i < 2002; i++) {
            String name = "P" + i + "x".repeat(300);
            messages.add(BaseMessage.PropertyUnknown.with(name).about("#/" + name));
        }
        JsonNode body = ErrorBody.of(messages);
        JsonNode info = body.path("error").path("@Message.ExtendedInfo");
        assertEquals(ErrorBody.MAX_MESSAGES, info.size());
        assertEquals("Base.1.22.GeneralError", body.path("error").path("code").asText());
        for (JsonNode entry : info) {
            assertTrue(entry.path("MessageArgs").get(0).asText().length() <= ErrorBody.MAX_ARG_LENGTH + 1, entry.toString());
            assertTrue(entry.path("MessageArgs").get(0).asText().endsWith("\u2026"), entry.toString());
            assertTrue(entry.path("RelatedProperties").get(0).asText().length() <= ErrorBody.MAX_ARG_LENGTH + 1);
            assertTrue(entry.path("Message").asText().length() < 300, entry.toString());
        }
        assertTrue(body.toString().length() < 16 * 1024, body.toString().length() + " bytes");
    }

    @Test
    void shortArgumentsAndASingleMessageAreKeptAsTheyAre() {
        String uri = "/redfish/v1/Managers/demo.control-plane-0/VirtualMedia/Cd/Actions/VirtualMedia.InsertMedia";
        JsonNode body = ErrorBody.of(List.of(BaseMessage.ResourceMissingAtURI.with(uri)));
        assertEquals("Base.1.22.ResourceMissingAtURI", body.path("error").path("code").asText());
        assertEquals(uri, body.path("error").path("@Message.ExtendedInfo").get(0).path("MessageArgs").get(0).asText());
        assertEquals("The resource at the URI '" + uri + "' was not found.", body.path("error").path("message").asText());
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        String arg = "a".repeat(ErrorBody.MAX_ARG_LENGTH - 1) + "\uD83D\uDE00" + "tail";
        String shown = BaseMessage.PropertyUnknown.with(arg).bounded(ErrorBody.MAX_ARG_LENGTH).args().get(0);
        assertEquals("a".repeat(ErrorBody.MAX_ARG_LENGTH - 1) + "\u2026", shown);
    }
}
