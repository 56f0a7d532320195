package org.kubevirtredfish.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real Ironic (Debian's python3-ironic) running standalone on loopback, started by src/test/ironic/ironic_standalone.py:
 * API and conductor in one process, sqlite, noauth, plus the HTTP server of its {@code [deploy] http_root}. Its
 * configuration and log stay in the work directory ({@code ironic.conf}, {@code ironic.log}).
 */
final class IronicProcess implements AutoCloseable {

    static final Path PYTHON = Path.of("/usr/bin/python3");

    final String api;
    /** Ironic's {@code [deploy] http_url}; serves {@code /images/agent.iso}, the stand-in installation ISO. */
    final String http;
    final Path workDir;
    private final Process process;

    private IronicProcess(Process process, Path workDir, String api, String http) {
        this.process = process;
        this.workDir = workDir;
        this.api = api;
        this.http = http;
    }

    static IronicProcess start(Path workDir) throws IOException, InterruptedException {
        Path harnessLog = workDir.resolveSibling(workDir.getFileName() + "-harness.log");
        Process p = new ProcessBuilder(PYTHON.toString(), "src/test/ironic/ironic_standalone.py", workDir.toString())
                .redirectError(harnessLog.toFile())
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String line;
        try {
            line = ready.get(150, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            line = null;
        }
        if (line == null || !line.startsWith("READY ")) {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
            throw new IllegalStateException("Ironic did not start (" + line + "); see " + harnessLog + " and "
                    + workDir.resolve("ironic.log"));
        }
        String[] urls = line.split(" ");
        return new IronicProcess(p, workDir, urls[1], urls[2]);
    }

    /** The harness stops Ironic and its HTTP server on SIGTERM (or when its standard input ends). */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
