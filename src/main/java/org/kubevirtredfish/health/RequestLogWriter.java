package org.kubevirtredfish.health;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes request-log lines on one background thread, so that the request thread does not write
 * messages.log (and the console) itself under Liberty's file lock (issue 12: 743 contended monitor enters on
 * {@code FileLogHolder.writeRecord} in 20 s of load). The queue is bounded; when it is full (the disk does not keep
 * up) the request thread writes its line itself: slower, but no line is lost. {@link #close} writes what is queued.
 */
final class RequestLogWriter implements AutoCloseable {

    static final int CAPACITY = 8192;
    private static final Logger LOG = Logger.getLogger(RequestLogWriter.class.getName());
    private static final RequestLogLine STOP = new RequestLogLine("", "", 0, 0, null, null, null, null, "", "", null,
            null);

    private final BlockingQueue<RequestLogLine> queue;
    private final Consumer<RequestLogLine> sink;
    private final Thread thread;

    RequestLogWriter(int capacity, Consumer<RequestLogLine> sink) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.sink = sink;
        this.thread = new Thread(this::run, "kubevirt-redfish-request-log");
        thread.setDaemon(true);
        thread.start();
    }

    /** Hands the line to the writer thread; writes it on this thread when the queue is full or closed. */
    void write(RequestLogLine line) {
        if (!thread.isAlive() || !queue.offer(line)) {
            writeQuietly(line);
        }
    }

    private void run() {
        try {
            for (RequestLogLine line = queue.take(); line != STOP; line = queue.take()) {
                writeQuietly(line);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (RequestLogLine rest = queue.poll(); rest != null; rest = queue.poll()) {
            if (rest != STOP) {
                writeQuietly(rest);
            }
        }
    }

    private void writeQuietly(RequestLogLine line) {
        try {
            sink.accept(line);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "request log line not written: {0}", e.getClass().getSimpleName());
        }
    }

    /** Writes every queued line (waits up to 5 s for them), then stops the thread. */
    @Override
    public void close() {
        try {
            if (!queue.offer(STOP, 5, TimeUnit.SECONDS)) {
                thread.interrupt();
            }
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
