package org.kubevirtredfish.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** An open stream's EventDestination ends the stream when deleted: its waiting reader returns at once. */
class EventStreamsTest {

    @Test
    void closingWakesAReaderWaitingForAnEvent() {
        EventStreams streams = new EventStreams(1, 4);
        EventStreams.Stream stream = streams.open("admin", Set.of("demo"), "redfish-sse://127.0.0.1:1")
                .orElseThrow();
        AtomicReference<Optional<RedfishEvent>> read = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                read.set(stream.next(Duration.ofHours(1)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        reader.setDaemon(true);
        reader.start();
        Polling.until("the reader waits", () -> reader.getState() == Thread.State.TIMED_WAITING);

        stream.close();

        Polling.until("the reader returns", () -> !reader.isAlive());
        assertEquals(Optional.empty(), read.get());
        assertEquals(List.of(), streams.visibleTo(Set.of("demo")));
    }
}
