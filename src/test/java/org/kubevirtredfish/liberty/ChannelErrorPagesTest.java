package org.kubevirtredfish.liberty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.ServletContext;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class ChannelErrorPagesTest {

    /** Stands for Liberty's HttpResponseMessage: the two methods the provider calls. */
    public interface Response {
        int getStatusCodeAsInt();

        void setHeader(String name, String value);
    }

    /** Stands for Liberty's WsByteBufferPoolManager. */
    public static final class Buffers {
        public ByteBuffer wrap(byte[] bytes) {
            return ByteBuffer.wrap(bytes);
        }
    }

    /** A response with this status that records its headers. */
    private static Response response(int status, Map<String, String> headers) {
        return new Response() {
            @Override
            public int getStatusCodeAsInt() {
                return status;
            }

            @Override
            public void setHeader(String name, String value) {
                headers.put(name, value);
            }
        };
    }

    private static Object accessPage(Object response) throws Exception {
        ChannelErrorPages.Provider provider = new ChannelErrorPages.Provider(ByteBuffer.class, new Buffers(),
                Buffers.class.getMethod("wrap", byte[].class), Response.class.getMethod("getStatusCodeAsInt"),
                Response.class.getMethod("setHeader", String.class, String.class));
        Method accessPage = Response.class.getMethod("getStatusCodeAsInt"); // any method but Object's
        return provider.invoke(null, accessPage, new Object[] {"localhost", 8443, null, response});
    }

    @Test
    void eachStatusGetsItsBodyInOneBufferAndTheJsonContentType() throws Exception {
        for (int status : new int[] {400, 408, 413, 505}) {
            Map<String, String> headers = new HashMap<>();
            ByteBuffer[] page = (ByteBuffer[]) accessPage(response(status, headers));
            assertEquals(1, page.length, "status " + status);
            assertArrayEquals(ChannelErrorBodies.forStatus(status), page[0].array(), "status " + status);
            assertEquals(Map.of("Content-Type", "application/json;charset=utf-8"), headers, "status " + status);
        }
    }

    @Test
    void withoutAResponseOrWhenItFailsLibertyKeepsItsOwnBody() throws Exception {
        assertNull(accessPage(null), "Liberty's Netty transport passes no response");
        Response broken = (Response) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Response.class}, (p, m, args) -> {
                    throw new IllegalStateException("response already sent");
                });
        assertNull(accessPage(broken));
    }

    @Test
    void withoutLibertyTheRegistrationFails() {
        assertThrows(ClassNotFoundException.class, () -> ChannelErrorPages.register(ChannelErrorPagesTest.class));
    }

    @Test
    void withoutLibertyTheInitializerLogsOneWarningAndCarriesOn() {
        ServletContext notLiberty = (ServletContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServletContext.class}, (p, m, args) -> {
                    throw new UnsupportedOperationException(m.getName());
                });
        List<LogRecord> records = LogCapture.during(ChannelErrorPages.class, () -> {
            for (int i = 0; i < 3; i++) { // Liberty calls it for every web module
                new ChannelErrorPagesInitializer().onStartup(null, notLiberty);
            }
        });
        assertEquals(1, records.size(), records.toString());
        assertEquals(Level.WARNING, records.get(0).getLevel());
        String message = records.get(0).getMessage();
        assertTrue(message.startsWith(ChannelErrorPages.WARNING), message);
        assertTrue(message.contains("ClassNotFoundException"), message);
    }
}
