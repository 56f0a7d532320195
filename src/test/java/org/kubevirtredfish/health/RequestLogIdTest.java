package org.kubevirtredfish.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The request id of the request log: the client's when it is safe, else a cheap one unique to this process. */
class RequestLogIdTest {

    /** A servlet request with these headers and its own attributes; nothing else. */
    private static HttpServletRequest request(Map<String, String> headers) {
        Map<String, Object> attributes = new HashMap<>();
        return (HttpServletRequest) Proxy.newProxyInstance(RequestLogIdTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeader" -> headers.get((String) args[0]);
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aSafeClientIdIsKept() {
        assertEquals("abc-123", RequestLog.begin(request(Map.of(RequestLog.REQUEST_ID_HEADER, "abc-123"))));
    }

    /**
     * Without a usable client id each request gets a new one in UUID form, made of one random prefix per process and
     * a counter rather than a {@code UUID.randomUUID()} (a SecureRandom draw) per request.
     */
    @Test
    void otherwiseIdsAreAProcessPrefixAndACounterInUuidForm() {
        HttpServletRequest hostile = request(Map.of(RequestLog.REQUEST_ID_HEADER, "a b\"c"));
        String first = RequestLog.begin(hostile);
        String second = RequestLog.begin(request(Map.of()));
        String uuidForm = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
        assertTrue(first.matches(uuidForm), first);
        assertTrue(second.matches(uuidForm), second);
        assertNotEquals(first, second);
        assertEquals(first.substring(0, 24), second.substring(0, 24), "one prefix per process");
        assertTrue(Long.parseLong(second.substring(24), 16) > Long.parseLong(first.substring(24), 16), "a counter");
        assertEquals(first, RequestLog.begin(hostile), "the id is made once per request");
    }
}
