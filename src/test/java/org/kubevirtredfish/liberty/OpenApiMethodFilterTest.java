package org.kubevirtredfish.liberty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.ErrorBody;

class OpenApiMethodFilterTest {

    /** What the filter set on the response. */
    private static final class Answer {
        int status = 200;
        final Map<String, String> headers = new HashMap<>();
        String contentType;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        HttpServletResponse response() {
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                }
            };
            return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (p, m, args) -> switch (m.getName()) {
                        case "setStatus" -> {
                            status = (Integer) args[0];
                            yield null;
                        }
                        case "setHeader" -> {
                            headers.put((String) args[0], (String) args[1]);
                            yield null;
                        }
                        case "setContentType" -> {
                            contentType = (String) args[0];
                            yield null;
                        }
                        case "setContentLength" -> {
                            headers.put("Content-Length", args[0].toString());
                            yield null;
                        }
                        case "getOutputStream" -> out;
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }
    }

    private static HttpServletRequest request(String method, long length, Map<String, String> headers) {
        return request(method, length, headers, "/openapi", "/");
    }

    private static HttpServletRequest request(String method, long length, Map<String, String> headers,
            String context, String servletPath) {
        return (HttpServletRequest) Proxy.newProxyInstance(OpenApiMethodFilterTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getContextPath" -> context;
                    case "getServletPath" -> servletPath;
                    case "getRequestURI" -> context + servletPath;
                    case "getContentLengthLong" -> length;
                    case "getHeader" -> headers.get((String) args[0]);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD"})
    void readsReachMpOpenApi(String method) throws Exception {
        AtomicBoolean passed = new AtomicBoolean();
        Answer answer = new Answer();
        FilterChain chain = (req, res) -> passed.set(true);

        new OpenApiMethodFilter().doFilter(request(method, -1, Map.of()), answer.response(), chain);

        assertTrue(passed.get());
        assertEquals(200, answer.status);
        assertEquals(0, answer.body.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"PUT", "DELETE", "POST", "PATCH", "OPTIONS", "TRACE", "PROPFIND"})
    void everyOtherMethodIsARedfish405(String method) throws Exception {
        AtomicBoolean passed = new AtomicBoolean();
        Answer answer = new Answer();

        new OpenApiMethodFilter().doFilter(request(method, 0, Map.of()), answer.response(),
                (req, res) -> passed.set(true));

        assertFalse(passed.get(), "mpOpenAPI never sees it");
        assertEquals(405, answer.status);
        assertEquals("GET, HEAD", answer.headers.get("Allow"));
        assertEquals("application/json;charset=utf-8", answer.contentType);
        assertEquals(Integer.toString(answer.body.size()), answer.headers.get("Content-Length"));
        assertFalse(answer.headers.containsKey("Connection"), "no body to skip: the connection stays open");
        assertEquals(expectedBody(), new ObjectMapper().readTree(answer.body.toString(StandardCharsets.UTF_8)));
    }

    @Test
    void anyOtherPathOfTheDocumentsModuleIsARedfish404() throws Exception {
        for (String method : List.of("GET", "HEAD")) {
            AtomicBoolean passed = new AtomicBoolean();
            Answer answer = new Answer();
            new OpenApiMethodFilter().doFilter(request(method, -1, Map.of(), "/openapi", "/nope"), answer.response(),
                    (req, res) -> passed.set(true));
            assertFalse(passed.get(), "mpOpenAPI would answer an empty text/plain 404");
            assertEquals(404, answer.status);
            assertEquals("application/json;charset=utf-8", answer.contentType);
            assertEquals(ModuleErrorBodies.forStatus(404, "/openapi/nope"),
                    answer.body.toString(StandardCharsets.UTF_8));
        }
        for (String[] served : new String[][] {{"/openapi", null}, {"/openapi/ui", "/nope"}, {"/openapi/ui", "/"}}) {
            AtomicBoolean passed = new AtomicBoolean();
            Answer answer = new Answer();
            new OpenApiMethodFilter().doFilter(request("GET", -1, Map.of(), served[0], served[1]), answer.response(),
                    (req, res) -> passed.set(true));
            assertTrue(passed.get(), String.join(" ", served[0], String.valueOf(served[1])));
        }
    }

    @Test
    void anUnreadBodyClosesTheConnection() throws Exception {
        for (HttpServletRequest withBody : List.of(request("PUT", 12, Map.of()),
                request("POST", -1, Map.of("Transfer-Encoding", "chunked")))) {
            Answer answer = new Answer();
            new OpenApiMethodFilter().doFilter(withBody, answer.response(), (req, res) -> { });
            assertEquals(405, answer.status);
            assertEquals("close", answer.headers.get("Connection"));
        }
    }

    /** The application's own OperationNotAllowed body (ErrorBody, BaseMessage), with the filter's Resolution. */
    private static ObjectNode expectedBody() {
        ObjectNode body = ErrorBody.of(List.of(BaseMessage.OperationNotAllowed.with()));
        ((ObjectNode) body.path("error").path("@Message.ExtendedInfo").get(0))
                .put("Resolution", OpenApiMethodFilter.RESOLUTION);
        return body;
    }
}
