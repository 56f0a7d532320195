package org.kubevirtredfish.liberty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class ModuleErrorPagesTest {

    /** What the servlet wrote for a request with these attributes. */
    private record Answer(int status, Map<String, Object> headers, byte[] body) {
    }

    private static Answer serve(Map<String, Object> attributes, String requestUri) throws Exception {
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(
                ModuleErrorPagesTest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (p, m, args) -> switch (m.getName()) {
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "getRequestURI" -> requestUri;
                    case "getMethod" -> "GET";
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        int[] status = {0};
        Map<String, Object> headers = new LinkedHashMap<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }

            @Override
            public void write(int b) {
                body.write(b);
            }
        };
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(
                ModuleErrorPagesTest.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class},
                (p, m, args) -> {
                    switch (m.getName()) {
                        case "isCommitted" -> {
                            return false;
                        }
                        case "setStatus" -> status[0] = (Integer) args[0];
                        case "setHeader" -> headers.put((String) args[0], args[1]);
                        case "setContentType" -> headers.put("Content-Type", args[0]);
                        case "setContentLength" -> headers.put("Content-Length", args[0]);
                        case "getOutputStream" -> {
                            return out;
                        }
                        case "resetBuffer", "flushBuffer" -> {
                        }
                        default -> throw new UnsupportedOperationException(m.getName());
                    }
                    return null;
                });
        new ModuleErrorServlet().service(request, response);
        return new Answer(status[0], headers, body.toByteArray());
    }

    @Test
    void theErrorPageAnswersTheStatusLibertyGaveWithItsRedfishBody() throws Exception {
        Answer answer = serve(Map.of(RequestDispatcher.ERROR_STATUS_CODE, 404,
                RequestDispatcher.ERROR_REQUEST_URI, "/health/nope"), "/health/redfish-module-error");
        assertEquals(404, answer.status());
        byte[] expected = ModuleErrorBodies.forStatus(404, "/health/nope").getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(expected, answer.body());
        assertEquals(Map.of("OData-Version", "4.0", "Cache-Control", "no-cache",
                "Content-Type", "application/json;charset=utf-8", "Content-Length", expected.length),
                answer.headers());
    }

    @Test
    void noModuleGetsA403PageThatItsOwnSecurityWouldRefuse() {
        assertFalse(ModuleErrorPages.CODES.contains(403));
        assertTrue(ModuleErrorPages.CODES.containsAll(java.util.List.of(400, 404, 405, 500)));
    }

    @Test
    void askedForDirectlyItIsAnUnknownUri() throws Exception {
        Answer answer = serve(Map.of(), "/health/redfish-module-error");
        assertEquals(404, answer.status());
        assertArrayEquals(ModuleErrorBodies.forStatus(404, "/health/redfish-module-error")
                .getBytes(StandardCharsets.UTF_8), answer.body());
    }

    @Test
    void withoutLibertyNothingIsInstalledAndEachModuleLogsOneWarning() {
        ServletContext notLiberty = (ServletContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServletContext.class}, (p, m, args) -> switch (m.getName()) {
                    case "getContextPath" -> "/health";
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        assertThrows(ClassNotFoundException.class, () -> ModuleErrorPages.install(notLiberty));
        List<LogRecord> records = LogCapture.during(ModuleErrorPages.class, () -> {
            new ModuleErrorPagesInitializer().onStartup(null, notLiberty);
        });
        assertEquals(1, records.size(), records.toString());
        assertTrue(records.get(0).getMessage().startsWith(ModuleErrorPages.WARNING + "/health: "),
                records.get(0).getMessage());
    }
}
