package org.kubevirtredfish.liberty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.ServletContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class UndecodableUriContainerTest {

    /** Stands for Liberty's HttpRequest: the method the container calls. */
    public interface Request {
        String getURI();

        String getVersion();
    }

    /** Stands for Liberty's HttpResponse. */
    public interface Response {
        void setStatus(int status);

        void setHeader(String name, String value);

        void setContentLength(long length);

        OutputStream getBody();
    }

    /** Stands for Liberty's HttpInboundConnection. */
    public interface Inbound {
        Request getRequest();

        Response getResponse();

        void finish(Exception e);
    }

    /** A connection for this URI that records what is answered on it. */
    static final class Exchange implements Inbound, Response {
        final String uri;
        final Map<String, String> headers = new LinkedHashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final List<Exception> finished = new ArrayList<>();
        int status;
        long contentLength = -1;
        boolean bodyFails;

        Exchange(String uri) {
            this.uri = uri;
        }

        String version = "HTTP/1.1";

        @Override
        public Request getRequest() {
            return new Request() {
                @Override
                public String getURI() {
                    if (uri == null) {
                        throw new IllegalStateException("no request");
                    }
                    return uri;
                }

                @Override
                public String getVersion() {
                    return version;
                }
            };
        }

        @Override
        public Response getResponse() {
            return this;
        }

        @Override
        public void finish(Exception e) {
            finished.add(e);
        }

        @Override
        public void setStatus(int status) {
            this.status = status;
        }

        @Override
        public void setHeader(String name, String value) {
            headers.put(name, value);
        }

        @Override
        public void setContentLength(long length) {
            contentLength = length;
        }

        @Override
        public OutputStream getBody() {
            if (bodyFails) {
                return new OutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        throw new IOException("connection reset");
                    }
                };
            }
            return body;
        }
    }

    private static Object handle(Exchange exchange) throws Exception {
        UndecodableUriContainer.Connection connection = new UndecodableUriContainer.Connection(
                Inbound.class.getMethod("getRequest"), Request.class.getMethod("getURI"),
                Request.class.getMethod("getVersion"), Inbound.class.getMethod("getResponse"), Response.class.getMethod("setStatus", int.class),
                Response.class.getMethod("setHeader", String.class, String.class),
                Response.class.getMethod("setContentLength", long.class), Response.class.getMethod("getBody"),
                Inbound.class.getMethod("finish", Exception.class));
        WebContainerUriCheck check = new WebContainerUriCheck(uri -> uri, uri -> {
            if (uri.contains("%zz")) {
                throw new WebContainerUriCheck.Thrown(new IllegalArgumentException("Illegal hex characters"));
            }
            return uri;
        }, uri -> uri);
        UndecodableUriContainer.Container container = new UndecodableUriContainer.Container(check, connection);
        return container.invoke(null, Inbound.class.getMethod("getRequest"), new Object[] {exchange});
    }

    @Test
    void aUriTheWebContainerWouldRefuseIsAnsweredWithARedfish400AndTheConnectionFinished() throws Exception {
        Exchange exchange = new Exchange("/redfish/v1/Systems/%zz");
        Runnable answer = assertInstanceOf(Runnable.class, handle(exchange));
        assertEquals(0, exchange.status, "nothing is written before Liberty runs the answer");
        answer.run();
        assertEquals(400, exchange.status);
        assertEquals(Map.of("Content-Type", "application/json;charset=utf-8", "Connection", "close"),
                exchange.headers);
        assertArrayEquals(ChannelErrorBodies.undecodableUri(), exchange.body.toByteArray());
        assertEquals(exchange.body.size(), exchange.contentLength);
        assertEquals(java.util.Collections.singletonList(null), exchange.finished);
    }

    @Test
    void overHttp2NoConnectionHeaderIsSent() throws Exception {
        Exchange exchange = new Exchange("/%zz");
        exchange.version = "HTTP/2.0";
        ((Runnable) handle(exchange)).run();
        assertEquals(Map.of("Content-Type", "application/json;charset=utf-8"), exchange.headers);
        assertEquals(400, exchange.status);
    }

    @Test
    void everyOtherRequestIsLeftToTheWebContainer() throws Exception {
        Exchange exchange = new Exchange("/redfish/v1/Systems/demo.control-plane-0");
        assertNull(handle(exchange));
        assertEquals(0, exchange.status);
        assertEquals(List.of(), exchange.finished);
    }

    @Test
    void whenTheUriCannotBeReadTheWebContainerDecides() throws Exception {
        assertNull(handle(new Exchange(null)));
    }

    @Test
    void aFailedWriteFinishesTheConnectionWithTheFailure() throws Exception {
        Exchange exchange = new Exchange("/%zz");
        exchange.bodyFails = true;
        ((Runnable) handle(exchange)).run();
        assertEquals(1, exchange.finished.size());
        assertInstanceOf(IOException.class, exchange.finished.get(0));
    }

    /** Stands for VirtualHostImpl: the two fields the insertion uses. */
    static final class Host {
        final Object containerLock = new Object();
        final CopyOnWriteArraySet<Object> httpContainers = new CopyOnWriteArraySet<>();
    }

    @Test
    void theContainerIsAskedFirstAndTheOthersKeepTheirOrder() throws Exception {
        Host host = new Host();
        host.httpContainers.add("web container");
        host.httpContainers.add("another");
        UndecodableUriContainer.insertFirst(host, "ours");
        assertEquals(List.of("ours", "web container", "another"), new ArrayList<>(host.httpContainers));
        UndecodableUriContainer.insertFirst(host, "ours");
        assertEquals(List.of("ours", "web container", "another"), new ArrayList<>(host.httpContainers));
    }

    @Test
    void theProxyAnswersObjectMethodsByIdentity() throws Exception {
        UndecodableUriContainer.Container container = new UndecodableUriContainer.Container(null, null);
        Object proxy = Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Runnable.class},
                container);
        assertTrue(proxy.equals(proxy));
        assertEquals(System.identityHashCode(proxy), proxy.hashCode());
        assertSame(Boolean.FALSE, container.invoke(proxy, Object.class.getMethod("equals", Object.class),
                new Object[] {"other"}));
    }

    @Test
    void withoutLibertyTheRegistrationFails() {
        assertThrows(ClassNotFoundException.class,
                () -> UndecodableUriContainer.register(UndecodableUriContainerTest.class));
    }

    @Test
    void withoutLibertyTheInitializerLogsOneWarningAndCarriesOn() {
        ServletContext notLiberty = (ServletContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServletContext.class}, (p, m, args) -> {
                    throw new UnsupportedOperationException(m.getName());
                });
        List<LogRecord> records = LogCapture.during(UndecodableUriContainer.class, () -> {
            for (int i = 0; i < 3; i++) { // Liberty calls it for every web module
                new UndecodableUriInitializer().onStartup(null, notLiberty);
            }
        });
        assertEquals(1, records.size(), records.toString());
        assertEquals(Level.WARNING, records.get(0).getLevel());
        String message = records.get(0).getMessage();
        assertTrue(message.startsWith(UndecodableUriContainer.WARNING), message);
        assertTrue(message.contains("ClassNotFoundException"), message);
    }
}
