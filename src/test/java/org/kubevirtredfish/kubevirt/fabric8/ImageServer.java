package org.kubevirtredfish.kubevirt.fabric8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tiny image server on 127.0.0.1 for the size probe. By the path's first segment: {@code /missing} 404,
 * {@code /forbidden} 403, {@code /broken} 500, {@code /huge} a Content-Length of 200Gi, {@code /nolength} no
 * Content-Length, {@code /nohead} 405 on HEAD and 206 with Content-Range to a ranged GET; anything else
 * {@link #SIZE} bytes. No body is ever sent.
 */
final class ImageServer implements AutoCloseable {

    static final long SIZE = 1000L * 1024 * 1024;

    /**
     * The production deny-list except 127.0.0.1, where this server listens (the default denies all of loopback);
     * 127.0.0.2 stays denied, for tests that prove the denial with a real server there.
     */
    static final ImageAddressPolicy POLICY = ImageAddressPolicy.of(
            "127.0.0.2/32,127.0.0.3/32,127.0.0.4/30,127.0.0.8/29,127.0.0.16/28,127.0.0.32/27,127.0.0.64/26,"
                    + "127.0.0.128/25,127.0.1.0/24,127.0.2.0/23,127.0.4.0/22,127.0.8.0/21,127.0.16.0/20,127.0.32.0/19,"
                    + "127.0.64.0/18,127.0.128.0/17,127.1.0.0/16,127.2.0.0/15,127.4.0.0/14,127.8.0.0/13,127.16.0.0/12,"
                    + "127.32.0.0/11,127.64.0.0/10,127.128.0.0/9,::1/128,0.0.0.0/8,::/128,169.254.0.0/16,fe80::/10", "");
    static final long HUGE = 200L * 1024 * 1024 * 1024;

    /** {@code METHOD path?query [Range]} of every request. */
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);

    ImageServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 64);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI url(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
    }

    /** An http URL on 127.0.0.1 where nothing listens. */
    static URI closedPort(String path) {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return URI.create("http://127.0.0.1:" + s.getLocalPort() + path);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange x) throws IOException {
        String method = x.getRequestMethod();
        String range = x.getRequestHeaders().getFirst("Range");
        requests.add(method + " " + x.getRequestURI() + (range == null ? "" : " " + range));
        String first = x.getRequestURI().getPath().replaceAll("^/([^/]*).*", "$1");
        switch (first) {
            case "missing" -> answer(x, 404, null);
            case "forbidden" -> answer(x, 403, null);
            case "broken" -> answer(x, 500, null);
            case "huge" -> answer(x, 200, HUGE);
            case "nolength" -> answer(x, 200, null);
            case "nohead" -> {
                if ("HEAD".equals(method)) {
                    answer(x, 405, null);
                } else if ("bytes=0-0".equals(range)) {
                    x.getResponseHeaders().set("Content-Range", "bytes 0-0/" + SIZE);
                    x.sendResponseHeaders(206, 1);
                    try (OutputStream out = x.getResponseBody()) {
                        out.write(0);
                    }
                } else {
                    answer(x, 400, null);
                }
            }
            default -> answer(x, 200, SIZE);
        }
    }

    /** Headers only; Content-Length as a header, since HttpServer sends no length of its own to a HEAD. */
    private static void answer(HttpExchange x, int status, Long contentLength) throws IOException {
        if (contentLength != null) {
            x.getResponseHeaders().set("Content-Length", Long.toString(contentLength));
        }
        x.sendResponseHeaders(status, -1);
        x.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
