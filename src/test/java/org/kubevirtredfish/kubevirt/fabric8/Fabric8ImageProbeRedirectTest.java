package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.kubevirt.GatewayException;
import org.kubevirtredfish.resource.GatewayExceptionMapper;

/**
 * The probe against real servers on loopback addresses: it connects only where the policy admits, on every
 * redirect hop, follows redirects of the same host only, and every refusal reads the same to the client. The
 * servers record each request, so "refused" is proven by a server that was never asked.
 */
class Fabric8ImageProbeRedirectTest {

    private final List<Server> servers = new ArrayList<>();

    /** A server on one loopback address: {@code /image} answers 200 with a length, {@code /to?u} redirects to u. */
    private final class Server {
        final HttpServer http;
        final List<String> requests = new CopyOnWriteArrayList<>();

        Server(String address) throws IOException {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 8);
            http.createContext("/", x -> {
                requests.add(x.getRequestMethod() + " " + x.getRequestURI() + " Host=" + x.getRequestHeaders()
                        .getFirst("Host"));
                String path = x.getRequestURI().getPath();
                if (path.equals("/to")) {
                    x.getResponseHeaders().set("Location", x.getRequestURI().getRawQuery());
                    x.sendResponseHeaders(302, -1);
                } else if (path.equals("/loop")) {
                    x.getResponseHeaders().set("Location", "/loop");
                    x.sendResponseHeaders(307, -1);
                } else if (path.equals("/image")) {
                    x.getResponseHeaders().set("Content-Length", "4096");
                    x.sendResponseHeaders(200, -1);
                } else {
                    x.sendResponseHeaders(404, -1);
                }
                x.close();
            });
            http.start();
            servers.add(this);
        }

        int port() {
            return http.getAddress().getPort();
        }
    }

    @AfterEach
    void stop() {
        servers.forEach(s -> s.http.stop(0));
    }

    private static HttpImageProbe probe(ImageAddressPolicy policy) {
        return new HttpImageProbe(ImageImportOptions.defaults().withAddresses(policy));
    }

    /** images.test is 127.0.0.1 for its first lookup and 127.0.0.2 afterwards: a DNS rebinding. */
    private static HostResolver rebinding() {
        AtomicInteger lookups = new AtomicInteger();
        return host -> {
            if (!host.equals("images.test")) {
                throw new UnknownHostException(host);
            }
            return new InetAddress[] {InetAddress.getByName(lookups.getAndIncrement() == 0 ? "127.0.0.1" : "127.0.0.2")};
        };
    }

    @Test
    void aSameHostRedirectIsFollowedWithTheHostHeaderOfTheName() throws Exception {
        Server s = new Server("127.0.0.1");
        HostResolver dns = host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")};
        URI image = URI.create("http://images.test:" + s.port() + "/to?/image");
        assertEquals(OptionalLong.of(4096), probe(ImageServer.POLICY.withResolver(dns)).size(image));
        assertEquals(List.of("HEAD /to?/image Host=images.test:" + s.port(), "HEAD /image Host=images.test:" + s.port()),
                s.requests);
    }

    @Test
    void aRedirectToAnotherHostIsNotFollowed() throws Exception {
        Server first = new Server("127.0.0.1");
        Server other = new Server("127.0.0.1");
        for (String target : List.of("http://localhost:" + other.port() + "/image",
                "http://127.0.0.1:" + other.port() + "/image", "//localhost:" + other.port() + "/image")) {
            URI image = URI.create("http://127.0.0.1:" + first.port() + "/to?" + target);
            if (target.contains("127.0.0.1")) {
                // same host, another port: followed
                assertEquals(OptionalLong.of(4096), probe(ImageServer.POLICY).size(image));
                continue;
            }
            var e = assertThrows(GatewayException.ImageUnavailable.class, () -> probe(ImageServer.POLICY).size(image));
            assertTrue(e.getMessage().contains("redirect to another host"), e.getMessage());
        }
        assertEquals(1, other.requests.size(), "only the same-host redirect reached it: " + other.requests);
    }

    @Test
    void aDeniedAddressIsNeverConnectedToButWouldAnswer() throws Exception {
        Server denied = new Server("127.0.0.2");
        URI image = URI.create("http://127.0.0.2:" + denied.port() + "/image");
        var e = assertThrows(GatewayException.ImageUnavailable.class, () -> probe(ImageServer.POLICY).size(image));
        assertTrue(e.getMessage().contains("denied network 127.0.0.2/32"), e.getMessage());
        assertEquals(List.of(), denied.requests);
        // the control: the same URL with 127.0.0.2 not denied reaches the server
        assertEquals(OptionalLong.of(4096), probe(ImageAddressPolicy.of("169.254.0.0/16", "")).size(image));
        assertEquals(1, denied.requests.size());
    }

    @Test
    void theDefaultPolicyRefusesLoopbackInNumericSpellingsThatTheSameServerWouldAnswer() throws Exception {
        Server s = new Server("127.0.0.1");
        for (String host : List.of("2130706433", "0x7f000001", "0177.0.0.1", "127.1", "[::ffff:127.0.0.1]")) {
            URI image = URI.create("http://" + host + ":" + s.port() + "/image");
            assertThrows(GatewayException.ImageUnavailable.class,
                    () -> probe(ImageAddressPolicy.defaults()).size(image), host);
        }
        assertEquals(List.of(), s.requests);
        // with 127.0.0.1 allowed, the decimal spelling is the very same server: the probe connects where it checked
        assertEquals(OptionalLong.of(4096),
                probe(ImageServer.POLICY).size(URI.create("http://2130706433:" + s.port() + "/image")));
        assertEquals(1, s.requests.size());
    }

    @Test
    void everyRedirectHopIsCheckedAfterItsOwnLookup() throws Exception {
        Server allowed = new Server("127.0.0.1");
        Server denied = new Server("127.0.0.2");
        URI image = URI.create("http://images.test:" + allowed.port() + "/to?http://images.test:" + denied.port()
                + "/image");
        var e = assertThrows(GatewayException.ImageUnavailable.class,
                () -> probe(ImageServer.POLICY.withResolver(rebinding())).size(image));
        assertTrue(e.getMessage().contains("127.0.0.2"), e.getMessage());
        assertEquals(1, allowed.requests.size());
        assertEquals(List.of(), denied.requests, "the rebound address was never connected to");
        // the control: without 127.0.0.2 denied, the rebound second hop does reach that server
        assertEquals(OptionalLong.of(4096),
                probe(ImageAddressPolicy.of("169.254.0.0/16", "").withResolver(rebinding())).size(image));
        assertEquals(1, denied.requests.size());
    }

    @Test
    void redirectsAreBounded() throws Exception {
        Server s = new Server("127.0.0.1");
        var e = assertThrows(GatewayException.ImageUnavailable.class,
                () -> probe(ImageServer.POLICY).size(URI.create("http://127.0.0.1:" + s.port() + "/loop")));
        assertTrue(e.getMessage().contains("more than " + HttpImageProbe.MAX_REDIRECTS + " redirects"), e.getMessage());
        assertEquals(HttpImageProbe.MAX_REDIRECTS + 1, s.requests.size());
    }

    @Test
    void anAllowListAdmitsOnlyItsHosts() throws Exception {
        Server s = new Server("127.0.0.1");
        HostResolver dns = host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")};
        ImageAddressPolicy onlyImages = ImageAddressPolicy.of("169.254.0.0/16", "images.test").withResolver(dns);
        assertEquals(OptionalLong.of(4096),
                probe(onlyImages).size(URI.create("http://images.test:" + s.port() + "/image")));
        assertThrows(GatewayException.ImageUnavailable.class,
                () -> probe(onlyImages).size(URI.create("http://other.test:" + s.port() + "/image")));
        assertThrows(GatewayException.ImageUnavailable.class,
                () -> probe(onlyImages).size(URI.create("http://127.0.0.1:" + s.port() + "/image")));
        assertEquals(1, s.requests.size());
    }

    @Test
    void theClientCannotTellTheCausesApart() throws Exception {
        Server s = new Server("127.0.0.1");
        Server denied = new Server("127.0.0.2");
        List<URI> refused = List.of(
                URI.create("http://127.0.0.1:" + s.port() + "/missing"),
                ImageServer.closedPort("/image"),
                URI.create("http://127.0.0.2:" + denied.port() + "/image"),
                URI.create("http://169.254.169.254/latest/meta-data/"),
                URI.create("http://127.0.0.1:" + s.port() + "/to?http://localhost:" + s.port() + "/image"),
                URI.create("http://127.0.0.1:" + s.port() + "/loop"),
                URI.create("http://unknown.invalid/image"));
        Set<String> bodies = new HashSet<>();
        Set<String> causes = new HashSet<>();
        for (URI image : refused) {
            var e = assertThrows(GatewayException.ImageUnavailable.class, () -> probe(ImageServer.POLICY).size(image));
            causes.add(e.getMessage());
            String body = String.valueOf(new GatewayExceptionMapper().toResponse(e).getEntity());
            assertFalse(body.contains("127.0.0") || body.contains("169.254") || body.contains("unknown.invalid"), body);
            bodies.add(body);
        }
        assertEquals(refused.size(), causes.size(), "the log tells each cause: " + causes);
        assertEquals(1, bodies.size(), bodies.toString());
    }
}
