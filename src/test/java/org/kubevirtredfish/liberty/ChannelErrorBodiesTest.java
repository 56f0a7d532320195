package org.kubevirtredfish.liberty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.ErrorBody;

class ChannelErrorBodiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The application's own body of this message (ErrorBody, BaseMessage), with the given Resolution. */
    private static ObjectNode expected(BaseMessage message, String resolution) {
        ObjectNode body = ErrorBody.of(List.of(message.with()));
        ((ObjectNode) body.path("error").path("@Message.ExtendedInfo").get(0)).put("Resolution", resolution);
        return body;
    }

    private static ObjectNode body(int status) throws Exception {
        return (ObjectNode) JSON.readTree(new String(ChannelErrorBodies.forStatus(status), StandardCharsets.UTF_8));
    }

    @Test
    void aRequestTheServerCannotReadIsAGeneralErrorWithAResolution() throws Exception {
        assertEquals(expected(BaseMessage.GeneralError, ChannelErrorBodies.UNREADABLE_RESOLUTION), body(400));
    }

    @Test
    void headersThatDoNotArriveInTimeAreAGeneralErrorWithAResolution() throws Exception {
        assertEquals(expected(BaseMessage.GeneralError, ChannelErrorBodies.TIMEOUT_RESOLUTION), body(408));
    }

    @Test
    void aUriTheWebContainerCannotDecodeIsAGeneralErrorWithAResolution() throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(new String(ChannelErrorBodies.undecodableUri(),
                StandardCharsets.UTF_8));
        assertEquals(expected(BaseMessage.GeneralError, ChannelErrorBodies.UNDECODABLE_URI_RESOLUTION), body);
        assertNotSame(ChannelErrorBodies.undecodableUri(), ChannelErrorBodies.undecodableUri());
    }

    @Test
    void aBodyOverTheLimitIsPayloadTooLarge() throws Exception {
        assertEquals(expected(BaseMessage.PayloadTooLarge, BaseMessage.PayloadTooLarge.resolution()), body(413));
        assertEquals(413, BaseMessage.PayloadTooLarge.status());
    }

    @Test
    void anyOtherStatusIsAGeneralErrorThatPointsAtTheStatus() throws Exception {
        for (int status : new int[] {0, 500, 501, 503, 505}) {
            assertEquals(expected(BaseMessage.GeneralError, ChannelErrorBodies.REFUSED_RESOLUTION), body(status),
                    "status " + status);
        }
    }

    @Test
    void eachAnswerGetsItsOwnCopy() {
        byte[] first = ChannelErrorBodies.forStatus(400);
        byte[] second = ChannelErrorBodies.forStatus(400);
        assertNotSame(first, second);
        first[0] = 'x';
        assertArrayEquals(ChannelErrorBodies.BAD_REQUEST.getBytes(StandardCharsets.UTF_8), second);
    }
}
