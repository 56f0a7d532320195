package org.kubevirtredfish.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Request-log lines are written off the request thread, in order, and none is lost. */
class RequestLogWriterTest {

    private record Written(String requestId, Thread thread) {
    }

    private static RequestLogLine line(int n) {
        return new RequestLogLine("GET", "/redfish/v1/", 200, 1, null, null, null, null, "r" + n, "127.0.0.1", null,
                null);
    }

    @Test
    void linesAreWrittenByAnotherThreadInOrder() {
        List<Written> written = new CopyOnWriteArrayList<>();
        try (RequestLogWriter writer = new RequestLogWriter(16,
                l -> written.add(new Written(l.requestId(), Thread.currentThread())))) {
            for (int i = 0; i < 10; i++) {
                writer.write(line(i));
            }
        } // close writes what is queued
        assertEquals(List.of("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9"),
                written.stream().map(Written::requestId).toList());
        assertTrue(written.stream().noneMatch(w -> w.thread() == Thread.currentThread()),
                "the request thread wrote no line itself");
    }

    @Test
    void aFullQueueMakesTheCallerWriteItsOwnLine() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Written> written = new CopyOnWriteArrayList<>();
        try (RequestLogWriter writer = new RequestLogWriter(2, l -> {
            if (l.requestId().equals("r0")) {
                stuck.countDown();
                await(release);
            }
            written.add(new Written(l.requestId(), Thread.currentThread()));
        })) {
            writer.write(line(0));
            assertTrue(stuck.await(10, TimeUnit.SECONDS)); // the writer thread is busy with r0
            writer.write(line(1));
            writer.write(line(2)); // the queue (2) is full now
            writer.write(line(3)); // written here, at once
            assertEquals(List.of("r3"), written.stream().map(Written::requestId).toList());
            assertEquals(Thread.currentThread(), written.get(0).thread());
            release.countDown();
        }
        assertEquals(List.of("r3", "r0", "r1", "r2"), written.stream().map(Written::requestId).toList());
        assertNotEquals(Thread.currentThread(), written.get(1).thread());
    }

    @Test
    void afterCloseLinesAreWrittenByTheCaller() {
        List<Written> written = new CopyOnWriteArrayList<>();
        RequestLogWriter writer = new RequestLogWriter(4, l -> written.add(new Written(l.requestId(),
                Thread.currentThread())));
        writer.close();
        writer.write(line(7));
        assertEquals(List.of(new Written("r7", Thread.currentThread())), written);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
