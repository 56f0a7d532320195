package org.kubevirtredfish.guard;

import java.io.IOException;
import java.io.InputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Reads a request body whole, within a size and a time limit. Each blocking read is itself bounded by the HTTP
 * endpoint's {@code readTimeout} (liberty/server.xml); the deadline bounds their sum, so a client that trickles a
 * byte now and then still cannot hold the thread longer than the deadline plus one read timeout.
 */
final class BoundedBody {

    enum Outcome { COMPLETE, TOO_LARGE, TOO_SLOW }

    record Result(Outcome outcome, byte[] bytes) {
    }

    private BoundedBody() {
    }

    static Result read(InputStream in, int maxBytes, Duration deadline, LongSupplier nanoClock) throws IOException {
        long end = nanoClock.getAsLong() + deadline.toNanos();
        ByteArrayOutputStream body = new ByteArrayOutputStream(Math.min(maxBytes, 4096));
        byte[] buffer = new byte[4096];
        while (true) {
            int n = in.read(buffer, 0, Math.min(buffer.length, maxBytes + 1 - body.size()));
            if (n < 0) {
                return new Result(Outcome.COMPLETE, body.toByteArray());
            }
            body.write(buffer, 0, n);
            if (body.size() > maxBytes) {
                return new Result(Outcome.TOO_LARGE, null);
            }
            if (nanoClock.getAsLong() - end > 0) {
                return new Result(Outcome.TOO_SLOW, null);
            }
        }
    }
}
