package org.kubevirtredfish.guard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BoundedBodyTest {

    @Test
    void aBodyWithinTheLimitsIsReadWhole() throws IOException {
        byte[] json = "{\"UserName\":\"admin\"}".getBytes();
        BoundedBody.Result r = BoundedBody.read(new ByteArrayInputStream(json), 64, Duration.ofSeconds(1), System::nanoTime);
        assertEquals(BoundedBody.Outcome.COMPLETE, r.outcome());
        assertArrayEquals(json, r.bytes());
    }

    @Test
    void oneByteOverTheLimitIsTooLargeAndTheRestIsNotRead() throws IOException {
        CountingStream in = new CountingStream(new ByteArrayInputStream(new byte[1024 * 1024]));
        BoundedBody.Result r = BoundedBody.read(in, 16 * 1024, Duration.ofSeconds(1), System::nanoTime);
        assertEquals(BoundedBody.Outcome.TOO_LARGE, r.outcome());
        assertEquals(16 * 1024 + 1, in.read);
    }

    @Test
    void aTrickleIsCutAtTheDeadline() throws IOException {
        AtomicLong now = new AtomicLong();
        // One byte per read, three seconds apart: the client is never silent long enough for a read timeout.
        InputStream trickle = new InputStream() {
            @Override
            public int read() {
                now.addAndGet(Duration.ofSeconds(3).toNanos());
                return ' ';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                b[off] = (byte) read();
                return 1;
            }
        };
        BoundedBody.Result r = BoundedBody.read(trickle, 16 * 1024, Duration.ofSeconds(10), now::get);
        assertEquals(BoundedBody.Outcome.TOO_SLOW, r.outcome());
        assertEquals(Duration.ofSeconds(12).toNanos(), now.get());
    }

    @Test
    void aClientThatGoesAwayIsAnIoFailureForTheCaller() {
        InputStream gone = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new EOFException("Connection closed");
            }
        };
        assertThrows(EOFException.class, () -> BoundedBody.read(gone, 64, Duration.ofSeconds(1), System::nanoTime));
    }

    private static final class CountingStream extends InputStream {
        private final InputStream in;
        int read;

        CountingStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            read += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            read += Math.max(n, 0);
            return n;
        }
    }
}
