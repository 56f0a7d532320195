package org.kubevirtredfish.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.RedfishException;

class RequestBodyTest {

    private static RedfishException error(int status, BaseMessage message, String body, boolean emptyAllowed) {
        RedfishException e = assertThrows(RedfishException.class, () -> RequestBody.parse(body, emptyAllowed));
        assertEquals(status, e.status());
        assertEquals(List.of(message), e.messages().stream().map(m -> m.message()).toList());
        return e;
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"a\":}", "{'a':1}", "{a:1}", "{\"a\":1,}", "nonsense", "{\"a\":tru}",
            "{\"a\":1} {\"b\":2}", "{\"a\":1} x", "{\"a\":1}}", "{\"a\":1,\"a\":2}", "{\"o\":{\"k\":1,\"k\":1}}",
            "/* comment */ {\"a\":1}"})
    void malformedJson(String body) {
        error(400, BaseMessage.MalformedJSON, body, false);
        error(400, BaseMessage.MalformedJSON, body, true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"a\":1}]", "\"text\"", "42", "true", "null"})
    void nonObjectBodies(String body) {
        error(400, BaseMessage.UnrecognizedRequestBody, body, true);
    }

    @Test
    void emptyBodyWhenAllowedIsAnEmptyObject() {
        for (String body : new String[] {null, "", "  \n"}) {
            RequestBody r = RequestBody.parse(body, true);
            assertTrue(r.json().isEmpty());
            r.throwIfAny();
        }
    }

    @Test
    void emptyBodyWhenRequiredIsMalformed() {
        for (String body : new String[] {null, "", "  \n"}) {
            error(400, BaseMessage.MalformedJSON, body, false);
        }
    }

    @Test
    void payloadTooLarge() {
        String big = "{\"a\":\"" + "x".repeat(RequestBody.MAX_LENGTH) + "\"}";
        error(413, BaseMessage.PayloadTooLarge, big, false);
        String fits = "{\"a\":\"" + "x".repeat(RequestBody.MAX_LENGTH - 8) + "\"}";
        assertEquals(RequestBody.MAX_LENGTH, fits.length());
        assertEquals(RequestBody.MAX_LENGTH - 8, RequestBody.parse(fits, false).json().get("a").asText().length());
    }

    @Test
    void validObject() {
        RequestBody r = RequestBody.parse(" {\"a\": 1, \"b\": {\"c\": [1, 2]}} \n", false);
        assertEquals(1, r.json().get("a").asInt());
        assertEquals(2, r.json().get("b").get("c").size());
    }

    @Test
    void problemsAreAnsweredTogether() {
        RequestBody none = RequestBody.parse("{}", false);
        none.throwIfAny();
        RequestBody one = RequestBody.parse("{}", false);
        one.problem(BaseMessage.PreconditionFailed.with());
        RedfishException e = assertThrows(RedfishException.class, one::throwIfAny);
        assertEquals(412, e.status(), "one message: its own status");
        RequestBody two = RequestBody.parse("{}", false);
        two.problem(BaseMessage.PropertyUnknown.with("a"));
        two.problem(BaseMessage.ResourceNotFound.with("T", "x"));
        e = assertThrows(RedfishException.class, two::throwIfAny);
        assertEquals(400, e.status(), "several messages: 400");
        assertEquals(2, e.messages().size());
    }

    @Test
    void textOfValues() {
        assertEquals("abc", RequestBody.text(Json.MAPPER.valueToTree("abc")));
        assertEquals("1", RequestBody.text(Json.MAPPER.valueToTree(1)));
        assertEquals("null", RequestBody.text(Json.MAPPER.nullNode()));
        assertEquals("[1,2]", RequestBody.text(Json.MAPPER.valueToTree(List.of(1, 2))));
    }
}
