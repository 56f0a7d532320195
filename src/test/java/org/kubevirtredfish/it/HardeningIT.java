package org.kubevirtredfish.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 from an attacker's side, against the simulator server: slow request bodies, requests the servlet
 * container refuses by itself, oversized and undecodable bodies, aborted uploads, floods of bad properties. Each
 * case asserts the status, the Redfish error body, that nothing changed, and how much the server logged.
 */
class HardeningIT {

    private static final int PORT = Integer.getInteger("it.http.port", 8443);
    private static final String LOGIN = "/redfish/v1/SessionService/Sessions";
    private static final String SYSTEM = "/redfish/v1/Systems/demo.control-plane-0";
    private static final String RESET = SYSTEM + "/Actions/ComputerSystem.Reset";
    private static final int LOG_BYTES_PER_BAD_REQUEST = 4096;

    private final RedfishHttp admin = new RedfishHttp().basic("admin", "demo-admin");

    // ---- 1. Slow bodies ---------------------------------------------------------------------------------------

    @Test
    void slowBodiesHoldNoServerThreadsHealthAndRedfishStillAnswer() throws Exception {
        String powerBefore = admin.get(SYSTEM).json().path("PowerState").asText();
        LogGrowth.settle();
        long logBefore = LogGrowth.size("messages.log") + LogGrowth.size("console.log");
        List<Socket> slow = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 500; i++) {
            Socket s = new Socket("127.0.0.1", PORT);
            s.setSoTimeout(60_000);
            // 400 on the public login (the figure: no answer at all for 55 s before) and 100 on a route that
            // needs credentials
            String path = i % 5 == 4 ? RESET : LOGIN;
            s.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json"
                    + "\r\nContent-Length: 200\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            slow.add(s);
        }
        Thread trickle = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                for (Socket s : slow) {
                    try {
                        s.getOutputStream().write(' ');
                    } catch (IOException e) {
                        // answered and closed by the server
                    }
                }
                try {
                    Thread.sleep(2_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        trickle.start();
        Map<String, String> probes = new LinkedHashMap<>();
        probes.put("/health/live", null);
        probes.put("/health/ready", null);
        probes.put("/redfish/v1/", null);
        probes.put(SYSTEM, basic("admin", "demo-admin"));
        ExecutorService pool = Executors.newFixedThreadPool(probes.size());
        try {
            Map<String, Future<Duration>> answered = new LinkedHashMap<>();
            long start = System.nanoTime();
            probes.forEach((path, auth) -> answered.put(path, pool.submit(() -> firstOk(path, auth, start))));
            for (Map.Entry<String, Future<Duration>> probe : answered.entrySet()) {
                Duration took = probe.getValue().get();
                System.out.printf("HardeningIT: %s answered 200 after %d ms with %d slow bodies open%n",
                        probe.getKey(), took.toMillis(), slow.size());
            }
        } finally {
            pool.shutdownNow();
            trickle.interrupt();
            trickle.join();
        }
        // Beyond the few anonymous bodies read at once, each slow request got 503 at once, its body unread; the
        // ones being read were cut at the body deadline (408). None ran a login or a reset.
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        Raw busy = null;
        for (Socket s : slow) {
            Raw r = Raw.read(s);
            statuses.merge(r.status, 1, Integer::sum);
            if (r.status == 503 && busy == null) {
                busy = r;
            }
        }
        System.out.println("HardeningIT: answers to the slow bodies " + statuses);
        LogGrowth.settle();
        long perRequest = (LogGrowth.size("messages.log") + LogGrowth.size("console.log") - logBefore) / slow.size();
        System.out.printf("HardeningIT: %d log bytes per slow request%n", perRequest);
        assertTrue(perRequest < LOG_BYTES_PER_BAD_REQUEST, perRequest + " log bytes per slow request");
        assertEquals(java.util.Set.of(408, 503), statuses.keySet(), statuses.toString());
        assertNotNull(busy);
        assertEquals("5", busy.header("Retry-After"));
        assertEquals("Base.1.22.ServiceTemporarilyUnavailable", busy.json().path("error").path("code").asText());
        assertEquals(powerBefore, admin.get(SYSTEM).json().path("PowerState").asText());
    }

    /**
     * The JDK client asks for HTTP/2 by an h2c upgrade on every new connection; a dozen such writes at once, bodies
     * included, used to wedge Liberty's HTTP/2 channel and with it every route. The endpoint speaks HTTP/1.1 only.
     */
    @Test
    void concurrentH2cUpgradesWithBodiesAreAnsweredInHttp11() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<HttpResponse<String>>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 12; i++) {
                answers.add(pool.submit(() -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                        .connectTimeout(Duration.ofSeconds(10)).build()
                        .send(HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + PORT + SYSTEM))
                                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                                .header("Authorization", basic("admin", "demo-admin"))
                                // only an OData annotation: a PATCH that changes nothing
                                .method("PATCH", HttpRequest.BodyPublishers.ofString(
                                        "{\"@odata.id\":\"" + SYSTEM + "\"}")).build(),
                                HttpResponse.BodyHandlers.ofString())));
            }
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> r = answer.get();
                assertEquals(HttpClient.Version.HTTP_1_1, r.version(), "no upgrade to HTTP/2");
                assertEquals(200, r.statusCode(), r.body());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(200, HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + PORT + "/health/ready")).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    /** Polls {@code path} until it answers 200 (each try bounded; the whole poll bounded at 45 s). */
    private static Duration firstOk(String path, String authorization, long start) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        long deadline = start + Duration.ofSeconds(45).toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            HttpRequest.Builder b = HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + PORT + path))
                    .timeout(Duration.ofSeconds(20));
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            try {
                HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(200);
        }
        throw new AssertionError(path + " did not answer 200 while slow bodies were open: " + last);
    }

    // ---- 2. What the servlet container refuses by itself --------------------------------------------------------

    @Test
    void anIllegalHostHeaderIs400HeaderInvalid() throws IOException {
        for (String host : List.of("a b<>|", "[::1")) {
            Raw r = Raw.send("GET /redfish/v1/ HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
            assertEquals(400, r.status, host + ": " + r.text);
            assertRedfishError(r, "HeaderInvalid");
            assertEquals("Host", r.json().path("error").path("@Message.ExtendedInfo").get(0).path("MessageArgs").get(0).asText());
        }
    }

    @Test
    void theContainersOwnErrorsAreRedfishBodies() throws IOException {
        Raw webInf = Raw.send("GET /WEB-INF/web.xml HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(404, webInf.status, webInf.text);
        assertRedfishError(webInf, "ResourceMissingAtURI");
        Raw overlong = Raw.send("GET /redfish/v1/%c0%af HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(404, overlong.status, overlong.text);
        assertRedfishError(overlong, "ResourceMissingAtURI");
        Raw direct = Raw.send("GET /redfish-container-error HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(404, direct.status, direct.text);
        assertRedfishError(direct, "ResourceMissingAtURI");
    }

    // ---- 3. Bodies too large, undecodable, aborted ------------------------------------------------------------

    @Test
    void oversizedAndUndecodableBodiesAreRefusedWithARedfishBody() throws IOException {
        Raw declared = Raw.send("POST " + LOGIN + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 20000\r\nConnection: close\r\n\r\n{");
        assertEquals(413, declared.status, declared.text);
        assertRedfishError(declared, "PayloadTooLarge");

        Raw chunked = Raw.sendChunked(LOGIN, 2 * 1024 * 1024);
        assertEquals(413, chunked.status, chunked.text);
        assertRedfishError(chunked, "PayloadTooLarge");

        String login = "{\"UserName\":\"admin\",\"Password\":\"demo-admin\"}";
        Raw charset = Raw.send("POST " + LOGIN + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json; charset=nope-42"
                + "\r\nContent-Length: " + login.length() + "\r\nConnection: close\r\n\r\n" + login);
        assertEquals(415, charset.status, charset.text);
        assertRedfishError(charset, "HeaderInvalid");
        assertFalse(charset.headers.containsKey("x-auth-token"), "no session for a refused body");

        // A body read in full still reaches the route.
        Raw ok = Raw.send("POST " + LOGIN + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json; charset=utf-8"
                + "\r\nContent-Length: " + login.length() + "\r\nConnection: close\r\n\r\n" + login);
        assertEquals(201, ok.status, ok.text);
    }

    @Test
    void anAbortedUploadIsNoIncidentAndNo500() throws Exception {
        double errorsBefore = serverErrors();
        LogGrowth growth = LogGrowth.during(() -> {
            try (Socket s = new Socket("127.0.0.1", PORT)) {
                s.getOutputStream().write(("POST " + LOGIN + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 1000\r\n\r\n{\"UserName\":").getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                Thread.sleep(300);
            }
        });
        System.out.println("HardeningIT: aborted upload logged " + growth);
        // No SEVERE "internal error, incident" of the application; Liberty itself still notes its own FFDC (I).
        assertFalse(growth.messages.contains("internal error"), growth.messages);
        assertFalse(growth.messages.contains(" E "), growth.messages);
        assertTrue(growth.messages.contains(" 408 ") && growth.messages.contains("body-not-received"), growth.messages);
        assertTrue(growth.bytes() < LOG_BYTES_PER_BAD_REQUEST, growth.toString());
        assertEquals(errorsBefore, serverErrors());
    }

    /**
     * A client that hangs up mid-upload makes Liberty write an FFDC file (SRTServletRequest.finish closes the
     * request's input stream, which rethrows the EOFException its read met; each message names the client's port, so
     * each is a new file of about 54 KB). Liberty writes at most 10 a day per kind of incident: 30 aborted uploads
     * leave between 1 and 10 such files, however many came before in this server process. How long they stay is
     * {@link #ffdcFilesOlderThanADayAreDeleted}'s.
     */
    @Test
    void abortedUploadsAddAtMostTenFfdcFiles() throws Exception {
        FfdcFiles before = FfdcFiles.now();
        for (int i = 0; i < 15; i++) {
            abortUpload();
        }
        LogGrowth.settle();
        FfdcFiles first = FfdcFiles.now();
        for (int i = 0; i < 15; i++) {
            abortUpload();
        }
        LogGrowth.settle();
        FfdcFiles second = FfdcFiles.now();
        System.out.println("HardeningIT: FFDC before " + before + ", after 15 aborted uploads " + first
                + ", after 15 more " + second);
        long aborted = second.abortedUploads() - before.abortedUploads();
        assertTrue(second.abortedUploads() >= 1 && aborted <= 10, before + " -> " + first + " -> " + second);
        assertTrue(second.bytes() - before.bytes() <= 10 * 64 * 1024, before + " -> " + second);
    }

    /**
     * server.xml's {@code maxFfdcAge="1d"}: Liberty deletes FFDC files older than a day (before, they stayed forever,
     * about 540 KB a day of aborted uploads). FfdcAgeFixture left a 25-hour-old and a 23-hour-old file before the
     * server started, and the test server runs the cleanup at start instead of at midnight
     * (src/test/liberty/configDropins/overrides/ffdc-cleanup-at-start.xml). Without the limit both stay; with a limit
     * of two days both stay; with one of 12 hours both go.
     */
    @Test
    void ffdcFilesOlderThanADayAreDeleted() throws Exception {
        Path dir = LogGrowth.LOGS.resolve("ffdc");
        Path older = dir.resolve(FfdcAgeFixture.OLDER_THAN_A_DAY);
        Path younger = dir.resolve(FfdcAgeFixture.YOUNGER_THAN_A_DAY);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Files.exists(older) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        System.out.printf("HardeningIT: FFDC cleanup at start: %s %s, %s %s%n", older.getFileName(),
                Files.exists(older) ? "kept" : "deleted", younger.getFileName(), Files.exists(younger) ? "kept" : "deleted");
        assertFalse(Files.exists(older), "an FFDC file 25 hours old is deleted: " + older);
        assertTrue(Files.exists(younger), "an FFDC file 23 hours old stays (and the fixture ran): " + younger);
    }

    private static void abortUpload() throws Exception {
        try (Socket s = new Socket("127.0.0.1", PORT)) {
            s.getOutputStream().write(("POST " + LOGIN + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"UserName\":").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            Thread.sleep(100);
        }
    }

    /**
     * The FFDC files of the simulator server (logs/ffdc/ffdc_*.log): how many, how many bytes, and how many are an
     * aborted upload's (an EOFException out of SRTServletRequest).
     */
    record FfdcFiles(long files, long bytes, long abortedUploads) {
        static FfdcFiles now() throws IOException {
            Path dir = LogGrowth.LOGS.resolve("ffdc");
            if (!Files.isDirectory(dir)) {
                return new FfdcFiles(0, 0, 0);
            }
            long files = 0;
            long bytes = 0;
            long aborted = 0;
            try (var list = Files.list(dir)) {
                for (Path f : list.filter(f -> f.getFileName().toString().startsWith("ffdc_")).toList()) {
                    files++;
                    bytes += Files.size(f);
                    String text = LogGrowth.tail(f, 0);
                    if (text.contains("java.io.EOFException") && text.contains("SRTServletRequest")) {
                        aborted++;
                    }
                }
            }
            return new FfdcFiles(files, bytes, aborted);
        }
    }

    /**
     * What Liberty answers before any application. Its HTTP channel answers a malformed request line or a header
     * over its limits with a 400 and a declared body over messageSizeLimit (1 MiB) with a 413, and since the error
     * page service of org.kubevirtredfish.liberty.ChannelErrorPages these carry Redfish bodies (Base GeneralError with
     * a Resolution, PayloadTooLarge) instead of none. Its web container answered a URI it cannot decode
     * ({@code %zz}) or canonicalize ({@code %00}) with its own HTML 400 (CWWWC0005I) before any web module, ours and
     * Liberty's (/health) alike; org.kubevirtredfish.liberty.UndecodableUriContainer answers those first, with a
     * GeneralError whose Resolution names the URI, and closes the connection (a body is left unread). The endpoint's
     * access log (logs/http_access.log) has one line for each, but for the malformed request line: the channel
     * answers it before it has a request to log.
     */
    @Test
    void requestsLibertyAnswersItselfLeaveAnAccessLogLine() throws Exception {
        List<String> problems = new java.util.ArrayList<>();
        Raw garbage = Raw.send("GARBAGE\r\n\r\n");
        problems.addAll(redfishErrorProblems("malformed request line", garbage, 400, "GeneralError"));
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("header over 32 KB", "GET /redfish/v1/ HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(40_000)
                + "\r\nConnection: close\r\n\r\n");
        refused.put("%00 in the path", "GET /redfish/v1/%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        refused.put("%zz in the path", "GET /redfish/v1/Systems/%zz HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\n"
                + "Connection: close\r\n\r\n");
        refused.put("%zz, a body, keep-alive", "POST /redfish/v1/Systems/%zz/Actions/ComputerSystem.Reset HTTP/1.1\r\n"
                + "Host: x\r\nContent-Type: application/json\r\nContent-Length: 23\r\n\r\n{\"ResetType\":\"ForceOff\"}");
        refused.put("%00 under /health", "GET /health/%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        refused.put("declared 2 MiB", "POST " + LOGIN + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 2097152\r\nConnection: close\r\n\r\n{");
        Map<String, String> messageIds = Map.of("header over 32 KB", "GeneralError", "declared 2 MiB", "PayloadTooLarge");
        Path accessLog = LogGrowth.LOGS.resolve("http_access.log");
        for (Map.Entry<String, String> request : refused.entrySet()) {
            LogGrowth.settle();
            long from = Files.exists(accessLog) ? Files.size(accessLog) : 0;
            Raw r = Raw.send(request.getValue());
            String line = awaitGrowth(accessLog, from);
            System.out.printf("HardeningIT: %-22s -> %d %s; access log: %s%n", request.getKey(), r.status,
                    r.header("Content-Type"), line.strip());
            if (!(r.status == 400 || r.status == 413) || line.lines().count() != 1
                    || !line.contains("\" " + r.status + " ")) {
                problems.add(request.getKey() + ": " + r.status + ", access log '" + line.strip() + "'");
            }
            String messageId = messageIds.getOrDefault(request.getKey(), "GeneralError");
            problems.addAll(redfishErrorProblems(request.getKey(), r, r.status == 413 ? 413 : 400, messageId));
            if (request.getKey().contains("%")) {
                if (!r.text.contains("could not decode the request URI") || !"close".equals(r.header("Connection"))) {
                    problems.add(request.getKey() + ": not the undecodable-URI answer: " + r.headers + " " + r.text);
                }
                if (r.text.contains("%") || r.text.contains("CWWWC")) {
                    problems.add(request.getKey() + ": echoes the URI or Liberty's message: " + r.text);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    /**
     * Liberty's own web modules (/health, /openapi, /openapi/ui) answered their errors with Liberty's HTML page and
     * exception text ("Error 404: jakarta.servlet.ServletException: java.io.FileNotFoundException: SRVE0190E"), or
     * none (mpOpenAPI's 404 for /openapi/nope); org.kubevirtredfish.liberty.ModuleErrorPages (and OpenApiMethodFilter
     * for the document's module) give them the application's Redfish error bodies.
     */
    @Test
    void libertysOwnWebModulesAnswerTheirErrorsWithRedfishBodies() throws Exception {
        List<String> problems = new java.util.ArrayList<>();
        for (String path : List.of("/health/nope", "/openapi/ui/nope.js", "/openapi/nope")) {
            Raw r = Raw.send("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            problems.addAll(redfishErrorProblems(path, r, 404, "ResourceMissingAtURI"));
            if (r.text.startsWith("{") && !path.equals(r.json().path("error").path("@Message.ExtendedInfo").path(0)
                    .path("MessageArgs").path(0).asText())) {
                problems.add(path + ": the URI is not the message's argument: " + r.text);
            }
            if (r.text.contains("Exception") || r.text.contains("SRVE")) {
                problems.add(path + ": exception text: " + r.text);
            }
        }
        assertEquals(List.of(), problems);
    }

    /**
     * Headers that stop arriving: Liberty's HTTP channel gives up after httpOptions readTimeout (5 s) with a 408,
     * whose body was empty before ChannelErrorPages and is a Redfish GeneralError now (Resolution: send it without
     * pausing).
     */
    @Test
    void headersThatStopArrivingGetARedfish408() throws Exception {
        try (Socket s = new Socket("127.0.0.1", PORT)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write("GET /redfish/v1/ HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            Raw r = Raw.read(s);
            assertEquals(List.of(), redfishErrorProblems("headers cut short", r, 408, "GeneralError"));
        }
    }

    /** What makes this answer other than a Redfish error of this status and Base message. */
    private static List<String> redfishErrorProblems(String what, Raw r, int status, String message) {
        List<String> problems = new java.util.ArrayList<>();
        String id = "Base.1.22." + message;
        if (r.status != status) {
            problems.add(what + ": status " + r.status + " instead of " + status);
        }
        if (!"application/json;charset=utf-8".equals(r.header("Content-Type"))) {
            problems.add(what + ": Content-Type " + r.header("Content-Type"));
        }
        if (!String.valueOf(r.text.getBytes(StandardCharsets.UTF_8).length).equals(r.header("Content-Length"))) {
            problems.add(what + ": Content-Length " + r.header("Content-Length") + " for '" + r.text + "'");
        }
        if (!r.text.startsWith("{")) {
            problems.add(what + ": not JSON: '" + r.text + "'");
            return problems;
        }
        JsonNode error = r.json().path("error");
        if (!id.equals(error.path("code").asText())
                || !id.equals(error.path("@Message.ExtendedInfo").path(0).path("MessageId").asText())) {
            problems.add(what + ": not " + id + ": " + r.text);
        }
        return problems;
    }

    /** What was appended to the file since {@code from}, once something was (bounded wait). */
    private static String awaitGrowth(Path file, long from) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.size(file) > from) {
                LogGrowth.settle();
                return LogGrowth.tail(file, from);
            }
            Thread.sleep(100);
        }
        return "";
    }

    // ---- 4. Bounded answers ------------------------------------------------------------------------------------

    @Test
    void aFloodOfBadPropertiesGivesABoundedError() {
        StringBuilder body = new StringBuilder("{");
        for (int i = 0; body.length() < 15_600; i++) {
            body.append(i == 0 ? "" : ",").append("\"Bad").append(i).append("\":1");
        }
        body.append("}");
        RedfishHttp.Reply r = new RedfishHttp().send("POST", LOGIN, body.toString(), Map.of());
        assertEquals(400, r.status());
        assertEquals("Base.1.22.GeneralError", r.json().path("error").path("code").asText());
        JsonNode info = r.json().path("error").path("@Message.ExtendedInfo");
        assertEquals(20, info.size());
        assertTrue(r.text().length() < 16 * 1024, r.text().length() + " bytes");
        assertEquals(List.of("PropertyUnknown"), r.messageIds().stream().distinct().toList());
    }

    @Test
    void echoedValuesAreCut() {
        String name = "X".repeat(5000);
        RedfishHttp.Reply r = new RedfishHttp().send("POST", LOGIN,
                "{\"UserName\":\"a\",\"Password\":\"b\",\"" + name + "\":1}", Map.of());
        assertEquals(400, r.status());
        String arg = r.json().path("error").path("@Message.ExtendedInfo").get(0).path("MessageArgs").get(0).asText();
        assertTrue(arg.length() <= 129 && arg.endsWith("\u2026"), arg);
    }

    /**
     * A login beyond the per-user session limit (session.max_per_user, 16) is 503 SessionLimitExceeded with a
     * Retry-After (it had none), and opens no session.
     */
    @Test
    void aLoginBeyondTheSessionLimitIs503WithRetryAfterAndOpensNothing() {
        Map<String, String> opened = new LinkedHashMap<>(); // token -> its session
        RedfishHttp.Reply refused = null;
        try {
            for (int i = 0; i < 17 && refused == null; i++) {
                RedfishHttp.Reply r = new RedfishHttp().send("POST", LOGIN,
                        "{\"UserName\":\"viewer\",\"Password\":\"demo-viewer\"}", Map.of());
                if (r.status() == 201) {
                    opened.put(r.header("X-Auth-Token"), java.net.URI.create(r.header("Location")).getPath());
                } else {
                    refused = r;
                }
            }
            assertNotNull(refused, "17 logins of one user were all accepted");
            assertFalse(opened.isEmpty(), "the user had no session left to open: " + refused.text());
            RedfishHttp own = new RedfishHttp().token(opened.keySet().iterator().next());
            int sessionsBefore = own.get(LOGIN).json().path("Members").size();
            RedfishHttp.Reply again = new RedfishHttp().send("POST", LOGIN,
                    "{\"UserName\":\"viewer\",\"Password\":\"demo-viewer\"}", Map.of());
            System.out.printf("HardeningIT: login %d of user viewer -> %d %s, Retry-After %s%n", opened.size() + 1,
                    refused.status(), refused.messageIds(), refused.header("Retry-After"));
            for (RedfishHttp.Reply r : List.of(refused, again)) {
                assertEquals(503, r.status(), r.text());
                assertEquals(List.of("SessionLimitExceeded"), r.messageIds());
                assertTrue(Integer.parseInt(r.header("Retry-After")) >= 1, r.header("Retry-After"));
                assertEquals(null, r.header("X-Auth-Token"));
            }
            assertEquals(sessionsBefore, own.get(LOGIN).json().path("Members").size(), "no session was opened");
        } finally {
            opened.forEach((token, session) -> new RedfishHttp().token(token).send("DELETE", session, null, Map.of()));
        }
    }

    // ---- 6. Log bytes per bad request --------------------------------------------------------------------------

    @Test
    void eachBadRequestLogsAFewHundredBytesAndNoStackTrace() throws Exception {
        String auth = Base64.getEncoder().encodeToString("admin:demo-admin".getBytes(StandardCharsets.UTF_8));
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("pipe in path", "GET /redfish/v1/| HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        bad.put("malformed Basic", "GET /redfish/v1/ HTTP/1.1\r\nHost: x\r\nAuthorization: Basic !!!\r\nConnection: close\r\n\r\n");
        bad.put("illegal Host", "GET /redfish/v1/ HTTP/1.1\r\nHost: a b<>|\r\nConnection: close\r\n\r\n");
        bad.put("WEB-INF", "GET /WEB-INF/web.xml HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        bad.put("overlong UTF-8", "GET /redfish/v1/%c0%af HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        bad.put("unknown charset", "POST " + LOGIN + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json; charset=nope-42"
                + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        bad.put("declared too large", "POST " + LOGIN + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 20000\r\nConnection: close\r\n\r\n{");
        bad.put("malformed JSON", "POST " + RESET + " HTTP/1.1\r\nHost: x\r\nAuthorization: Basic " + auth
                + "\r\nContent-Type: application/json\r\nContent-Length: 5\r\nConnection: close\r\n\r\n{\"a\":");
        for (Map.Entry<String, String> request : bad.entrySet()) {
            LogGrowth growth = LogGrowth.during(() -> Raw.send(request.getValue()));
            System.out.printf("HardeningIT: %-20s logged %s%n", request.getKey(), growth);
            assertTrue(growth.bytes() < LOG_BYTES_PER_BAD_REQUEST, request.getKey() + ": " + growth);
            assertFalse(growth.messages.contains("\tat ") || growth.console.contains("\tat "),
                    request.getKey() + " logged a stack trace:\n" + growth.messages);
        }
        LogGrowth chunked = LogGrowth.during(() -> Raw.sendChunked(LOGIN, 2 * 1024 * 1024));
        System.out.printf("HardeningIT: %-20s logged %s%n", "chunked 2 MiB", chunked);
        assertTrue(chunked.bytes() < LOG_BYTES_PER_BAD_REQUEST, chunked.toString());
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static void assertRedfishError(Raw r, String messageId) {
        assertTrue(r.header("Content-Type").startsWith("application/json"), r.header("Content-Type"));
        assertEquals("Base.1.22." + messageId, r.json().path("error").path("code").asText(), r.text);
        assertEquals("Base.1.22." + messageId,
                r.json().path("error").path("@Message.ExtendedInfo").get(0).path("MessageId").asText(), r.text);
        assertFalse(r.text.contains("Exception") || r.text.contains("SRVE") || r.text.contains("<"), r.text);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The responses with status 500 counted in /metrics so far. */
    private static double serverErrors() throws IOException, InterruptedException {
        double sum = 0;
        for (String line : MetricsHttp.scrape(MetricsHttp.PORT, "/metrics?scope=application").split("\n")) {
            if (line.startsWith("redfish_requests_total{") && line.contains("status=\"500\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** A raw HTTP/1.1 exchange: what java.net.http will not send (illegal Host, raw URIs, broken bodies). */
    record Raw(int status, Map<String, String> headers, String text) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        JsonNode json() {
            try {
                return RedfishHttp.JSON.readTree(text);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + text, e);
            }
        }

        static Raw send(String request) throws IOException {
            try (Socket s = new Socket("127.0.0.1", PORT)) {
                s.setSoTimeout(30_000);
                s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
                return read(s);
            }
        }

        /** A chunked login body of {@code total} bytes; the server may answer and close before it is all sent. */
        static Raw sendChunked(String path, int total) throws IOException {
            try (Socket s = new Socket("127.0.0.1", PORT)) {
                s.setSoTimeout(30_000);
                var out = s.getOutputStream();
                out.write(("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                byte[] chunk = new byte[64 * 1024];
                java.util.Arrays.fill(chunk, (byte) ' ');
                try {
                    for (int sent = 0; sent < total; sent += chunk.length) {
                        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(chunk);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // the server answered and closed before the whole body was sent
                }
                return read(s);
            }
        }

        static Raw read(Socket s) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try {
                InputStream in = s.getInputStream();
                byte[] buffer = new byte[8192];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    bytes.write(buffer, 0, n);
                    if (complete(bytes.toString(StandardCharsets.UTF_8))) {
                        break;
                    }
                }
            } catch (IOException e) {
                // a reset after the answer
            } finally {
                try {
                    s.close();
                } catch (IOException e) {
                    // closed
                }
            }
            String text = bytes.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            if (!text.startsWith("HTTP/1.1 ") || end < 0) {
                return new Raw(-1, Map.of(), text);
            }
            Map<String, String> headers = new LinkedHashMap<>();
            String[] lines = text.substring(0, end).split("\r\n");
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            return new Raw(Integer.parseInt(lines[0].substring(9, 12)), headers, text.substring(end + 4));
        }

        /** Headers and a body of the announced Content-Length have arrived. */
        private static boolean complete(String text) {
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                return false;
            }
            for (String line : text.substring(0, end).split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    int length = Integer.parseInt(line.substring(15).trim());
                    return text.getBytes(StandardCharsets.UTF_8).length - (end + 4) >= length;
                }
            }
            return false;
        }
    }

    /** What the simulator server appended to messages.log and console.log while an action ran. */
    record LogGrowth(String messages, String console) {

        interface Action {
            void run() throws Exception;
        }

        static final Path LOGS = Path.of(System.getProperty("it.server.logs",
                "target/liberty/wlp/usr/servers/defaultServer/logs"));

        long bytes() {
            return messages.getBytes(StandardCharsets.UTF_8).length + console.getBytes(StandardCharsets.UTF_8).length;
        }

        static LogGrowth during(Action action) throws Exception {
            settle();
            long messages = size("messages.log");
            long console = size("console.log");
            action.run();
            settle();
            return new LogGrowth(tail(LOGS.resolve("messages.log"), messages), tail(LOGS.resolve("console.log"), console));
        }

        /** Bounded wait until neither log has grown for half a second. */
        static void settle() throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            long last = -1;
            while (System.nanoTime() < deadline) {
                long now = size("messages.log") + size("console.log");
                if (now == last) {
                    return;
                }
                last = now;
                Thread.sleep(500);
            }
        }

        static long size(String name) {
            try {
                return Files.size(LOGS.resolve(name));
            } catch (IOException e) {
                return 0;
            }
        }

        static String tail(Path file, long from) throws IOException {
            if (!Files.exists(file)) {
                return "";
            }
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
                long length = f.length();
                if (length <= from) {
                    return "";
                }
                byte[] bytes = new byte[(int) Math.min(length - from, 1 << 20)];
                f.seek(from);
                f.readFully(bytes);
                return new String(bytes, StandardCharsets.UTF_8);
            }
        }

        @Override
        public String toString() {
            return messages.getBytes(StandardCharsets.UTF_8).length + " B messages.log, "
                    + console.getBytes(StandardCharsets.UTF_8).length + " B console.log";
        }
    }
}
